"""Rebuild the bundled snapshot from ../shared/data: ``python scripts/build_snapshot.py``."""

from tradeshock.build import main

if __name__ == "__main__":
    main()
