"""Partner resolution on the bundled partner table (no raw files needed)."""

from __future__ import annotations

import pytest

from tradeshock._partners import ALIASES, Partner, partner_table, resolve_partner
from tradeshock.errors import UnknownPartnerError, ValidationError


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Russia", "4621"),
        ("russia", "4621"),
        ("  RUSSIA ", "4621"),
        ("Russian Federation", "4621"),
        ("RUS", "4621"),
        ("rus", "4621"),
        (4621, "4621"),
        ("4621", "4621"),
        ("Canada", "1220"),
        ("CAN", "1220"),
        ("China", "5700"),
        ("Venezuela", "3070"),
        ("Korea, South", "5800"),  # country.xlsx name
        ("South Korea (Republic of Korea)", "5800"),  # Schedule C name
        ("South Korea", "5800"),  # alias
        ("KOR", "5800"),
        ("UK", "4120"),
        ("United Kingdom", "4120"),
        ("GBR", "4120"),
        ("Czechia", "4351"),
        ("Czech Republic", "4351"),
        ("Türkiye", "4890"),
        ("Turkey", "4890"),
        ("World", "0015"),
        ("World, Not Seasonally Adjusted", "0015"),
        (15, "0015"),
        ("15", "0015"),
        ("0015", "0015"),
        ("European Union", "0003"),
        ("USSR", "4610"),
        ("SUN", "4610"),
        ("Macedonia", "4794"),
        ("North Macedonia", "4794"),
        ("Burma", "5460"),
        ("Myanmar", "5460"),
    ],
)
def test_resolves(query: str | int, code: str) -> None:
    assert resolve_partner(query).cty_code == code


def test_partner_record() -> None:
    ru = resolve_partner("Russia")
    assert isinstance(ru, Partner)
    assert ru == Partner("4621", "Russia", "Russia", "RUS", "country", True)
    with pytest.raises(AttributeError):
        ru.name = "x"  # type: ignore[misc]
    world = resolve_partner("World")
    assert world.kind == "aggregate"
    assert world.iso3 is None
    assert resolve_partner(8220).kind == "other"
    assert resolve_partner(8500).kind == "other"


@pytest.mark.parametrize(
    ("name", "current", "other"),
    [
        ("Serbia", "4801", "4802"),
        ("Sudan", "7321", "7320"),
        ("Ethiopia", "7749", "7740"),
        ("Israel", "5081", "5080"),
    ],
)
def test_ambiguous_names_resolve_to_current_code(name: str, current: str, other: str) -> None:
    bare = resolve_partner(name)
    assert bare.cty_code == current
    assert bare.current
    assert bare.label == name
    by_code = resolve_partner(other)
    assert not by_code.current
    assert by_code.name == name
    assert by_code.label == f"{name} [{other}]"
    assert resolve_partner(by_code.label).cty_code == other
    assert resolve_partner(by_code.label.upper()).cty_code == other


def test_shared_iso3_resolves_to_current_code() -> None:
    assert resolve_partner("SRB").cty_code == "4801"
    assert resolve_partner("SDN").cty_code == "7321"
    assert resolve_partner("ETH").cty_code == "7749"


def test_every_alias_resolves_to_its_code() -> None:
    codes = set(partner_table()["cty_code"])
    for alias, code in ALIASES.items():
        assert code in codes, alias
        assert resolve_partner(alias).cty_code == code


def test_every_code_name_and_label_round_trips() -> None:
    table = partner_table()
    assert table["label"].is_unique
    assert table["cty_code"].is_unique
    for row in table.itertuples(index=False):
        assert resolve_partner(row.cty_code).cty_code == row.cty_code
        assert resolve_partner(row.label).cty_code == row.cty_code
        assert resolve_partner(int(row.cty_code)).cty_code == row.cty_code


def test_partner_table_content() -> None:
    table = partner_table().set_index("cty_code")
    assert set(table["kind"]) == {"country", "aggregate", "other"}
    assert table.loc["4621", "iso2"] == "RU"
    assert table.loc["4621", "schedule_c_name"] == "Russia"
    assert table.loc["5800", "name"] == "Korea, South"
    assert table.loc["4803", "iso3"] == ""  # Kosovo: no ISO code
    assert table.loc["5080", "iso3"] == ""  # unmapped (SOURCES check B)
    assert table.loc["4610", "iso3"] == "SUN"  # former state (ISO 3166-3)
    assert not table.loc["4610", "current"]
    assert int(table.loc["4621", "first_year"]) == 1992
    # the copy is independent of the cached table
    copy = partner_table()
    copy.loc[0, "name"] = "changed"
    assert partner_table().loc[0, "name"] != "changed"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Rusia", "Russia"), ("Russa", "Russia"), ("Venezuella", "Venezuela"), ("Canda", "Canada")],
)
def test_unknown_partner_suggests(query: str, expected: str) -> None:
    with pytest.raises(UnknownPartnerError) as info:
        resolve_partner(query)
    assert expected in info.value.suggestions
    assert expected in str(info.value)
    assert query in str(info.value)
    assert isinstance(info.value, LookupError)


def test_unknown_without_suggestions() -> None:
    with pytest.raises(UnknownPartnerError, match="not a known") as info:
        resolve_partner("Atlantis-Qqqq-Zzzz")
    assert info.value.suggestions == ()
    with pytest.raises(UnknownPartnerError):
        resolve_partner(9999)
    with pytest.raises(UnknownPartnerError):
        resolve_partner("")


@pytest.mark.parametrize("bad", [None, 4621.0, True, ["Russia"]])
def test_bad_type(bad: object) -> None:
    with pytest.raises(ValidationError, match="partner="):
        resolve_partner(bad)  # type: ignore[arg-type]
