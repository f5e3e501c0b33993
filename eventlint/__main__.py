"""`python -m eventlint`."""

from __future__ import annotations

import sys

from eventlint.cli import main

if __name__ == "__main__":
    sys.exit(main())
