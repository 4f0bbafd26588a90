"""``python -m tradeshock.build``: rebuild the bundled snapshot."""

from . import main

main()
