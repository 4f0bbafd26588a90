"""The economies the bilateral data name, and every way the compilers spell them.

One row per economy: a short code (ISO 3166-1 alpha-3; ``EU27`` for the European Union in its
2020 composition, ``WLD`` for the world), the English name, the UN M49 code as UN Comtrade uses
it (Comtrade's own codes where they differ from ISO numeric: India 699, USA 842, France 251,
Switzerland 757), the IMF numeric country code, the 2-letter IMF/ISO code, and the names the
compilers print: IMF DOTS (English), Eurostat Comext (English and, for 2016, French), Russia's
FTS/Rosstat and Kazakhstan's BNS (Russian).

Names are matched after `normalise_name`: Latin look-alike letters inside Cyrillic words
are replaced by their Cyrillic twins (96stran.xlsx writes ``Китaй`` with a Latin ``a``), line
breaks and repeated spaces collapse to one space, and case is folded.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

import attrs

__all__ = ["ECONOMIES", "Economy", "by_code", "code_for_name", "name_keys", "normalise_name"]


@attrs.frozen
class Economy:
    """One economy and its codes and names in every naming system the data use.

    Example:
        >>> by_code()["RUS"].m49
        643

    """

    code: str
    name: str
    m49: int | None
    imf: int | None
    iso2: str | None
    names: tuple[str, ...]


def _e(
    code: str, name: str, m49: int | None, imf: int | None, iso2: str | None, *names: str
) -> Economy:
    return Economy(code, name, m49, imf, iso2, (name, *names))


#: every economy the bundled bilateral tables, the FTS/BNS parsers and the live loaders name
ECONOMIES: tuple[Economy, ...] = (
    _e("WLD", "World", 0, 1, "W00", "Весь мир", "Всего"),
    _e(
        "EXTRA_EU27",
        "Extra-EU27",
        None,
        None,
        None,
        "Extra-EU27 (from 2020)",
        "Extra-UE27 (à partir de 2020)",
    ),
    _e(
        "EU27",
        "European Union",
        97,
        998,
        "B0",
        "EU",
        "EU27",
        "EU-27",
        "European Union - 27 countries",
        "Union européenne - 27 pays",
        "Страны ЕС",
        "Евросоюз",
        "Европейский союз",
        "ЕС",
    ),
    _e(
        "RUS",
        "Russia",
        643,
        922,
        "RU",
        "Russian Federation",
        "Russian Federation (Russia)",
        "Russie, Fédération de",
        "Россия",
        "Российская Федерация",
    ),
    _e(
        "CHN",
        "China",
        156,
        924,
        "CN",
        "China, P.R.: Mainland",
        "Chine",
        "Китай",
        "People's Republic of China",
    ),
    _e(
        "DEU",
        "Germany",
        276,
        134,
        "DE",
        "Allemagne",
        "Германия",
        "Germany (incl. German Democratic Republic 'DD' from 1991)",
    ),
    _e("IND", "India", 699, 534, "IN", "Inde", "Индия"),
    _e("KAZ", "Kazakhstan", 398, 916, "KZ", "Kazakhstan, Rep. of", "Казахстан"),
    _e("TUR", "Turkey", 792, 186, "TR", "Türkiye", "Turkiye", "Turquie", "Турция"),
    _e(
        "USA",
        "United States",
        842,
        111,
        "US",
        "USA",
        "U.S.",
        "US",
        "Etats-Unis",
        "США",
        "United States of America",
    ),
    _e("NLD", "Netherlands", 528, 138, "NL", "Netherlands, The", "Pays-Bas", "Нидерланды"),
    _e("BLR", "Belarus", 112, 913, "BY", "Belarus, Rep. of", "Belarus (Belorussia)", "Беларусь"),
    _e("GBR", "United Kingdom", 826, 112, "GB", "Royaume-Uni", "Великобритания"),
    _e("KOR", "Korea", 410, 542, "KR", "Korea, Rep. of", "South Korea", "Республика Корея"),
    _e("ITA", "Italy", 380, 136, "IT", "Italie", "Italy (incl. San Marino 'SM' -> 1993)", "Италия"),
    _e(
        "FRA",
        "France",
        251,
        132,
        "FR",
        "France (incl. Saint Barthélemy 'BL' -> 2012; incl. "
        "French Guiana 'GF', Guadeloupe 'GP', Martinique 'MQ', Réunion 'RE' from 1997; incl. "
        "Mayotte 'YT' from 2014)",
        "Франция",
    ),
    _e("JPN", "Japan", 392, 158, "JP", "Japon", "Япония"),
    _e("POL", "Poland", 616, 964, "PL", "Poland, Rep. of", "Pologne", "Польша"),
    _e("VNM", "Vietnam", 704, 582, "VN", "Viet Nam", "Вьетнам"),
    _e("FIN", "Finland", 246, 172, "FI", "Finlande", "Финляндия"),
    _e(
        "BEL",
        "Belgium",
        56,
        124,
        "BE",
        "Belgique",
        "Belgium (incl. Luxembourg 'LU' -> 1998)",
        "Бельгия",
    ),
    _e("UKR", "Ukraine", 804, 926, "UA", "Украина"),
    _e("BRA", "Brazil", 76, 223, "BR", "Brésil", "Бразилия"),
    _e(
        "CZE",
        "Czechia",
        203,
        935,
        "CZ",
        "Czech Rep.",
        "Czech Republic",
        "Tchéquie",
        "Чешская республика",
    ),
    _e(
        "ESP",
        "Spain",
        724,
        184,
        "ES",
        "Espagne",
        "Spain (incl. Canary Islands 'XB' from 1997)",
        "Испания",
    ),
    _e("UZB", "Uzbekistan", 860, 927, "UZ", "Uzbekistan, Rep. of", "Узбекистан"),
    _e("CHE", "Switzerland", 757, 146, "CH", "Suisse", "Швейцария"),
    _e("AUT", "Austria", 40, 122, "AT", "Autriche", "Австрия"),
    _e("SVK", "Slovakia", 703, 936, "SK", "Slovak Rep.", "Slovaquie", "Словакия"),
    _e("IDN", "Indonesia", 360, 536, "ID", "Indonésie", "Индонезия"),
    _e("SWE", "Sweden", 752, 144, "SE", "Suède", "Швеция"),
    _e("TWN", "Taiwan", None, 528, "TW", "Taiwan Province of China", "Тайвань"),
    _e("AZE", "Azerbaijan", 31, 912, "AZ", "Azerbaijan, Rep. of", "Азербайджан"),
    _e("ARM", "Armenia", 51, 911, "AM", "Armenia, Rep. of", "Армения"),
    _e("KGZ", "Kyrgyzstan", 417, 917, "KG", "Kyrgyz Rep.", "Киргизия", "Кыргызстан"),
    _e("TJK", "Tajikistan", 762, 923, "TJ", "Tajikistan, Rep. of", "Таджикистан"),
    _e("BGR", "Bulgaria", 100, 918, "BG", "Bulgarie", "Болгария"),
    _e("HRV", "Croatia", 191, 960, "HR", "Croatia, Rep. of", "Croatie", "Хорватия"),
    _e("CYP", "Cyprus", 196, 423, "CY", "Chypre", "Кипр"),
    _e("DNK", "Denmark", 208, 128, "DK", "Danemark", "Дания"),
    _e("EST", "Estonia", 233, 939, "EE", "Estonia, Rep. of", "Estonie", "Эстония"),
    _e("GRC", "Greece", 300, 174, "GR", "Grèce", "Греция"),
    _e("HUN", "Hungary", 348, 944, "HU", "Hongrie", "Венгрия"),
    _e("IRL", "Ireland", 372, 178, "IE", "Ireland (Eire)", "Irlande", "Ирландия"),
    _e("LVA", "Latvia", 428, 941, "LV", "Lettonie", "Латвия"),
    _e("LTU", "Lithuania", 440, 946, "LT", "Lituanie", "Литва"),
    _e("LUX", "Luxembourg", 442, 137, "LU", "Люксембург"),
    _e("MLT", "Malta", 470, 181, "MT", "Malte", "Мальта"),
    _e("PRT", "Portugal", 620, 182, "PT", "Португалия"),
    _e("ROU", "Romania", 642, 968, "RO", "Roumanie", "Румыния"),
    _e("SVN", "Slovenia", 705, 961, "SI", "Slovenia, Rep. of", "Slovénie", "Словения"),
)

# Latin letters that look like Cyrillic ones; used only inside words that are otherwise Cyrillic
_LATIN_TO_CYRILLIC = str.maketrans("aceopxyACEHKMOPTXB", "асеорхуАСЕНКМОРТХВ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"\w+")


def normalise_name(name: object) -> str:
    r"""Return a name as the lookup keys hold it: Cyrillic words fixed, spaces collapsed, folded.

    Example:
        >>> normalise_name("Китaй") == normalise_name("Китай")   # Latin 'a' inside
        True
        >>> normalise_name("Республикa " + chr(10) + "Корея")   # a line break inside
        'республика корея'

    """
    text = unicodedata.normalize("NFC", str(name))

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return word.translate(_LATIN_TO_CYRILLIC) if _CYRILLIC.search(word) else word

    text = _WORD.sub(fix, text)
    return " ".join(text.split()).casefold()


@functools.lru_cache(maxsize=1)
def by_code() -> Mapping[str, Economy]:
    """Economies by code.

    Example:
        >>> by_code()["CHN"].name
        'China'

    """
    return {economy.code: economy for economy in ECONOMIES}


@functools.lru_cache(maxsize=1)
def name_keys() -> Mapping[str, str]:
    """Normalised name → code, for every name of every economy.

    Example:
        >>> name_keys()["россия"]
        'RUS'

    """
    keys: dict[str, str] = {}
    for economy in ECONOMIES:
        for name in economy.names:
            keys.setdefault(normalise_name(name), economy.code)
    return keys


def code_for_name(name: object) -> str:
    """Return the code of a compiler's label, or ``""`` when the economy is not in the table.

    Example:
        >>> code_for_name("Гермaния"), code_for_name("Atlantis")
        ('DEU', '')

    """
    return name_keys().get(normalise_name(name), "")
