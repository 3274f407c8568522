"""`python -m workbench`: the same entry point as the `workbench` command (and the
frozen bundle's). Guarded, since research's reader processes may import the main module."""

import sys

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # A frozen bundle starts its reader processes by running itself again: that run
        # becomes a worker here, before the program is even imported. Unfrozen, the call
        # does nothing, and importing multiprocessing would cost every command.
        import multiprocessing

        multiprocessing.freeze_support()
    from workbench.cli import main

    sys.exit(main())
