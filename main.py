"""公共收益明白账 — entry point. Thin: parses the command line and hands over."""

import sys

from ledger.cli.app import main

if __name__ == "__main__":
    sys.exit(main())
