"""Live TIC holdings: Treasury's ``slt_table3.txt`` (2020-01 on), shaped like the snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ...errors import NotCoveredError, ValidationError
from .._common import not_covered_live, retrieved, shown_url
from .._provenance import Provenance, licence_of, stamp
from ._frames import DATASET, published_series, resolve_holder

if TYPE_CHECKING:
    import requests

__all__ = ["load_treasury_holdings_live"]


def _not_covered(what: str, covers: str) -> NotCoveredError:
    return not_covered_live("TIC slt_table3.txt", what, covers)


def load_treasury_holdings_live(
    *,
    holder: str = "Russia",
    term: str = "total",
    source: str = "treasury",
    session: requests.Session | None = None,
) -> pd.Series:
    """Live `tradeshock.load_treasury_holdings` from TIC ``slt_table3.txt`` (2020-01 on).

    Example:
        >>> load_treasury_holdings_live  # doctest: +ELLIPSIS
        <function load_treasury_holdings_live at ...>

    """
    from ...parsers.treasury import parse_slt_table3
    from .._memo import parse_once
    from ..http import base_url, fetch

    if str(source).lower() != "treasury":
        raise ValidationError(f"source={source!r} is not a live Treasury source; use 'treasury'")
    url = f"{base_url('treasury', session)}/slt_table3.txt"

    def parsed(content: bytes) -> pd.DataFrame:  # one parse per body (see .._memo)
        return parse_once(parse_slt_table3, content)

    response = fetch(url, session=session, what="TIC slt_table3.txt", validate=parsed)
    tidy = parsed(response.content)
    code = resolve_holder(holder, tidy)
    result = published_series(tidy, code, term, not_covered=_not_covered)
    shown = shown_url(str(response.url))
    provenance = Provenance(
        dataset=DATASET,
        source=f"treasury (live): {shown}",
        units="USD millions",
        vintage=f"TIC slt_table3.txt retrieved {retrieved(response)}, data through "
        f"{tidy['period'].max()}",
        upstream_url=shown,
        freq="M",
        licence=licence_of(DATASET),
    )
    return stamp(result, provenance, holder=str(result.name), tic_code=code, term=term)
