"""``python -m tradeshock``: the command line (see [`tradeshock.cli`][tradeshock.cli])."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
