"""`tradeshock study`, `tradeshock chart study` and plot.event_study."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock._cli_study import episode_frame, path_frame, run_study, study_timeline
from tradeshock.cli import main


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_study_prints_the_average_path_and_the_episode_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = call(capsys, "study")
    assert code == 0, err
    assert out.startswith("Event study: ")
    assert "escalation (" in out
    assert "de-escalation (" in out
    assert "Average path" in out
    assert "Episodes:" in out
    assert "Iran|jcpoa_us_withdrawal_2018" in out
    assert "no target (U.S. only)" in out  # liberation_day_tariffs_2025 has a status row
    assert "Descriptive evidence" in out


def test_study_csv_is_the_path_of_the_library_call(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "study", "--flow", "imports", "--horizon", "3", "--format", "csv")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == [
        "group",
        "k",
        "mean_pct",
        "median_pct",
        "lower_pct",
        "upper_pct",
        "n",
    ]
    study = ts.event_study(ts.load_trade_panel(flow="imports"), ts.us_sanctions(), horizon=3)
    escalation = frame[frame["group"] == "escalation"].set_index("k")
    np.testing.assert_allclose(escalation["mean_pct"], study.mean["escalation"].round(1))
    assert escalation["n"].tolist() == study.n["escalation"].tolist()
    assert escalation.index.tolist() == [-3, -2, -1, 0, 1, 2, 3]


def test_study_russia_monthly_episodes_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(
        capsys, "study", "--events", "russia", "--freq", "M", "--format", "json", "--episodes"
    )
    assert code == 0, err
    records = json.loads(out)
    assert len(records) == len(ts.us_russia())  # every event mapped to Russia
    assert {r["partner"] for r in records} == {"Russia"}
    crimea = next(r for r in records if r["event"] == "crimea_annexation")
    assert crimea["status"].startswith("confounded by")  # other Russia events within 36 months
    response = ts.shock_response(
        ts.load_trade("Russia", freq="M")["total"], ts.us_russia()["crimea_annexation"], horizon=36
    )
    assert crimea["depth_pct"] == pytest.approx(round(100 * response.depth, 1))


def test_study_ids_and_baselines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(
        capsys,
        "study",
        "--events",
        "crimea_annexation,full_scale_invasion_ukraine",
        "--baseline",
        "reference",
        "--format",
        "csv",
        "--episodes",
    )
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert frame["episode"].tolist() == [
        "Russia|crimea_annexation",
        "Russia|full_scale_invasion_ukraine",
    ]  # fmt: skip  (all ids from the U.S.-Russia timeline: mapped to Russia)
    world = ts.load_trade("World")["total"]
    expected = ts.shock_response(
        ts.load_trade("Russia")["total"],
        ts.us_russia()["crimea_annexation"],
        baseline="reference",
        reference=world,
        horizon=5,
    )
    assert frame.loc[0, "depth_pct"] == pytest.approx(round(100 * expected.depth, 1))
    code, _, err = call(
        capsys,
        "study",
        "--events",
        "crimea_annexation",
        "--baseline",
        "regression",
        "--horizon",
        "2",
    )
    assert code == 0, err


def test_study_timeline_choices() -> None:
    sanctions, partner = study_timeline("sanctions")
    assert (len(sanctions), partner) == (70, None)
    russia, partner = study_timeline("russia")
    assert (len(russia), partner) == (87, "Russia")
    mixed, partner = study_timeline("crimea_annexation, ilsa_1996")
    assert (mixed.ids, partner) == (("ilsa_1996", "crimea_annexation"), None)


def test_study_bad_input_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "study", "--events", "crimea_anexation")
    assert (code, out) == (2, "")
    assert err.startswith("tradeshock study: error: --events: unknown event id crimea_anexation")
    assert len(err.strip().splitlines()) == 1
    code, _, err = call(capsys, "study", "--horizon", "-1")
    assert code == 2
    assert "--horizon" in err


def test_events_command_lists_the_sanctions_episodes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "events", "--events", "sanctions", "--format", "csv")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert frame["id"].tolist() == list(ts.us_sanctions().ids)


def test_frames_of_a_study() -> None:
    study = run_study("crimea_annexation,jcpoa_us_withdrawal_2018", horizon=2)
    episodes = episode_frame(study)
    assert episodes["episode"].tolist() == [
        "Russia|crimea_annexation",
        "Ukraine|crimea_annexation",
        "Iran|jcpoa_us_withdrawal_2018",
    ]
    paths = path_frame(study)
    assert paths["k"].tolist() == [-3, -2, -1, 0, 1, 2]


def test_chart_study_writes_a_png(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "study.png"
    code, text, err = call(capsys, "chart", "study", "--out", str(out), "--horizon", "4")
    assert code == 0, err
    assert text == f"wrote {out}\n"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, err = call(capsys, "chart", "study", "--out", str(out), "--horizon", "end")
    assert code == 2
    assert "needs a number of periods" in err


def test_plot_event_study_draws_episodes_mean_band_and_highlights() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tradeshock import plot
    from tradeshock._cli_study import russia_highlights

    study = ts.event_study(ts.load_trade_panel(), ts.us_sanctions(), horizon=4)
    highlight = russia_highlights("total", "Y", "pre_mean", None, 4)
    assert list(highlight.columns) == ["Russia 2014", "Russia 2022"]
    ax = plot.event_study(study, highlight=highlight)
    escalation = int((study.episodes.loc[study.paths.columns, "group"] == "escalation").sum())
    grey = [line for line in ax.get_lines() if line.get_color() == "#BBBBBB"]
    assert len(grey) == escalation
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[0] == "95% bootstrap band"
    assert labels[1].startswith("mean of ")
    assert labels[-2:] == ["Russia 2014", "Russia 2022"]
    mean_line = next(line for line in ax.get_lines() if line.get_label().startswith("mean of"))
    np.testing.assert_allclose(mean_line.get_ydata(), study.mean["escalation"])
    assert ax.get_yscale() == "symlog"
    other = plot.event_study(study, group="de-escalation")
    assert other.get_title(loc="left").startswith("U.S. trade around de-escalation events")
    with pytest.raises(ts.ValidationError, match="group='war'"):
        plot.event_study(study, group="war")
    with pytest.raises(ts.ValidationError, match="highlight must be"):
        plot.event_study(study, highlight=[1, 2])  # type: ignore[arg-type]
    plt.close("all")
