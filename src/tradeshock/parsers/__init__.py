"""Parsers: pure functions from upstream bytes to tidy pandas objects, one module per source.

They never touch the network or the snapshot; the snapshot builder and the live loaders both
call them, so the bundled data and live data go through the same code.
"""
