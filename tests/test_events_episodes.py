"""The U.S. sanctions episodes, the U.S.–Russia additions, event targets and for_partner."""

from __future__ import annotations

import math

import pytest

import tradeshock as ts
from tradeshock._partners import resolve_partner
from tradeshock.errors import UnknownPartnerError, ValidationError
from tradeshock.events import ARTICLE_EVENT_IDS, Event, Timeline, us_russia, us_sanctions


def test_us_sanctions_timeline() -> None:
    tl = us_sanctions()
    assert len(tl) == 70
    assert tl is us_sanctions()  # cached
    assert ts.us_sanctions is us_sanctions
    assert tl.ids[0] == "nafta_in_force_1994"
    assert all(ev.source_url.startswith(("https://", "http://")) for ev in tl)
    assert all(ev.actors[0] == "USA" for ev in tl)  # SOURCES_sanctions.md: USA first
    assert all(ev.start.precision == "day" for ev in tl)  # every row has day precision
    assert {"source", "units", "vintage"} <= set(tl.attrs)
    assert "sanctions" in tl.attrs["source"]
    assert not set(tl.ids) & set(us_russia().ids)  # ids unique across the files


def test_us_russia_gains_the_additions_and_the_article_subset_is_unchanged() -> None:
    tl = us_russia()
    assert len(tl) == 87
    for event_id in (
        "eo13662_sectoral_authority_2014",
        "export_controls_russia_feb_2022",
        "russia_35pct_tariff_2022",
        "secondary_tariff_ultimatum_2025",
    ):
        assert event_id in tl
    assert str(tl["eo14068_import_bans_2022"].start) == "2022-03-11"
    article = us_russia(article=True)
    assert article.ids == tuple(ev.id for ev in tl if ev.id in ARTICLE_EVENT_IDS)
    assert len(article) == 19


def test_event_targets_are_the_non_us_actors() -> None:
    tl = us_russia()
    assert tl["crimea_annexation"].targets == ("RUS", "UKR")
    assert tl["swift_removal_announced_2022"].targets == ("RUS", "CAN", "FRA", "DEU", "ITA", "GBR")
    assert us_sanctions()["liberation_day_tariffs_2025"].targets == ()
    ev = Event(id="x", start="2000", label="X", category="war", direction="neutral")
    assert ev.targets == ()


def test_targets_table_resolves_iso3_through_the_partner_table() -> None:
    table = us_sanctions().targets()
    assert list(table.columns) == ["event", "label", "target", "partner", "cty_code"]
    # one row per (event, target); events without a target have none
    expected = sum(len(ev.targets) for ev in us_sanctions())
    assert len(table) == expected
    assert "liberation_day_tariffs_2025" not in set(table["event"])
    nafta = table[table["event"] == "nafta_in_force_1994"]
    assert nafta["partner"].tolist() == ["Canada", "Mexico"]
    iran = table[table["target"] == "IRN"]
    assert set(iran["partner"]) == {"Iran"}
    assert set(iran["cty_code"]) == {resolve_partner("Iran").cty_code}
    # an ISO code shared by two Census codes resolves to the current one, as everywhere
    sudan = table[table["target"] == "SDN"]
    assert set(sudan["partner"]) == {"Sudan"}
    assert set(sudan["cty_code"]) == {"7321"}
    # a code the partner table does not know gives NaN, not an error
    odd = Timeline(
        [
            Event(
                id="x",
                start="2000",
                label="X",
                category="war",
                direction="neutral",
                actors="USA;XKX",
            )
        ]
    ).targets()
    assert odd["target"].tolist() == ["XKX"]
    assert math.isnan(odd["partner"].iloc[0])
    assert Timeline().targets().empty


def test_for_partner() -> None:
    iran = us_sanctions().for_partner("Iran")
    assert len(iran) == 9
    assert all("IRN" in ev.targets for ev in iran)
    assert us_sanctions().for_partner("IRN") == iran
    assert us_sanctions().for_partner("Korea, North") == us_sanctions().for_partner("PRK")
    assert len(us_sanctions().for_partner("Canada")) == 3  # NAFTA, USMCA, the 2025 tariffs
    russia = us_russia().for_partner("Russian Federation")
    assert "crimea_annexation" in russia
    assert "ussr_dissolution" in russia
    assert len(us_russia().for_partner("Ukraine")) >= 1
    assert us_sanctions().for_partner("Japan") == Timeline()
    assert iran.attrs["source"] == us_sanctions().attrs["source"]
    with pytest.raises(UnknownPartnerError, match="did you mean"):
        us_sanctions().for_partner("Irann")
    with pytest.raises(ValidationError, match="no ISO alpha-3"):
        us_sanctions().for_partner("World")
