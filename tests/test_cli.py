"""The command line: subcommands, formats, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.claims import VERDICTS, check_claims
from tradeshock.cli import main, render_markdown, render_text, report_table

ARTICLE_EVENTS = 19  # us_russia(article=True): the events issue 4 lists


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tradeshock", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def default_report() -> subprocess.CompletedProcess[str]:
    return run("report")


# ------------------------------------------------------------------------------ via subprocess


def test_report_with_no_options_is_a_readable_table(
    default_report: subprocess.CompletedProcess[str],
) -> None:
    assert default_report.returncode == 0, default_report.stderr
    assert default_report.stderr == ""
    out = default_report.stdout
    assert out.startswith("U.S. trade with Russia (annual, USD millions)")
    header = next(line for line in out.splitlines() if line.startswith("event"))
    for column in ("date", "series", "depth %", "trough", "recovery", "cum. loss (USD m)"):
        assert column in header
    assert "Russian annexation of Crimea" in out
    assert "not recovered" in out
    assert "Traceback" not in out


def test_report_does_not_import_matplotlib() -> None:
    code = (
        "import sys; from tradeshock.cli import main; "
        "rc = main(['report', '--format', 'csv']); "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("report", "--partner", "Atlantis"), "Atlantis"),
        (("report", "--format", "xml"), "--format"),
        (("report", "--events", "crimea"), "crimea_annexation"),
        (("report", "--window", "0"), "--window"),
        (("chart", "trade", "--out", "chart.txt"), "--out"),
        (("chart", "trade", "--dpi", "100000", "--out", "chart.png"), "--dpi"),
        (("chart", "response", "--event", "all", "--out", "chart.png"), "--event: give one"),
        (("chart", "response", "--event", "donbas_war,crimea_annexation", "--out", "x.png"), "one"),
        (("chart", "response", "--event", "crimea", "--out", "chart.png"), "--event:"),
    ],
)
def test_bad_input_exits_2_with_one_line_on_stderr(
    args: tuple[str, ...], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert needle in lines[0]
    assert "Traceback" not in err


def test_bad_input_from_the_shell() -> None:
    done = run("report", "--partner", "Atlantis")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("tradeshock report: error: ")


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    done = run("--help")
    assert done.returncode == 0
    assert "usage: tradeshock" in done.stdout
    for command in ("report", "chart", "sources", "claims", "events"):
        code, out, _ = call(capsys, command, "--help")
        assert code == 0, command
        assert f"usage: tradeshock {command}" in out


def test_chart_trade_writes_a_png(tmp_path: pytest.TempPathFactory) -> None:
    out = tmp_path / "trade.png"  # type: ignore[operator]
    done = run("chart", "trade", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------------------ in process


def test_report_csv_parses_and_has_one_row_per_event_and_flow(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = call(capsys, "report", "--format", "csv")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert len(frame) == ARTICLE_EVENTS * 3
    assert set(frame["series"]) == {"exports", "imports", "total"}
    assert {"event_id", "depth_pct", "trough", "time_to_recovery", "cumulative_loss"} <= set(
        frame.columns
    )


def test_report_json_matches_shock_response(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(
        capsys, "report", "--events", "crimea_annexation", "--flow", "total", "--format", "json"
    )
    assert code == 0
    (record,) = json.loads(out)
    # the same numbers straight from the library
    total = ts.load_trade("Russia")["total"]
    crimea = ts.us_russia()["crimea_annexation"]
    expected = ts.shock_response(total, crimea, baseline="pre_mean", horizon=5)
    assert record["depth_pct"] == pytest.approx(100 * expected.depth)
    assert record["trough"] == str(expected.trough)
    assert record["recovered"] is expected.recovered
    assert record["cumulative_loss"] == pytest.approx(expected.cumulative_loss)
    assert record["time_to_recovery"] is None  # censored: not recovered within 5 years


def test_report_options_reach_the_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(
        capsys,
        "report",
        "--events",
        "crimea_annexation",
        "--flow",
        "imports",
        "--baseline",
        "trend",
        "--window",
        "4",
        "--horizon",
        "end",
        "--format",
        "json",
    )
    assert code == 0
    (record,) = json.loads(out)
    imports = ts.load_trade("Russia")["imports"]
    crimea = ts.us_russia()["crimea_annexation"]
    expected = ts.shock_response(imports, crimea, baseline="trend", window=4, horizon="end")
    assert record["depth_pct"] == pytest.approx(100 * expected.depth)
    assert record["baseline"] == "trend"


def test_report_monthly_and_status_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "report", "--freq", "M", "--events", "all", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert len(frame) == 87 * 3
    # events before the data (1991) get a status, not a crash
    first = frame.loc[frame["event_id"] == "ussr_dissolution"]
    assert (first["status"] != "ok").all()
    assert first["depth_pct"].isna().all()


def test_report_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "report", "--format", "markdown")
    assert code == 0
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert table[0].startswith("| event | date | series | depth % |")
    assert len(table) == 2 + ARTICLE_EVENTS * 3


def test_report_title_names_the_resolved_partner(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "report", "--partner", "4621", "--events", "crimea_annexation")
    assert code == 0
    assert out.startswith("U.S. trade with Russia (annual")


def test_sources_and_claims_and_events_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "sources", "--format", "csv")
    assert code == 0
    sources = pd.read_csv(io.StringIO(out))
    assert list(sources.columns) == ["dataset", "coverage", "frequency", "units", "vintage", "url"]
    assert set(sources["dataset"]) == set(ts.catalog()["dataset"])

    code, out, _ = call(capsys, "claims", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert {row["verdict"] for row in document["claims"]} <= set(VERDICTS)
    assert document["summary"] == check_claims().summary()

    code, out, _ = call(capsys, "claims")
    assert code == 0
    assert "[does not hold] Russia is presently (2020) the 26th" in out
    assert out.rstrip().endswith(check_claims().summary())

    for fmt, first in (("markdown", "### Trade and politics"), ("csv", "order,group,id")):
        code, out, _ = call(capsys, "claims", "--format", fmt)
        assert code == 0
        assert out.startswith(first)

    code, _out, err = call(capsys, "claims", "--source", "comtrade")
    assert code == 2
    assert len(err.strip().splitlines()) == 1

    code, out, _ = call(capsys, "events", "--events", "article", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == ARTICLE_EVENTS


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = call(capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_chart_response_svg(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "response.svg"  # type: ignore[operator]
    code, _, err = call(capsys, "chart", "response", "--flow", "imports", "--out", str(out))
    assert code == 0, err
    assert out.read_text()[:200].lstrip().startswith("<?xml")


def test_chart_without_matplotlib_says_how_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    code, _, err = call(capsys, "chart", "trade", "--out", str(tmp_path / "x.png"))  # type: ignore[operator]
    assert code == 1
    assert "pip install 'tradeshock[plot]'" in err


def test_chart_to_an_unwritable_path_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "x.png"
    target.mkdir()  # a directory where the file should go: saving fails with an OSError
    code, out, err = call(capsys, "chart", "trade", "--out", str(target))
    assert (code, out) == (2, "")
    assert err.startswith("tradeshock chart: error: --out: cannot write")
    assert len(err.strip().splitlines()) == 1


def test_report_table_rejects_bad_arguments() -> None:
    with pytest.raises(ts.ValidationError, match="flows"):
        report_table(flows=("balance",))
    with pytest.raises(ts.ValidationError, match="baseline"):
        report_table(baseline="median")
    with pytest.raises(ts.ValidationError, match="horizon"):
        report_table(horizon=-1)


def test_horizon_zero_is_the_shock_period_alone(capsys: pytest.CaptureFixture[str]) -> None:
    table = report_table(events="crimea_annexation", horizon=0)
    total = ts.load_trade("Russia")["total"]
    expected = ts.shock_response(total, ts.us_russia()["crimea_annexation"], horizon=0)
    row = table[table["series"] == "total"].iloc[0]
    assert str(row["trough"]) == str(expected.trough) == "2014"
    assert row["depth_pct"] == pytest.approx(100 * expected.depth)
    code, _, err = call(capsys, "report", "--horizon", "-1")
    assert code == 2
    assert ">= 0" in err


def test_renderers_escape_and_align() -> None:
    frame = pd.DataFrame({"name": ["a|b", "c"], "value": [1.5, float("nan")]})
    markdown = render_markdown(frame, {"value"})
    assert "a\\|b" in markdown
    assert markdown.splitlines()[1] == "|:---|---:|"
    text = render_text(frame, {"value"}).splitlines()
    assert text[2].endswith("1.5")
    assert text[3].rstrip() == "c"
