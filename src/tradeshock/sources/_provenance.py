"""One provenance record for every object a loader returns, and its terms of reuse.

Every loader, bundled or live, ends with `stamp`, which writes the eight fields of
`Provenance` into the object's ``.attrs`` (plus the loader's own details, such as
``partner`` or ``flow``); [`tradeshock.catalog`][tradeshock.sources.catalog.catalog] lists the same
fields per dataset. `LICENCES` is the one place that says under which terms each dataset may be
reused.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, TypeVar

import attrs
import pandas as pd

from .._snapshot import dataset_entry
from ..errors import ValidationError

__all__ = ["LICENCES", "Provenance", "bundled_provenance", "licence_of", "stamp"]

_US_PUBLIC_DOMAIN = (
    "U.S. public domain: a work of the U.S. federal government (17 U.S.C. 105), free to reuse; "
    "cite {agency} as the source"
)
#: terms of reuse per dataset (bundled datasets and the live sources that feed them)
LICENCES: Mapping[str, str] = {
    "census_trade_annual": _US_PUBLIC_DOMAIN.format(agency="the U.S. Census Bureau"),
    "census_trade_monthly": _US_PUBLIC_DOMAIN.format(agency="the U.S. Census Bureau"),
    "composition_enduse_imports": _US_PUBLIC_DOMAIN.format(agency="the U.S. Census Bureau"),
    "census_intltrade_hs": _US_PUBLIC_DOMAIN.format(agency="the U.S. Census Bureau"),
    "eia_crude_imports_kbd": _US_PUBLIC_DOMAIN.format(agency="the U.S. EIA"),
    "eia_petroleum_imports_annual": _US_PUBLIC_DOMAIN.format(agency="the U.S. EIA"),
    "oil_prices": _US_PUBLIC_DOMAIN.format(agency="the U.S. EIA")
    + " (EIA names Thomson Reuters as the source of the Brent assessment; FRED re-publishes "
    "the same EIA series under the FRED terms of use)",
    "tic_treasury_holdings": _US_PUBLIC_DOMAIN.format(agency="the U.S. Treasury (TIC)"),
    "partners": _US_PUBLIC_DOMAIN.format(agency="the U.S. Census Bureau (Schedule C)")
    + "; historical codes and ISO alpha-3 keys as compiled in GitHub "
    "corbett-hobbs/congress-ideology",
    "bilateral_imf_dots": "IMF Copyright and Usage, special terms for Data (effective "
    "2020-01-02, in force when the workbooks were downloaded): users may download, extract, copy, "
    "create derivative works, publish, distribute and sell IMF Data (Direction of Trade named), "
    "citing the IMF as the source; https://www.imf.org/external/terms.htm",
    "bilateral_eurostat_comext": "Eurostat copyright notice: reuse of statistical data for "
    "commercial or non-commercial purposes is authorised provided the source is acknowledged "
    "and modifications are stated (Commission Decision 2011/833/EU); "
    "https://ec.europa.eu/eurostat/help/copyright-notice",
    "events_us_russia": "compiled by the tradeshock project from the public sources cited per "
    "event (source_url); distributed under tradeshock's MIT licence",
    "events_us_sanctions": "compiled by the tradeshock project from the public sources cited "
    "per event (source_url); distributed under tradeshock's MIT licence",
}

T = TypeVar("T", pd.DataFrame, pd.Series)


def licence_of(dataset: str) -> str:
    """Terms of reuse of ``dataset`` (empty when the project has not established them).

    Example:
        >>> licence_of("tic_treasury_holdings").startswith("U.S. public domain")
        True

    """
    return LICENCES.get(dataset, "")


def _as_notes(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@attrs.frozen(kw_only=True)
class Provenance:
    """Where a loaded object came from: the fields every loader stamps on ``.attrs``.

    Attributes:
        dataset: the bundled dataset name (also for live data of the same table).
        source: ``"bundled snapshot: …"`` or ``"<agency> (live): <url>"``.
        units: units of the values (``"USD millions"``).
        vintage: which release of the data, and when it was retrieved.
        upstream_url: the agency's page or file the data come from (keys redacted).
        freq: ``"Y"``, ``"M"``, or ``"none"``.
        licence: the terms of reuse (see `LICENCES`).
        notes: caveats from the snapshot's manifest.

    Example:
        >>> import tradeshock as ts
        >>> Provenance.of(ts.load_trade("Russia")).licence[:18]
        'U.S. public domain'

    """

    FIELDS: ClassVar[tuple[str, ...]] = (
        "dataset",
        "source",
        "units",
        "vintage",
        "upstream_url",
        "freq",
        "licence",
        "notes",
    )

    dataset: str
    source: str
    units: str
    vintage: str
    upstream_url: str
    freq: str
    licence: str
    notes: tuple[str, ...] = attrs.field(default=(), converter=_as_notes)

    @classmethod
    def of(cls, obj: pd.DataFrame | pd.Series | Mapping[str, Any]) -> Provenance:
        """Read the record back from a loaded object (or its ``attrs`` mapping).

        Raises:
            ValidationError: the object carries no provenance (not from a loader).

        """
        found: Mapping[Any, Any] = obj if isinstance(obj, Mapping) else obj.attrs
        missing = [name for name in cls.FIELDS if name not in found]
        if missing:
            raise ValidationError(
                f"the object has no provenance fields {missing}: it did not come from a loader"
            )
        values = {name: found[name] for name in cls.FIELDS}
        values["notes"] = tuple(str(n) for n in values["notes"] or ())
        return cls(**values)

    def as_attrs(self) -> dict[str, Any]:
        """Return the fields as a plain dict for ``.attrs`` (``notes`` as a list)."""
        fields = attrs.asdict(self)
        fields["notes"] = list(self.notes)
        return fields

    def summary(self) -> str:
        """One line per field, plain text."""
        return "\n".join(f"{name}: {getattr(self, name)}" for name in self.FIELDS)

    def __repr__(self) -> str:
        source = self.source if len(self.source) <= 40 else self.source[:39] + "…"
        return (
            f"Provenance(dataset={self.dataset!r}, source={source!r}, units={self.units!r}, "
            f"freq={self.freq!r})"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{name}</th><td>{html.escape(str(getattr(self, name)))}</td></tr>"
            for name in self.FIELDS
        )
        return f"<table><caption>Provenance of {html.escape(self.dataset)}</caption>{rows}</table>"


def stamp(obj: T, provenance: Provenance, **details: Any) -> T:
    """Set ``obj.attrs`` to the provenance fields plus the loader's ``details``; return ``obj``.

    The one function every loader calls last, so every returned object has the same fields.

    Example:
        >>> p = bundled_provenance("oil_prices", freq="M")
        >>> stamp(pd.Series([1.0]), p, benchmark="brent").attrs["benchmark"]
        'brent'

    """
    fields: dict[Any, Any] = {**provenance.as_attrs(), **details}
    obj.attrs = fields
    return obj


def bundled_provenance(
    dataset: str,
    *,
    freq: str,
    source: str | None = None,
    units: str | None = None,
    vintage: str | None = None,
    notes: Iterable[str] | None = None,
) -> Provenance:
    """Return the provenance of a bundled dataset, from the snapshot manifest (overrides allowed).

    Example:
        >>> bundled_provenance("tic_treasury_holdings", freq="M").units
        'USD millions'

    """
    entry = dataset_entry(dataset)
    return Provenance(
        dataset=dataset,
        source=source if source is not None else f"bundled snapshot: {entry['source']}",
        units=units if units is not None else str(entry["units"]),
        vintage=vintage if vintage is not None else str(entry["vintage"]),
        upstream_url=str(entry["upstream_url"]),
        freq=freq,
        licence=licence_of(dataset),
        notes=_as_notes(notes if notes is not None else entry.get("notes", [])),
    )
