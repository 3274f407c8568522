"""`python -m ui`: start the desktop program."""

import sys

from ui.app import main

sys.exit(main())
