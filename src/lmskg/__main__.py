"""``python -m lmskg``: the same command line as ``lmskg``."""

import sys

from lmskg.cli import main

sys.exit(main())
