"""The baseline: a legacy codebase adopts eventlint by recording what it has, then fixes it over time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from projects import CONFIG, SHOP, run, write

HANDLERS = (
    "from shop.ordering.events import OrderStartedDomainEvent\n\n\n"
    "def on_started(event: OrderStartedDomainEvent) -> None:\n"
    "    print(event)\n"
)


@pytest.fixture()
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, {**SHOP, "src/shop/basket/handlers.py": HANDLERS})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def reported(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[tuple[str, str, int]], str]:
    code, out, err = run(capsys, "check", "--format", "json", *argv)
    return code, [(d["code"], d["path"], d["line"]) for d in json.loads(out)], err


def test_the_update_records_every_finding_and_later_runs_hide_them(legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--update-baseline")
    assert code == 0
    assert err == "eventlint: wrote 4 findings to eventlint-baseline.json\n"
    entries = json.loads((legacy / "eventlint-baseline.json").read_text())["findings"]
    assert entries[0] == {
        "code": "EVL201",
        "path": "src/shop/basket/handlers.py",
        "symbol": "",
        "event": "shop.ordering.events.OrderStartedDomainEvent",
        "count": 1,
    }
    assert {entry["symbol"] for entry in entries} == {"", "on_started", "CreateOrder"}
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert out == "All checks passed (6 files checked; 4 findings hidden by the baseline).\n"


def test_moved_lines_stay_hidden_and_new_mistakes_are_reported(legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "check", "--update-baseline")
    handlers = legacy / "src/shop/basket/handlers.py"
    text = '"""Basket handlers."""\n\n' + HANDLERS + (
        "\n\ndef on_restarted(event: OrderStartedDomainEvent) -> None:\n"  # the same mistake, somewhere new
        "    print(event)\n"
    )
    handlers.write_text(text, encoding="utf-8")
    code, found, _ = reported(capsys)
    assert code == 1
    assert found == [("EVL201", "src/shop/basket/handlers.py", 10)]
    code, out, _ = run(capsys, "check")
    assert out.splitlines()[-1] == "Found 1 finding in 1 of 6 files (4 more hidden by the baseline)."


def test_one_more_instance_in_the_same_place_is_reported(legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "check", "--update-baseline")
    handlers = legacy / "src/shop/basket/handlers.py"
    handlers.write_text(HANDLERS + "    second: OrderStartedDomainEvent = event\n", encoding="utf-8")
    code, found, _ = reported(capsys)
    assert code == 1
    assert found == [("EVL201", "src/shop/basket/handlers.py", 6)]


def test_fixed_findings_leave_the_baseline_on_update(legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "check", "--update-baseline")
    events = legacy / "src/shop/ordering/events.py"
    events.write_text(events.read_text().replace("class CreateOrder(DomainEvent): ...\n", ""), encoding="utf-8")
    code, _, err = run(capsys, "check", "--update-baseline")
    assert code == 0
    assert err == "eventlint: wrote 2 findings to eventlint-baseline.json\n"
    assert {e["symbol"] for e in json.loads((legacy / "eventlint-baseline.json").read_text())["findings"]} == {"", "on_started"}


def test_an_explicit_baseline_file(legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--baseline", "legacy.json")
    assert code == 2
    assert err == "eventlint: --baseline: file 'legacy.json' does not exist (write it with --update-baseline)\n"
    assert run(capsys, "check", "--baseline", "legacy.json", "--update-baseline")[0] == 0
    assert not (legacy / "eventlint-baseline.json").exists()
    assert reported(capsys, "--baseline", "legacy.json")[:2] == (0, [])
    assert reported(capsys)[0] == 1  # the default file is not there: nothing hidden


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "eventlint-baseline.json: not a baseline: invalid JSON"),
        ("[]", 'eventlint-baseline.json: not a baseline: expected {"version": 1, "findings": [...]}'),
        ('{"version": 1, "findings": [{"code": 1}]}', "eventlint-baseline.json: findings[0].code: expected a string, got an integer"),
    ],
)
def test_a_broken_baseline_is_an_error(legacy: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    (legacy / "eventlint-baseline.json").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err.startswith(message)


def test_config_is_the_shop_config() -> None:
    assert SHOP["eventlint.toml"] == CONFIG


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--baseline", "src"], "--baseline: 'src' is a folder"),
        (["--update-baseline", "--baseline", "src"], "--baseline: 'src' is a folder"),
        (["--update-baseline", "--baseline", "missing/b.json"], "missing/b.json: cannot write the baseline: No such file or directory"),
    ],
)
def test_a_baseline_that_cannot_be_read_or_written_is_an_error(
    legacy: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "check", *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not list(legacy.rglob(".*.tmp"))
