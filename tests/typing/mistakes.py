"""Type-checked, never run: right calls first, then one mistake per line marked ``# mistake``.

tests/test_typing.py runs ``mypy --strict`` on this file and expects an error on each marked
line and on no other line.
"""

import datetime

import matplotlib.pyplot as plt
import pandas as pd

import tradeshock as ts
from tradeshock import plot

y = ts.load_trade("Russia")["imports"]
ev = ts.us_russia()["crimea_annexation"]
ts.shock_response(y, ev, horizon=5)
ts.shock_response(y, "2014")
ts.shock_response(y, pd.Period("2014", freq="Y"))
ts.shock_response(y, datetime.date(2014, 3, 1))
ts.Event(id="x", start="2014-03", label="X", category="war", direction="escalation")
ts.Event(
    id="x",
    start=datetime.date(2014, 3, 1),
    end=2015,
    label="X",
    category=ts.events.Category.WAR,
    direction="neutral",
    actors=["USA", "RUS"],
)
ts.resilience_table(y, ts.us_russia(article=True))
ts.resilience_table(y, [ev])
fig, ax = plt.subplots(figsize=(11.5, 6.2))  # the documented pattern for saving a chart
ax = plot.trade_events(ts.load_trade("Russia"), ts.us_russia(article=True), ax=ax, end=2021)
fig.savefig("trade_events.png")
ts.shock_response(y, object())  # mistake
ts.Event(id=1, start=None, label=3, category="war", direction="escalation")  # mistake
ts.shock_response(y, ev, horizon="five")  # mistake
ts.placebo_pvalue(y, ev, horizon="five")  # mistake
