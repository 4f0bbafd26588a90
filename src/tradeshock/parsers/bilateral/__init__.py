"""Parsers for bilateral goods trade: one module per compiler, one tidy long layout.

Every parser takes the upstream bytes and returns the columns of
`TIDY_COLUMNS`: ``reporter, partner, flow, period,
value, units, compiler, reporter_name, partner_name, note`` (codes from
`_countries`, values scaled to ``USD millions`` or
``EUR millions``, never converted between currencies, unknown = NaN or no row, never 0).

* [`fts`][tradeshock.parsers.bilateral.fts] — Russia's FTS statistics via Rosstat (not bundled);
* [`dots`][tradeshock.parsers.bilateral.dots] — IMF Direction of Trade workbooks;
* [`comext`][tradeshock.parsers.bilateral.comext] — Eurostat Comext relational-view CSV;
* [`bns`][tradeshock.parsers.bilateral.bns] — Kazakhstan's BNS workbooks (not bundled);
* [`imts`][tradeshock.parsers.bilateral.imts] — IMF IMTS SDMX 3.0 XML (live);
* [`comtrade`][tradeshock.parsers.bilateral.comtrade] — UN Comtrade v1 JSON (live).
"""
