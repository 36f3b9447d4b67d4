"""Run the yrdkg command as ``python -m kg.cli``."""

import sys

from kg.cli import main

if __name__ == "__main__":
    sys.exit(main())
