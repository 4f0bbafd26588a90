"""Datasets parsed and tested but **not** bundled: their terms could not be established.

``catalog(include_unbundled=True)`` lists them with the reason, so a user sees what exists and
why it is not in the wheel; the parsers in
[`tradeshock.parsers.bilateral`][tradeshock.parsers.bilateral] read a copy the user downloads.
"""

from __future__ import annotations

__all__ = ["NOT_BUNDLED"]

NOT_BUNDLED: dict[str, dict[str, str]] = {
    "bilateral_fts_russia": {
        "description": "Russia's customs statistics (FTS, published by Rosstat): exports to and "
        "imports from 29 partners monthly 2006-2021 (96stran.xlsx), CIS partners annual "
        "1994-2021 (94itog.xlsx), continent totals 2022-2024",
        "coverage": "1994-2024 (partner detail to 2021-12)",
        "frequency": "Y, M",
        "units": "USD millions (continent tables: billion USD, converted)",
        "upstream_url": "https://rosstat.gov.ru/ (Внешняя торговля; FTS customs statistics)",
        "vintage": "files as committed to GitHub mary-lev/eu-export-sanctions (2024-12-02)",
        "source": "Federal Customs Service of Russia via Rosstat",
        "licence": "NOT BUNDLED: terms not established. The workbooks state no reuse terms; "
        "the FTS tables only ask media to cite 'По данным ФТС России'. Parse your own copy "
        "with tradeshock.parsers.bilateral.fts.",
        "inputs": "bilateral/russia_fts_rosstat/96stran.xlsx; bilateral/russia_fts_rosstat/"
        "94itog.xlsx; bilateral/russia_fts_rosstat/fts_by_continent_2022_2024/*.xlsx",
    },
    "bilateral_bns_kazakhstan": {
        "description": "Kazakhstan's foreign trade by partner (Bureau of National Statistics, "
        "'Основные показатели внешней торговли')",
        "coverage": "2018-2023",
        "frequency": "Y",
        "units": "USD millions (thousand USD in the source, divided by 1000)",
        "upstream_url": "https://stat.gov.kz/ (foreign trade statistics)",
        "vintage": "2023 file published 2024-07-25",
        "source": "Bureau of National Statistics of the Republic of Kazakhstan",
        "licence": "NOT BUNDLED: terms not established. The workbooks carry only '© Бюро "
        "национальной статистики …' and no reuse licence. Parse your own copy with "
        "tradeshock.parsers.bilateral.bns.",
        "inputs": "bilateral/kazakhstan_bns/*.xls",
    },
}
