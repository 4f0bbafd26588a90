"""Snapshot part 'bilateral': non-U.S. bilateral goods trade, bundled only where the terms allow.

Each compiler's terms were read from the compiler's own statement (recorded per dataset in the
manifest, shown by ``catalog()`` and listed in `tradeshock.sources.bilateral.TERMS`):

* ``bilateral_imf_dots`` — IMF Direction of Trade Statistics, as reported by Russia, China,
  Germany, India, Kazakhstan, Turkey and the EU, annual to 2020, million USD. The IMF's
  Copyright and Usage terms (effective 2020-01-02, in force when the workbooks were downloaded)
  let users "download, extract, copy, create derivative works, publish, distribute and sell"
  IMF Data — naming Direction of Trade — with attribution.
* ``bilateral_eurostat_comext`` — EU27 exports by partner (annual 2010–2023) and member
  states' exports to Russia (monthly 2019-01 … 2024-08), **EUR millions** (euro units / 10⁶,
  not converted to USD). Eurostat's copyright notice authorises reuse, commercial or not,
  provided the source is acknowledged.

Not bundled (parsed and tested, never written here): Russia's FTS/Rosstat workbooks (their only
statement is a request that media cite "По данным ФТС России"; no redistribution terms) and
Kazakhstan's BNS workbooks (a bare "©" notice; no reuse licence).

Only rows whose reporter and partner resolve to an economy code are kept (the tidy parsers keep
every row; regional groups without a code are dropped here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .._snapshot import sha256_file, write_table
from ..parsers.bilateral.comext import parse_comext_csv
from ..parsers.bilateral.dots import parse_dots_workbook

_DIR = "bilateral"
DOTS_FILES = ("DOTS_162", "DOTS_40", "DOTS_77", "DOTS_93", "DOTS_103", "DOTS_200", "DOTS_230")
COLUMNS = ["reporter", "partner", "flow", "period", "value", "units", "note"]

IMF_TERMS = (
    "IMF Copyright and Usage, special terms for Data (effective 2020-01-02): users may "
    "download, extract, copy, create derivative works, publish, distribute and sell IMF Data "
    "(Direction of Trade named), with attribution to the IMF; https://www.imf.org/external/terms.htm"
)
EUROSTAT_TERMS = (
    "Eurostat copyright notice: reuse of statistical data for commercial or non-commercial "
    "purposes is authorised provided the source is acknowledged (Commission Decision "
    "2011/833/EU); modifications must be stated; "
    "https://ec.europa.eu/eurostat/help/copyright-notice"
)
NOT_SPECIFIED = "Countries & Areas not specified"


def _input(shared: Path, rel: str, role: str) -> dict[str, str]:
    return {"path": rel, "role": role, "sha256": sha256_file(shared / rel)}


def _unallocated_notes(dots: pd.DataFrame) -> pd.DataFrame:
    """Flag Russia-as-reporter exports 2009–2011 with the amount left unallocated that year."""
    rus = dots[(dots["reporter"] == "RUS") & (dots["flow"] == "exports")]
    lost = rus[rus["partner_name"] == NOT_SPECIFIED].set_index("period")["value"]
    out = dots.copy()
    for year in ("2009", "2010", "2011"):
        if year not in lost.index:
            continue
        mask = (
            (out["reporter"] == "RUS")
            & (out["flow"] == "exports")
            & (out["period"] == year)
            & (out["partner"] != "WLD")
        )
        out.loc[mask, "note"] = (
            f"understated: Russia left {lost[year]:,.1f} million USD of its {year} exports under "
            f"'{NOT_SPECIFIED}'"
        )
    result: pd.DataFrame = out
    return result


def dots_table(shared: Path) -> pd.DataFrame:
    """Every coded DOTS row of the seven workbooks, sorted."""
    frames = [
        parse_dots_workbook(
            (shared / _DIR / "imf_dots" / f"{name}.xlsx").read_bytes(), what=f"{name}.xlsx"
        )
        for name in DOTS_FILES
    ]
    tidy = _unallocated_notes(pd.concat(frames, ignore_index=True))
    coded = tidy[(tidy["reporter"] != "") & (tidy["partner"] != "")]
    return _sorted(coded)


def comext_table(shared: Path) -> pd.DataFrame:
    """Every coded Comext row (EU27 annual by partner, member states monthly to Russia)."""
    files = sorted((shared / _DIR / "eurostat_comext").rglob("*.csv"))
    frames = [parse_comext_csv(path.read_bytes(), what=path.name) for path in files]
    tidy = pd.concat(frames, ignore_index=True)
    coded = tidy[(tidy["reporter"] != "") & (tidy["partner"] != "")]
    return _sorted(coded)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["reporter", "partner", "flow", "period"]
    if frame.duplicated(keys).any():
        dup = frame.loc[frame.duplicated(keys, keep=False), keys].head(4).values.tolist()
        raise ValueError(f"duplicate bilateral cells: {dup}")
    table: pd.DataFrame = frame.sort_values(keys, kind="stable")[COLUMNS]
    result: pd.DataFrame = table.reset_index(drop=True)
    return result


def build(shared: Path, out: Path) -> dict[str, dict[str, Any]]:
    """Write the two licensable bilateral tables; return their manifest entries."""
    dots = dots_table(shared)
    comext = comext_table(shared)
    dots_inputs = [
        _input(
            shared,
            f"{_DIR}/imf_dots/{n}.xlsx",
            "GitHub SamLeBlanc/Direction-of-Trade-Map data/DOTS, commit a769819",
        )
        for n in DOTS_FILES
    ]
    comext_inputs = [
        _input(
            shared,
            str(p.relative_to(shared)),
            "GitHub mary-lev/eu-export-sanctions, commit 4b6a5df",
        )
        for p in sorted((shared / _DIR / "eurostat_comext").rglob("*.csv"))
    ]
    return {
        "bilateral_imf_dots": write_table(
            dots,
            out,
            "bilateral_imf_dots",
            {
                "description": "IMF Direction of Trade Statistics: exports (FOB) and imports (CIF) "
                "of "
                "Russia, China, Germany, India, Kazakhstan, Turkey and the EU by partner, annual",
                "coverage": f"{dots['period'].min()}-{dots['period'].max()}, reporters "
                + ", ".join(sorted(dots["reporter"].unique())),
                "frequency": "Y",
                "units": "USD millions",
                "valuation": "exports FOB, imports CIF",
                "upstream_url": "https://data.imf.org/ (DOTS country reports, downloaded before "
                "2022-02-02)",
                "vintage": "IMF DOTS as downloaded before 2022-02-02 (latest year 2020)",
                "source": "International Monetary Fund, Direction of Trade Statistics (DOTS)",
                "licence": IMF_TERMS,
                "inputs": dots_inputs,
                "notes": [
                    "Russia-as-reporter 2009-2011 leaves 49-87 bn USD of exports under 'Countries "
                    "& Areas not specified': bilateral exports for those years are understated "
                    "(flagged in the note column).",
                    "Values ending in ' e' in the workbooks are IMF estimates "
                    "(note 'IMF estimate').",
                    "Empty cells are absent rows (no data), never zeros.",
                    "Modified from the source: reshaped to long format; only partners with an "
                    "economy code kept.",
                ],
            },
        ),
        "bilateral_eurostat_comext": write_table(
            comext,
            out,
            "bilateral_eurostat_comext",
            {
                "description": "Eurostat Comext: EU27 exports by partner (annual) and member "
                "states' "
                "exports to Russia (monthly), all products",
                "coverage": "EU27 annual 2010-2023; member states monthly 2019-01 to 2024-08",
                "frequency": "Y, M",
                "units": "EUR millions",
                "valuation": "exports FOB",
                "upstream_url": "https://ec.europa.eu/eurostat/comext/newxtweb/ (relational view)",
                "vintage": "downloaded 2024-11-16 to 2024-11-25",
                "source": "Eurostat, Comext (international trade in goods, EU27 2020 composition)",
                "licence": EUROSTAT_TERMS,
                "inputs": comext_inputs,
                "notes": [
                    "Euro values divided by 1e6 (EUR millions); not converted to USD.",
                    "Exports only: the extracts hold no EU imports.",
                    "Modified from the source: reshaped to long format; aggregates of changing "
                    "composition (EU incl. UK, euro area) dropped.",
                ],
            },
        ),
    }
