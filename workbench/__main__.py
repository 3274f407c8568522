"""`python -m workbench`: the same entry point as the `workbench` command (and the
frozen bundle's). Guarded, since research's reader processes may import the main module."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A frozen bundle starts its reader processes by running itself again: that run
    # becomes a worker here, before the program is even imported.
    multiprocessing.freeze_support()
    from workbench.cli import main

    sys.exit(main())
