"""First use, as a new user meets it: what the notices, the progress line and the messages say."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from projects import SHOP, write

from eventlint.api import lint_paths, resolve_config
from eventlint.cli import ProgressIndicator, main


def test_progress_shows_the_phases_after_reading(tmp_path: Path) -> None:
    """The line leaves "reading N/N files" for the index and each rule, in the order they run."""
    write(tmp_path, SHOP)
    stream = io.StringIO()
    indicator = ProgressIndicator(stream)
    indicator.EVERY = 1
    config, _ = resolve_config([tmp_path])
    lint_paths([], config, progress=indicator, cache=False, jobs=1)
    shown = [part.removeprefix("\x1b[K") for part in stream.getvalue().split("\r") if part]
    reading = [line for line in shown if "reading" in line]
    assert reading and reading[-1].endswith("files")
    after = shown[shown.index(reading[-1]) + 1 :]
    assert after[0] == "eventlint: indexing the project"
    assert "eventlint: checking EVL201 domain-event-crosses-context" in after
    assert after.index("eventlint: checking EVL101 domain-event-suffix") < after.index(
        "eventlint: checking EVL201 domain-event-crosses-context"
    )


def test_phases_are_not_shown_in_a_run_too_short_to_show_reading() -> None:
    stream = io.StringIO()
    indicator = ProgressIndicator(stream)
    indicator(3, 10)
    indicator.phase("indexing the project")
    assert stream.getvalue() == ""


@pytest.mark.parametrize("command", [["check"], ["map"]])
def test_without_configuration_the_notice_points_to_init(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"app/__init__.py": "", "app/events.py": "class OrderPlacedDomainEvent: ...\n"})
    monkeypatch.chdir(tmp_path)
    main([*command, "app"])
    err = capsys.readouterr().err
    assert "eventlint init" in err, err


def test_an_empty_map_says_how_to_get_contexts(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A configuration with no contexts draws nothing; the user hears why and what to do."""
    write(tmp_path, {"eventlint.toml": "", "app/__init__.py": "", "app/events.py": "class OrderPlacedDomainEvent: ...\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["map"]) == 0
    err = capsys.readouterr().err
    assert "no bounded contexts" in err and "eventlint init" in err, err


@pytest.mark.parametrize("name", ["EVL201", "evl201", "domain-event-crosses-context", "Domain-Event-Crosses-Context"])
def test_explain_takes_a_code_or_a_slug(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", name]) == 0
    assert capsys.readouterr().out.startswith("# EVL201: domain-event-crosses-context")


@pytest.mark.parametrize("name", ["EVL999", "domain-event-crossing", ""])
def test_explain_of_an_unknown_rule_is_a_usage_error(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", name]) == 2
    assert "eventlint rules" in capsys.readouterr().err


def test_explain_suggests_the_nearest_slug(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "domain-event-crosses-contexts"]) == 2
    assert "did you mean 'domain-event-crosses-context'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda root: root / "missing", "does not exist"),
        (lambda root: write(root, {"file.py": ""}) / "file.py", "is a file, not a folder"),
    ],
)
def test_init_on_a_missing_path_or_a_file_says_which(
    tmp_path: Path, make: object, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert callable(make)
    target = make(tmp_path)
    assert main(["init", str(target)]) == 2
    assert says in capsys.readouterr().err


@pytest.mark.parametrize(("call", "phrase"), [("broker", "to a broker call"), ("outbox", "to an outbox call")])
def test_domain_event_to_broker_reads_as_english(call: str, phrase: str) -> None:
    from eventlint import lint_sources

    files = {
        "events.py": "class DomainEvent: ...\n\n\nclass OrderPlacedDomainEvent(DomainEvent): ...\n",
        "service.py": f"from events import OrderPlacedDomainEvent\n\n\ndef place(port):\n    port.{call}.send(OrderPlacedDomainEvent())\n",
    }
    config = f'[dispatch]\n{call} = ["*.{call}.send"]\n[contexts.ordering]\nmodules = ["events", "service"]\n'
    [finding] = [d for d in lint_sources(files, config).diagnostics if d.code == "EVL202"]
    assert phrase in finding.message, finding.message
