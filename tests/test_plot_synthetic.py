"""plot.synthetic_control and `tradeshock chart synthetic`: the classic figure, rendered."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import tradeshock as ts  # noqa: E402
from tradeshock import plot  # noqa: E402
from tradeshock.cli import main  # noqa: E402
from tradeshock.errors import ValidationError  # noqa: E402

DONORS = ["China", "Germany", "Japan", "Canada", "Mexico", "Korea, South", "India", "Brazil"]


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def png_size(figure: Any) -> tuple[int, int]:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = buffer.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_classic_figure_draws_paths_placebos_and_band() -> None:
    panel = ts.load_trade_panel(flow="imports")
    fit = ts.synthetic_control(panel, "Russia", "2014", window=15, horizon=5, donors=DONORS)
    placebo = fit.placebo()
    band = fit.intervals()
    left, right = plot.synthetic_control(fit, placebo=placebo, intervals=band, title="T")
    labels = [line.get_label() for line in left.get_lines()]
    assert labels[:2] == ["Russia", "synthetic Russia"]
    np.testing.assert_allclose(left.get_lines()[0].get_ydata(), fit.actual.to_numpy())
    np.testing.assert_allclose(left.get_lines()[1].get_ydata(), fit.synthetic.to_numpy())
    treated = [line for line in right.get_lines() if line.get_label() == "Russia gap"]
    np.testing.assert_allclose(treated[0].get_ydata(), fit.gap.to_numpy())
    grey = [line for line in right.get_lines() if line.get_color() == "#BBBBBB"]
    well_fitted = int((placebo.pre_rmspe.iloc[1:] <= 5 * fit.pre_rmspe).sum())
    assert len(grey) == well_fitted + 1  # + the legend entry
    assert len(right.collections) >= 1  # the conformal band
    legend = [text.get_text() for text in right.get_legend().get_texts()]
    assert "90% conformal interval" in legend
    width, height = png_size(left.figure)
    assert width >= 900
    assert height >= 400
    with pytest.raises(ValidationError, match="SyntheticControl"):
        plot.synthetic_control(fit.placebo())  # type: ignore[arg-type]


def test_cli_chart_synthetic_writes_a_png_and_warns_on_poor_fit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "synthetic.png"
    args = ["chart", "synthetic", "--flow", "imports", "--window", "10", "--horizon", "4"]
    # a name with a comma ("Korea, South") is given by its ISO code
    donors = ",".join(d if d != "Korea, South" else "KOR" for d in DONORS)
    code = main([*args, "--donors", donors, "--out", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert printed == f"wrote {out}\n"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fit = ts.synthetic_control(
        ts.load_trade_panel(flow="imports"), "Russia", "2014", window=10, horizon=4, donors=DONORS
    )
    assert ("warning: poor pre-fit" in err) == fit.poor_fit


def test_cli_chart_synthetic_poor_fit_warning_and_bad_donor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "s.png"
    # two donors far from Russia's path: a poor pre-fit, reported on stderr, still drawn
    code = main(
        ["chart", "synthetic", "--donors", "Canada,Mexico", "--horizon", "3", "--out", str(out)]
    )
    _, err = capsys.readouterr()
    assert code == 0
    assert "warning: poor pre-fit" in err
    assert out.exists()
    code = main(["chart", "synthetic", "--donors", "Canada,Mexcio", "--out", str(out)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "Mexico" in err
