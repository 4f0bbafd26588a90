"""The source article's quantitative claims, as the project's material records them.

The article's full text is not part of the project. Each claim below is worded as the
project's issues record it (``quoted_in``); ``quote`` holds the article's own words only where
that material quotes them. The order is the article's story as reconstructed from that
material (by topic, then by the period each claim is about); it is not a verbatim reading
order. Nothing here is data: every data figure is computed from the loaders at call time.

Example:
    >>> [c.id for c in ARTICLE][:2]
    ['imports_rose_2003_2005', 'trade_follows_oil_prices']

"""

from __future__ import annotations

import attrs

__all__ = ["ARTICLE", "ArticleClaim"]

_I6 = "issue 6 (the claims check); project DESIGN §4"
_I16 = "issue 16 (the article read line by line)"
_I16P = "issue 16 (a paraphrase: the article's words are not in the project)"


@attrs.frozen
class ArticleClaim:
    """One claim: what it says, where it is recorded, and what data a check needs.

    Example:
        >>> ARTICLE[0].group
        'Trade and politics, 1992–2013'

    """

    id: str
    group: str
    statement: str
    quote: str = ""
    quoted_in: str = _I6
    needs: str = ""  # set for claims U.S. statistics cannot check


_TRADE = "Trade and politics, 1992–2013"
_OIL = "Oil"
_SANCTIONS = "Sanctions and counter-sanctions since 2014"
_PLACE = "Russia's place in U.S. trade"
_GOODS = "What trade is made of"
_MONEY = "Money and finance"
_OUTLOOK = "Outlook"

ARTICLE: tuple[ArticleClaim, ...] = (
    ArticleClaim(
        "imports_rose_2003_2005",
        _TRADE,
        "Imports from Russia kept rising in 2003–2005 through political turmoil",
    ),
    ArticleClaim(
        "trade_follows_oil_prices", _TRADE, "Swings in U.S.–Russia trade follow oil prices"
    ),
    ArticleClaim(
        "oil_shipments_rose_early_2000s",
        _OIL,
        "Russia's oil shipments to the U.S. started to rise steadily in the early 2000s",
        quote="started to rise steadily",
        quoted_in=_I16,
    ),
    ArticleClaim(
        "oil_dip_2008_09_reversed_quickly",
        _OIL,
        "The 2008–09 dip in Russian oil supply to the U.S. reversed quickly",
    ),
    ArticleClaim(
        "venezuela_replaced_by_canada_and_russia",
        _OIL,
        "After 2019 Venezuela's collapse as a supplier was made up by Canada and Russia",
    ),
    ArticleClaim(
        "counter_sanctions_nullified_us_farm_exports",
        _SANCTIONS,
        "Russia's counter-sanctions of August 2014 nullified U.S. agricultural exports",
        quote="nullified",
        quoted_in=_I16,
    ),
    ArticleClaim(
        "trade_back_to_pre_sanction_level",
        _SANCTIONS,
        "U.S.–Russia trade (goods and services) came back to its average pre-sanction level",
        quoted_in=_I6 + "; " + _I16,
    ),
    ArticleClaim(
        "sanctions_affect_15pct_of_russian_economy",
        _SANCTIONS,
        "About 15% of the Russian economy is affected by sanctions",
        quoted_in=_I16P,
        needs="Russian output by firm or sector (Rosstat national accounts, firms' accounts) "
        "matched to the U.S. sanctions lists (OFAC's SDN and sectoral lists); no U.S. trade "
        "statistic measures a share of Russia's economy.",
    ),
    ArticleClaim(
        "sanctions_cost_tenths_of_gdp_growth",
        _SANCTIONS,
        "A few tenths of a point of Russia's GDP growth (the article's figure)",
        quoted_in=_I16P,
        needs="Russia's GDP growth (Rosstat) and a model-based estimate of the sanctions' effect "
        "(e.g. IMF Article IV staff reports, Bank of Russia, World Bank); a counterfactual "
        "for Russia's economy, not U.S. trade data.",
    ),
    ArticleClaim(
        "rank_2020_26th_behind_indonesia",
        _PLACE,
        "Russia is presently (2020) the 26th U.S. trading partner, behind Indonesia",
    ),
    ArticleClaim(
        "never_top_twenty",
        _PLACE,
        "Russia has never been among the top twenty U.S. trading partners",
    ),
    ArticleClaim(
        "us_among_russias_four_leading_import_sources",
        _PLACE,
        "The U.S. is among the four leading sources of Russia's imports",
        quoted_in=_I16P,
        needs="Russia's imports by partner country: Russia's Federal Customs Service (FTS, "
        "also via Rosstat), or partners' mirror exports (IMF Direction of Trade Statistics, "
        "UN Comtrade). U.S. statistics give only the U.S. side, not Russia's other suppliers.",
    ),
    ArticleClaim(
        "metals_and_oil_80pct_of_imports",
        _GOODS,
        "Metals and oil make up about 80 percent of U.S. imports from Russia",
        quoted_in=_I6 + "; issue 9",
    ),
    ArticleClaim(
        "titanium_shares_boeing_airbus_embraer",
        _GOODS,
        "Russian titanium's shares of Boeing's, Airbus's and Embraer's supply (the article's "
        "figures)",
        quoted_in=_I16P,
        needs="The aircraft makers' titanium purchases by supplier (company disclosures, e.g. "
        "VSMPO-AVISMA's annual reports); trade statistics record titanium by country, not by "
        "buyer, and only the U.S. side of it.",
    ),
    ArticleClaim(
        "treasury_holdings_105bn_to_3_9bn",
        _MONEY,
        "Russia's holdings of U.S. Treasury securities fell from about $105 billion to "
        "$3.9 billion",
    ),
    ArticleClaim(
        "dollar_share_of_russian_exports",
        _MONEY,
        "The dollar's share of Russian exports (the article's figure)",
        quoted_in=_I16P,
        needs="The currency structure of payments for Russia's exports, published by the Bank "
        "of Russia (external sector statistics).",
    ),
    ArticleClaim(
        "nwf_40bn_moved_out",
        _MONEY,
        "About $40 billion moved out of Russia's National Wealth Fund",
        quoted_in=_I16P,
        needs="The National Wealth Fund's holdings by currency, published monthly by Russia's "
        "Ministry of Finance.",
    ),
    ArticleClaim(
        "offshore_800bn",
        _MONEY,
        "About $800 billion offshore",
        quoted_in=_I16P,
        needs="Estimates of Russian residents' offshore wealth, built from the Bank of Russia's "
        "balance of payments and international investment position (e.g. the academic "
        "estimates that cumulate capital flight); not measured by U.S. statistics.",
    ),
    ArticleClaim(
        "forecast_gradual_decline",
        _OUTLOOK,
        "U.S.–Russia trade will see a gradual decline in the next five to seven years "
        "(a forecast written in 2021)",
        quote="gradual decline in the next five to seven years",
        quoted_in=_I16,
    ),
    ArticleClaim(
        "pax_sinica",
        _OUTLOOK,
        "Russia is turning from the West to China (a 'Pax Sinica')",
        quote="Pax Sinica",
        quoted_in="issue 20 (the article's closing thesis)",
        needs="Russia's trade by partner (Russia's FTS via Rosstat; China's customs, GACC; the "
        "EU's Eurostat Comext; IMF Direction of Trade Statistics): China's share of Russia's "
        "trade against the EU's. U.S. statistics see only the U.S. side.",
    ),
)
