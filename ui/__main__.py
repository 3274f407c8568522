"""`python -m ui`: start the desktop program. Guarded, since research's reader
processes may import the main module."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from ui.app import main

    sys.exit(main())
