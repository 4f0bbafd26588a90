"""The library's logger: ``logging.getLogger("tradeshock")`` with a NullHandler."""

from __future__ import annotations

import logging

logger = logging.getLogger("tradeshock")
logger.addHandler(logging.NullHandler())
