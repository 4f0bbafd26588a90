"""CLI polish (issue 18 item 6): rounded CSV, one error style, every baseline, no-network."""

from __future__ import annotations

import io
import re
import socket

import pandas as pd
import pytest

import tradeshock as ts
from tradeshock import cli
from tradeshock.cli import main, report_table

ERROR = re.compile(r"^tradeshock( [a-z]+)?: error: ")


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_csv_is_rounded_as_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "report", "--format", "csv", "--events", "crimea_annexation")
    assert code == 0, err
    float_cells = re.findall(r"(?<![\w.])-?\d+\.\d+(?![\w.])", out)
    assert float_cells
    assert all(len(cell.split(".")[1]) == 1 for cell in float_cells), float_cells
    parsed = pd.read_csv(io.StringIO(out))
    exact = report_table(events="crimea_annexation")
    for column in ("depth_pct", "cumulative_loss", "relative_loss_pct"):
        assert parsed[column].tolist() == exact[column].round(1).tolist()
    # the text view shows the same numbers
    _, text, _ = call(capsys, "report", "--events", "crimea_annexation", "--flow", "imports")
    assert f"{parsed.loc[1, 'depth_pct']:.1f}" in text


@pytest.mark.parametrize(
    "args",
    [
        (),  # no command
        ("report", "--flow", "balance"),  # argparse
        ("report", "--partner", "Atlantis"),  # library error
        ("chart", "response", "--event", "all", "--out", "x.png"),
    ],
)
def test_every_error_has_one_prefix_style(
    args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, *args)
    assert (code, out) == (2, "")
    assert ERROR.match(err), err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [(("reprt",), "report"), (("chrt",), "chart"), (("chart", "trde", "--out", "x.png"), "trade")],
)
def test_typos_get_a_did_you_mean(
    args: tuple[str, ...], suggestion: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = call(capsys, *args)
    assert code == 2
    assert f"did you mean {suggestion!r}?" in err
    assert ERROR.match(err)


def test_nonsense_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(capsys, "zzzzzz")
    assert code == 2
    assert "did you mean" not in err


def test_report_for_the_world_is_titled_the_world(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "report", "--partner", "World", "--events", "crimea_annexation")
    assert code == 0, err
    assert out.startswith("U.S. trade with the world (annual, ")
    _, russia, _ = call(capsys, "report", "--events", "crimea_annexation")
    assert russia.startswith("U.S. trade with Russia (annual, ")


def test_chart_response_offers_every_registered_baseline() -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    chart = commands.choices["chart"]  # type: ignore[index]
    baseline = next(a for a in chart._actions if a.dest == "baseline")
    assert tuple(baseline.choices) == tuple(ts.baselines.REGISTRY)


@pytest.mark.parametrize("baseline", ["reference", "regression", "synthetic"])
def test_chart_response_draws_the_baselines_that_need_data(
    baseline: str, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / f"{baseline}.png"  # type: ignore[operator]
    code, _, err = call(capsys, "chart", "response", "--baseline", baseline, "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:  # bind, read the port, close: nothing listens there now
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def probes(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> list[tuple[object, object]]:
    """Record every (address, timeout) the CLI connects to; connections still happen."""
    seen: list[tuple[object, object]] = []
    real = socket.create_connection

    def recording(address: object, timeout: object = None, *args: object, **kw: object) -> object:
        seen.append((address, timeout))
        return real(address, timeout, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", recording)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TRADESHOCK_OFFLINE", raising=False)
    monkeypatch.setenv("TRADESHOCK_CACHE_DIR", str(tmp_path))  # the CLI opens the cache first
    monkeypatch.delenv("TRADESHOCK_CENSUS_ROUTE", raising=False)
    return seen


def test_live_source_without_network_fails_fast_with_the_hint(
    closed_port: int,
    probes: list[tuple[object, object]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TRADESHOCK_CENSUS_URL", f"http://127.0.0.1:{closed_port}")
    code, out, err = call(capsys, "report", "--source", "census")
    assert (code, out) == (2, "")
    assert err == (
        "tradeshock report: error: no network: use the bundled data (default) or set "
        f"TRADESHOCK_OFFLINE=1 (127.0.0.1:{closed_port} not reachable)\n"
    )
    # one probe, bounded well under 2 s (the library's own connect timeout is 10 s x retries)
    assert probes == [(("127.0.0.1", closed_port), cli.CONNECT_TIMEOUT)]
    assert cli.CONNECT_TIMEOUT + 0.25 <= 2.0


def test_offline_mode_and_bundled_data_send_no_probe(
    probes: list[tuple[object, object]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: object,
) -> None:
    code, _, err = call(capsys, "report", "--events", "crimea_annexation")
    assert code == 0, err
    monkeypatch.setenv("TRADESHOCK_OFFLINE", "1")
    monkeypatch.setenv("TRADESHOCK_CACHE_DIR", str(tmp_path))  # an empty cache
    code, _, err = call(capsys, "report", "--source", "census")
    assert code == 2
    assert "offline mode is on" in err
    assert probes == []
