"""The command line: exit codes, output formats, PATHs, suppressions, robustness.

Findings are asserted by code and position, never by message wording.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from projects import findings, run, shop_config, write

import eventlint
import eventlint.api
import eventlint.checks.judging
import eventlint.extractor.extract
from eventlint.checks.registry import RULES as CODES
from eventlint.facts.vocabulary import Vocabulary
from eventlint.index.project import Project
from eventlint.model import Diagnostic

CONFIG = shop_config("ordering", "basket")

CLEAN: dict[str, str] = {
    "eventlint.toml": CONFIG,
    "shop/__init__.py": "",
    "shop/seedwork.py": "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n",
    "shop/ordering/__init__.py": "",
    "shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent\n"
        "\n"
        "\n"
        "class OrderStartedDomainEvent(DomainEvent): ...\n"
    ),
    "shop/basket/__init__.py": "",
}

HANDLERS = "from shop.ordering.events import OrderStartedDomainEvent\n"

VIOLATING: dict[str, str] = {
    **CLEAN,
    "shop/ordering/events.py": CLEAN["shop/ordering/events.py"] + "\n\nclass CreateOrder(DomainEvent): ...\n",
    "shop/basket/handlers.py": HANDLERS,
}

# The findings of a full run of VIOLATING, as (code, path, line, column).
EXPECTED = {
    ("EVL201", "shop/basket/handlers.py", 1, 34),
    ("EVL101", "shop/ordering/events.py", 7, 7),
    ("EVL104", "shop/ordering/events.py", 7, 7),
}

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>EVL\d{3}) \S")

JSON_KEYS = {
    "code",
    "name",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "context",
    "event",
    "symbol",
    "related",
    "fix",
}


# -- helpers ---------------------------------------------------------------








@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The violating shop project, as the current directory."""
    write(tmp_path, VIOLATING)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- exit codes ------------------------------------------------------------


def test_clean_project_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, CLEAN)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert code == 0
    assert not any(LINE.match(line) for line in out.splitlines())
    assert len(out.splitlines()) == 1  # the summary
    assert err == ""


def test_findings_exit_1(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check")
    assert code == 1
    assert err == ""


def test_exit_zero_with_findings(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--exit-zero")
    assert code == 0
    assert sum(1 for line in out.splitlines() if LINE.match(line)) == len(EXPECTED)


def test_unknown_select_code_is_a_usage_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--select", "EVL999")
    assert code == 2
    assert out == ""
    assert err == "eventlint: --select: unknown rule code 'EVL999'\n"


def test_unknown_ignore_code_is_a_usage_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--ignore", "EVL101,NOPE")
    assert code == 2
    assert out == ""
    assert err == "eventlint: --ignore: unknown rule code 'NOPE'\n"


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["check", "no/such/dir"], id="missing-path"),
        pytest.param(["check", "shop", "missing.py"], id="second-path-missing"),
        pytest.param(["check", "--format", "bogus"], id="unknown-format"),
        pytest.param(["check", "--no-such-option"], id="unknown-option"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2_with_one_line(shop: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("eventlint: ")
    assert len(err.strip().splitlines()) == 1


# -- output ----------------------------------------------------------------


def test_text_output_is_sorted_then_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, VIOLATING)
    write(
        tmp_path,
        {
            "shop/basket/alpha.py": "import os\nfrom shop.ordering.events import CreateOrder, OrderStartedDomainEvent\n",
            "shop/basket/zeta.py": "from shop.ordering.events import CreateOrder\n",
            "shop/ordering/aaa.py": "from shop.seedwork import DomainEvent\n\n\nclass ShipParcel(DomainEvent): ...\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check")
    assert code == 1
    *lines, summary = out.splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    positions = [(m["path"], int(m["line"]), int(m["column"])) for m in matches if m]
    assert positions == sorted(positions)
    assert len(positions) >= 8
    assert {m["path"] for m in matches if m} == {
        "shop/basket/alpha.py",
        "shop/basket/handlers.py",
        "shop/basket/zeta.py",
        "shop/ordering/aaa.py",
        "shop/ordering/events.py",
    }
    assert not LINE.match(summary)
    assert summary.strip()


def test_text_output_lines_match_json(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check")
    text = {(m["code"], m["path"], int(m["line"]), int(m["column"])) for m in map(LINE.match, out.splitlines()) if m}
    assert text == findings(capsys) == EXPECTED


def test_quiet_prints_findings_only(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--quiet")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(EXPECTED)
    assert all(LINE.match(line) for line in lines)
    assert err == ""


def test_quiet_clean_run_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, CLEAN)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check", "-q") == (0, "", "")


def test_statistics_counts_per_code(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"shop/basket/more.py": "from shop.ordering.events import CreateOrder, OrderStartedDomainEvent\n"})
    code, out, _ = run(capsys, "check", "--statistics", "--quiet")
    assert code == 1
    counts = {}
    for line in out.splitlines():
        match = re.match(r"^\s*(\d+)\s+(EVL\d{3})\b", line)
        assert match, line
        counts[match[2]] = int(match[1])
    assert counts == dict(Counter(code for code, *_ in findings(capsys)))
    assert counts == {"EVL101": 1, "EVL104": 1, "EVL201": 3}


def test_json_output(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert isinstance(data, list)
    assert len(data) == len(EXPECTED)
    for item in data:
        assert set(item) == JSON_KEYS
        assert item["line"] >= 1 and item["column"] >= 1
        assert (item["end_line"], item["end_column"]) >= (item["line"], item["column"])
        assert isinstance(item["related"], list)
    [crossing] = [item for item in data if item["code"] == "EVL201"]
    assert crossing["name"] == "domain-event-crosses-context"
    assert (crossing["path"], crossing["line"], crossing["column"]) == ("shop/basket/handlers.py", 1, 34)
    # 1-based: column 34 is where the imported name starts.
    assert HANDLERS[crossing["column"] - 1 :].startswith("OrderStartedDomainEvent")
    assert crossing["end_column"] - crossing["column"] == len("OrderStartedDomainEvent")
    assert crossing["context"] == "basket"
    assert crossing["event"] == "shop.ordering.events.OrderStartedDomainEvent"
    class_finding = next(item for item in data if item["code"] == "EVL101")
    assert (class_finding["line"], class_finding["column"]) == (7, 7)  # at the class name
    assert crossing["fix"] is None
    assert class_finding["fix"] == {
        "message": "Rename `CreateOrder` to `CreateOrderDomainEvent` across the project",
        "applicability": "unsafe",
    }


def test_json_output_is_an_empty_list_when_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, CLEAN)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 0
    assert json.loads(out) == []


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_output_file(shop: Path, capsys: pytest.CaptureFixture[str], output_format: str) -> None:
    code, expected, _ = run(capsys, "check", "--format", output_format)
    assert code == 1
    code, out, err = run(capsys, "check", "--format", output_format, "--output-file", "report.out")
    assert code == 1
    assert out == ""
    assert err == ""
    assert (shop / "report.out").read_text(encoding="utf-8") == expected


# -- PATHs restrict what is reported, never what is known -----------------


def test_a_file_alone_is_judged_as_in_a_full_run(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = findings(capsys)
    alone = findings(capsys, "shop/basket/handlers.py")
    assert alone == {f for f in full if f[1] == "shop/basket/handlers.py"}
    assert alone == {("EVL201", "shop/basket/handlers.py", 1, 34)}


def test_paths_limit_what_is_reported(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert findings(capsys, "shop/ordering") == {
        ("EVL101", "shop/ordering/events.py", 7, 7),
        ("EVL104", "shop/ordering/events.py", 7, 7),
    }
    assert findings(capsys, "shop/seedwork.py") == set()
    assert findings(capsys, "shop/basket", "shop/ordering/events.py") == EXPECTED


def test_path_given_from_a_subfolder(shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(shop / "shop" / "basket")
    assert findings(capsys, "handlers.py") == {("EVL201", "handlers.py", 1, 34)}


def test_summary_counts_reported_files_only(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "shop/basket/handlers.py")
    assert code == 1
    *lines, summary = out.splitlines()
    assert len(lines) == 1
    assert re.search(r"\b1 finding\b", summary) and re.search(r"\b1 file\b", summary)


# -- suppression -----------------------------------------------------------

IMPORT = "from shop.ordering.events import OrderStartedDomainEvent"


@pytest.mark.parametrize(
    ("handlers", "suppressed"),
    [
        pytest.param(f"{IMPORT}  # noqa: EVL201\n", True, id="code"),
        pytest.param(f"{IMPORT}  # noqa:EVL201\n", True, id="code-no-space"),
        pytest.param(f"{IMPORT}  # NOQA: evl201\n", True, id="case-insensitive"),
        pytest.param(f"{IMPORT}  # noqa: E501,EVL201\n", True, id="mixed-codes"),
        pytest.param(f"{IMPORT}  # noqa: E501, EVL201, W291\n", True, id="mixed-codes-spaces"),
        pytest.param(f"{IMPORT}  # noqa\n", True, id="bare"),
        pytest.param(f"{IMPORT}  # type: ignore  # noqa\n", True, id="after-another-comment"),
        pytest.param(f"{IMPORT}  # noqa: EVL101\n", False, id="other-code"),
        pytest.param(f"{IMPORT}  # noqa: E501\n", False, id="other-tool-code"),
        pytest.param(f"# noqa: EVL201\n{IMPORT}\n", False, id="line-above"),
        pytest.param(f"{IMPORT}\nx = 1  # noqa: EVL201\n", False, id="line-below"),
        pytest.param(
            "from shop.ordering.events import (  # noqa: EVL201\n    OrderStartedDomainEvent,\n)\n",
            True,
            id="multi-line-first-line",
        ),
        pytest.param(
            "from shop.ordering.events import (\n    OrderStartedDomainEvent,\n)  # noqa: EVL201\n",
            True,
            id="multi-line-last-line",
        ),
        pytest.param(
            "from shop.ordering.events import (\n    OrderStartedDomainEvent,  # noqa: EVL201\n)\n",
            True,
            id="multi-line-reported-line",
        ),
        pytest.param(
            "from shop.ordering.events import (\n    OrderStartedDomainEvent,\n)\nx = 1  # noqa: EVL201\n",
            False,
            id="multi-line-next-statement",
        ),
        pytest.param(
            "from shop.ordering.events import (  # noqa: EVL101\n    OrderStartedDomainEvent,\n)\n",
            False,
            id="multi-line-other-code",
        ),
        pytest.param(f"# eventlint: noqa\n{IMPORT}\n", True, id="file-skip"),
        pytest.param(
            f"#!/usr/bin/env python\n# Handlers of the basket.\n#\n# eventlint: noqa\n\n{IMPORT}\n",
            True,
            id="file-skip-in-first-comment-block",
        ),
        pytest.param(f"{IMPORT}\n# eventlint: noqa\n", False, id="file-skip-after-code"),
        pytest.param(f"{IMPORT}  # noqa:  EVL201\n", True, id="two-spaces"),
        pytest.param(f"{IMPORT}  # noqa: EVL201 because basket still listens\n", True, id="with-an-explanation"),
        pytest.param(f"{IMPORT}  # noqa: EVL2O1\n", False, id="letter-O-typo"),
        pytest.param(f"{IMPORT}  # noqa: banana\n", False, id="not-a-code"),
        pytest.param(f"{IMPORT}  # noqa:\n", False, id="colon-without-code"),
    ],
)
def test_suppression(shop: Path, capsys: pytest.CaptureFixture[str], handlers: str, suppressed: bool) -> None:
    write(shop, {"shop/basket/handlers.py": handlers})
    found = findings(capsys)
    crossings = {f for f in found if f[0] == "EVL201"}
    if suppressed:
        assert crossings == set()
    else:
        assert len(crossings) == 1
        [(_, path, line, _)] = crossings
        assert path == "shop/basket/handlers.py"
        assert handlers.splitlines()[line - 1].lstrip().startswith(("from", "OrderStartedDomainEvent"))
    # Other files are never affected.
    assert {f for f in found if f[1] == "shop/ordering/events.py"} == {
        ("EVL101", "shop/ordering/events.py", 7, 7),
        ("EVL104", "shop/ordering/events.py", 7, 7),
    }


def test_noqa_on_a_class_line(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = CLEAN["shop/ordering/events.py"] + "\n\nclass CreateOrder(DomainEvent): ...  # noqa: EVL104\n"
    write(shop, {"shop/ordering/events.py": events})
    assert {f for f in findings(capsys) if f[1] == "shop/ordering/events.py"} == {("EVL101", "shop/ordering/events.py", 7, 7)}


@pytest.mark.parametrize(
    ("comment", "why"),
    [
        ("# noqa: EVL2O1", "`EVL2O1` is not a rule code"),
        ("# noqa: banana", "`banana` is not a rule code"),
        ("# noqa:", "no rule code follows `noqa:`"),
        ("# noqa: EVL999", "`EVL999` is no eventlint rule"),
    ],
)
def test_an_invalid_noqa_is_reported_and_suppresses_nothing(
    shop: Path, capsys: pytest.CaptureFixture[str], comment: str, why: str
) -> None:
    write(shop, {"shop/basket/handlers.py": f"{IMPORT}  {comment}\n"})
    for _ in range(2):  # the second run reads its results from the cache: the warning stays
        code, out, err = run(capsys, "check")
        assert code == 1
        assert "shop/basket/handlers.py:1:34: EVL201" in out
        assert err == f"eventlint: warning: shop/basket/handlers.py:1: invalid `# noqa` directive: {why}; it suppresses nothing\n"


@pytest.mark.parametrize(
    "handlers",
    [
        pytest.param(
            "import contextlib\n\n\n"
            "def handle() -> None:\n"
            "    with contextlib.suppress(\n"
            "        Exception,\n"
            "    ):  # noqa: EVL201\n"
            "        from shop.ordering.events import OrderStartedDomainEvent\n",
            id="not-the-header-of-a-with",
        ),
    ],
)
def test_a_noqa_on_a_compound_header_covers_only_that_header(
    shop: Path, capsys: pytest.CaptureFixture[str], handlers: str
) -> None:
    write(shop, {"shop/basket/handlers.py": handlers})
    assert {f[0] for f in findings(capsys) if f[1] == "shop/basket/handlers.py"} == {"EVL201"}


def test_a_noqa_on_the_last_line_of_a_multi_line_header(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = CLEAN["shop/ordering/events.py"] + (
        "\n\nclass CreateOrder(\n"
        "    DomainEvent,\n"
        "):  # noqa: EVL101, EVL104\n"
        "    pass\n"
    )
    write(shop, {"shop/ordering/events.py": events})
    assert {f for f in findings(capsys) if f[1] == "shop/ordering/events.py"} == set()


def test_a_noqa_on_a_decorator_line(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = CLEAN["shop/ordering/events.py"] + (
        "\n\nimport dataclasses\n\n\n"
        "@dataclasses.dataclass(frozen=True)  # noqa: EVL101, EVL104\n"
        "class CreateOrder(DomainEvent):\n"
        "    pass\n"
    )
    write(shop, {"shop/ordering/events.py": events})
    assert {f for f in findings(capsys) if f[1] == "shop/ordering/events.py"} == set()


def test_a_noqa_on_the_last_line_of_a_multi_line_with_header(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    handlers = (
        "from shop.ordering import events\n\n\n"
        "def handle() -> None:\n"
        "    with open(\n"
        "        events.OrderStartedDomainEvent.__name__,\n"
        "    ):  # noqa: EVL201\n"
        "        pass\n"
    )
    write(shop, {"shop/basket/handlers.py": handlers})
    assert {f for f in findings(capsys) if f[1] == "shop/basket/handlers.py"} == set()


def test_skipped_file_still_known_to_the_project(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Skipping a file hides its findings, not its facts: the event it defines
    # is still a domain event of ordering when basket imports it.
    write(shop, {"shop/ordering/events.py": "# eventlint: noqa\n" + VIOLATING["shop/ordering/events.py"]})
    assert findings(capsys) == {("EVL201", "shop/basket/handlers.py", 1, 34)}


# -- unparsable files ------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("def broken(:\n    pass\n", id="syntax-error"),
        pytest.param(b"x = '\xff\xfe caf\xe9'\n", id="invalid-utf8"),
        pytest.param(b"# -*- coding: no-such-codec -*-\nx = 1\n", id="unknown-encoding"),
    ],
)
def test_unparsable_file_is_evl001_and_others_are_still_checked(shop: Path, capsys: pytest.CaptureFixture[str], content: str | bytes) -> None:
    write(shop, {"shop/broken.py": content})
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    data = json.loads(out)
    broken = [d for d in data if d["path"] == "shop/broken.py"]
    assert [d["code"] for d in broken] == ["EVL001"]
    assert broken[0]["line"] >= 1 and broken[0]["column"] >= 1
    assert {(d["code"], d["path"], d["line"], d["column"]) for d in data if d["path"] != "shop/broken.py"} == EXPECTED


def test_syntax_error_and_invalid_utf8_together(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"shop/a_syntax.py": "class (:\n", "shop/b_bytes.py": b"\xff\xfe\x00not python\n"})
    code, out, _ = run(capsys, "check", "--quiet")
    assert code == 1
    by_path = {(m["path"], m["code"]) for m in map(LINE.match, out.splitlines()) if m}
    assert ("shop/a_syntax.py", "EVL001") in by_path
    assert ("shop/b_bytes.py", "EVL001") in by_path
    assert ("shop/basket/handlers.py", "EVL201") in by_path
    assert ("shop/ordering/events.py", "EVL101") in by_path


def test_syntax_error_position(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"shop/broken.py": "x = 1\ny = (\n"})
    [(_, _, line, _)] = {f for f in findings(capsys) if f[1] == "shop/broken.py"}
    assert line == 2


# -- internal errors -------------------------------------------------------


def test_a_crashing_rule_exits_2_and_keeps_other_findings(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(project: Project) -> Iterator[Diagnostic]:
        raise RuntimeError("rule bug")
        yield  # pragma: no cover

    rules = tuple(dataclasses.replace(rule, check=explode) if rule.code == "EVL104" else rule for rule in eventlint.checks.judging.RULES)
    assert any(rule.code == "EVL104" for rule in rules)
    monkeypatch.setattr(eventlint.checks.judging, "RULES", rules)
    code, out, err = run(capsys, "check", "--quiet")
    assert code == 2
    assert "internal error" in err
    assert "EVL104" in err
    reported = {(m["code"], m["path"]) for m in map(LINE.match, out.splitlines()) if m}
    assert reported == {("EVL201", "shop/basket/handlers.py"), ("EVL101", "shop/ordering/events.py")}


def test_a_crash_on_one_file_exits_2_and_keeps_other_findings(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comment names an event word: the file is relevant, so it is parsed.
    write(shop, {"shop/basket/cursed.py": "# not a DomainEvent\nx = 1\n"})
    real_extract = eventlint.extractor.extract.extract

    def extract(data: bytes, module: str, is_package: bool, vocabulary: Vocabulary) -> object:
        if module == "shop.basket.cursed":
            raise RuntimeError("extractor bug")
        return real_extract(data, module, is_package, vocabulary)

    monkeypatch.setattr(eventlint.extractor.extract, "extract", extract)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 2
    assert "internal error" in err
    assert "shop/basket/cursed.py" in err
    assert {(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(out)} == EXPECTED


# -- other commands --------------------------------------------------------


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines() if line.strip()}
    for row in CODES:
        assert row.code in listed
        assert row.name in out
    table = {line.split()[0]: line.split()[1:4] for line in out.splitlines()[1:]}
    assert table["EVL101"] == ["domain-event-suffix", "on", "unsafe"]
    assert table["EVL302"][2] == "unsafe"
    assert table["EVL201"][2] == "-"
    assert table["EVL002"][1:] == ["off", "-"]


@pytest.mark.parametrize("code", ["EVL201", "evl201"])
def test_explain_prints_the_rule_document(capsys: pytest.CaptureFixture[str], code: str) -> None:
    exit_code, out, _ = run(capsys, "explain", code)
    assert exit_code == 0
    assert out.startswith("# EVL201: domain-event-crosses-context\n")


def test_explain_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    for row in CODES:
        exit_code, out, _ = run(capsys, "explain", row.code)
        assert exit_code == 0
        assert out.startswith(f"# {row.code}: {row.name}\n")


def test_explain_unknown_code_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "EVL999")
    assert code == 2
    assert out == ""
    assert err.startswith("eventlint: ") and "EVL999" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert eventlint.__version__ in out


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0
    for option in ("--config", "--select", "--ignore", "--format", "--output-file", "--exit-zero", "--statistics", "--quiet"):
        assert option in out


# -- python -m eventlint ---------------------------------------------------


def test_python_dash_m_eventlint(shop: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--format", "json", "shop"],
        cwd=shop,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert {(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(done.stdout)} == EXPECTED


def test_python_dash_m_eventlint_configuration_error(tmp_path: Path) -> None:
    write(tmp_path, {**CLEAN, "eventlint.toml": 'srcc = ["src"]\n'})
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "eventlint.toml: srcc: unknown key (did you mean 'src'?)\n"


def test_a_crash_while_reading_one_function_keeps_every_other_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from eventlint import lint_sources
    from eventlint.index.call_sites import CallSites

    real_carried = CallSites.carried

    def carried(self, scope, value, depth=0, at=None):  # type: ignore[no-untyped-def]
        if scope.function.name == "cursed":
            raise RuntimeError("resolver bug")
        return real_carried(self, scope, value, depth, at)

    monkeypatch.setattr(CallSites, "carried", carried)
    files = {
        "seedwork.py": "class DomainEvent:\n    pass\n",
        "events.py": "from seedwork import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent):\n    pass\n",
        "a.py": "from events import OrderStartedDomainEvent\n\n\ndef cursed(bus):\n    bus.send(1)\n",
        "b.py": (
            "from events import OrderStartedDomainEvent\n\n\n"
            "def fine(event_bus):\n    event_bus.publish(OrderStartedDomainEvent())\n"
        ),
    }
    result = lint_sources(files, '[dispatch]\nbroker = ["*.event_bus.publish"]\n')
    assert [error.where for error in result.errors] == ["a.py, function `cursed`"]
    assert [(d.path, d.code) for d in result.diagnostics] == [("b.py", "EVL202")]


def test_progress_indicator_counts_files_and_clears_its_line() -> None:
    import io

    from eventlint.cli import ProgressIndicator

    stream = io.StringIO()
    indicator = ProgressIndicator(stream)
    for done in range(250):
        indicator(done, 250)
    indicator.clear()
    text = stream.getvalue()
    assert "reading 100/250 files" in text and "reading 200/250 files" in text
    assert text.endswith("\r\x1b[K")
    quiet = io.StringIO()
    short = ProgressIndicator(quiet)
    for done in range(40):
        short(done, 40)
    short.clear()
    assert quiet.getvalue() == ""


# -- internal errors in every stage ------------------------------------------------


def test_a_failing_report_exits_2_and_still_prints_every_finding(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventlint.cli

    def broken(result: object, out: object) -> None:
        raise RuntimeError("emitter bug")

    monkeypatch.setitem(eventlint.cli.EMITTERS, "json", broken)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 2
    assert "internal error in the json report" in err
    assert "emitter bug" in err
    assert {(m["code"], m["path"]) for m in map(LINE.match, out.splitlines()) if m} == {
        (code, path) for code, path, _, _ in EXPECTED
    }


def test_an_output_file_that_cannot_be_written_exits_2_and_prints_the_report(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventlint.report.output

    def refuse(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(eventlint.report.output, "write_output", refuse)
    monkeypatch.setattr("eventlint.cli.write_output", refuse)
    code, out, err = run(capsys, "check", "--format", "json", "--output-file", "report.json")
    assert code == 2
    assert err == "eventlint: --output-file: cannot write 'report.json': No space left on device\n"
    assert {(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(out)} == EXPECTED


def test_an_output_file_in_a_missing_folder_is_a_usage_error_before_linting(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", "--output-file", "missing/report.txt")
    assert code == 2
    assert out == ""
    assert err.startswith("eventlint: --output-file: folder ")
    assert not (shop / ".eventlint_cache").exists()  # nothing was linted


def test_a_failing_index_exits_2_and_keeps_the_unparsable_files(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventlint.api

    write(shop, {"shop/basket/broken.py": "def broken(:\n"})

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index bug")

    monkeypatch.setattr(eventlint.api.Project, "build", explode)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 2
    assert "internal error in the project index" in err
    assert [(d["code"], d["path"]) for d in json.loads(out)] == [("EVL001", "shop/basket/broken.py")]


def test_jobs_must_be_positive(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--jobs", "0")
    assert code == 2
    assert out == ""
    assert "--jobs" in err


def test_no_cache_leaves_no_cache_folder(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert findings(capsys, "--no-cache") == EXPECTED
    assert not (shop / ".eventlint_cache").exists()
    assert findings(capsys) == EXPECTED
    assert (shop / ".eventlint_cache").is_dir()


def test_selecting_nothing_is_a_usage_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for empty in ("", " , "):
        code, out, err = run(capsys, "check", "--select", empty)
        assert code == 2
        assert out == ""
        assert err == "eventlint: --select: no rule code given (a run that selects nothing checks nothing)\n"


def test_statistics_in_json_are_json(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--statistics", "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {"code": "EVL101", "name": "domain-event-suffix", "count": 1},
        {"code": "EVL104", "name": "event-not-past-tense", "count": 1},
        {"code": "EVL201", "name": "domain-event-crosses-context", "count": 1},
    ]


# -- a setup that checks less than it seems -------------------------------------------


@pytest.mark.parametrize(
    ("config", "warning"),
    [
        pytest.param(
            'src = ["srcx"]\n' + CONFIG,
            "eventlint: warning: eventlint.toml: src[0]: folder 'srcx' does not exist",
            id="missing-src",
        ),
        pytest.param(
            CONFIG + '[contexts.shipping]\nmodules = ["shop.shiping"]\n',
            "eventlint: warning: eventlint.toml: contexts.shipping.modules[0]: 'shop.shiping' matches no module of the project",
            id="empty-context",
        ),
        pytest.param(
            CONFIG.replace('"shop.seedwork.DomainEvent"', '"shop.seedwork.DomainEvnt"'),
            "eventlint: warning: eventlint.toml: events.domain-bases[0]: module 'shop.seedwork' has no class 'DomainEvnt' "
            "(did you mean 'shop.seedwork.DomainEvent'?)",
            id="misspelt-base",
        ),
        pytest.param(
            CONFIG + '[context-map]\ncontract-modules = ["shop.ordering.wire"]\n',
            "eventlint: warning: eventlint.toml: context-map.contract-modules[0]: 'shop.ordering.wire' matches no module "
            "of the project",
            id="contract-modules-matching-nothing",
        ),
    ],
)
def test_a_setup_that_matches_nothing_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, config: str, warning: str
) -> None:
    write(tmp_path, {**VIOLATING, "eventlint.toml": config})
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # warm: the warning stays
        code, _, err = run(capsys, "check")
        assert code in (0, 1)
        assert warning in err.splitlines(), err


def test_pyproject_without_the_table_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {**CLEAN, "pyproject.toml": '[project]\nname = "shop"\n'})
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--config", "pyproject.toml")
    assert code == 2
    assert out == ""
    assert err == "pyproject.toml: no [tool.eventlint] table: in pyproject.toml, eventlint's keys go under it\n"


def test_a_tool_table_in_eventlint_toml_says_where_it_belongs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {**CLEAN, "eventlint.toml": "[tool.eventlint]\n" + CONFIG})
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err == (
        "eventlint.toml: tool.eventlint: in eventlint.toml the keys go at the top level; "
        "[tool.eventlint] is for pyproject.toml\n"
    )


def test_configuring_one_kind_of_base_keeps_the_naming_convention_for_the_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    only_domain = shop_config("ordering", events=("domain",))
    events = (
        "from shop.seedwork import IntegrationEvent\n\n\n"
        "class OrderPaidIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "class OrderShippedIntegrationEvent: ...\n"
    )
    write(tmp_path, {**CLEAN, "eventlint.toml": only_domain, "shop/ordering/integration.py": events})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    [baseless] = json.loads(out)
    assert (baseless["code"], baseless["line"]) == ("EVL105", 7)
    assert baseless["message"].endswith("derive it from an `IntegrationEvent` base")


# -- which files are the project's ---------------------------------------------------


def test_files_git_ignores_are_not_linted(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    crossing = "from shop.ordering.events import OrderStartedDomainEvent\n"
    write(
        tmp_path,
        {
            **CLEAN,
            ".gitignore": "generated/\n*.gen.py\n",
            "shop/basket/generated/client.py": crossing,
            "shop/basket/api.gen.py": crossing,
            "shop/basket/vendored/.gitignore": "*\n!kept.py\n",
            "shop/basket/vendored/copy.py": crossing,
            "shop/basket/vendored/kept.py": crossing,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert {path for _, path, _, _ in findings(capsys)} == {"shop/basket/vendored/kept.py"}
    write(tmp_path, {"eventlint.toml": "respect-gitignore = false\n" + CONFIG})
    assert {path for _, path, _, _ in findings(capsys)} == {
        "shop/basket/generated/client.py",
        "shop/basket/api.gen.py",
        "shop/basket/vendored/copy.py",
        "shop/basket/vendored/kept.py",
    }


def test_respect_gitignore_must_be_a_boolean(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {**CLEAN, "eventlint.toml": 'respect-gitignore = "yes"\n' + CONFIG})
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err == "eventlint.toml: respect-gitignore: expected a boolean, got a string\n"


def test_per_file_ignores_read_paths_as_git_does(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"eventlint.toml": CONFIG.replace("[events]", '[per-file-ignores]\n"./shop/basket/**" = ["EVL201"]\n\n[events]')})
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1
    assert {d["code"] for d in json.loads(out)} == {"EVL101", "EVL104"}
    assert err == ""


def test_per_file_ignores_matching_nothing_are_reported(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"eventlint.toml": CONFIG.replace("[events]", '[per-file-ignores]\n"shop/baskets/**" = ["EVL201"]\n\n[events]')})
    code, _, err = run(capsys, "check")
    assert code == 1
    assert err == "eventlint: warning: eventlint.toml: per-file-ignores: 'shop/baskets/**' matches no file of the project\n"


def test_without_configuration_the_project_is_what_the_paths_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    event = "class DomainEvent: ...\n\n\nclass CreateOrder(DomainEvent): ...\n"
    write(
        tmp_path,
        {
            "mydir/events.py": event,
            "elsewhere/unrelated.py": event,  # beside it in the home folder: none of the project's business
            "elsewhere/broken.py": "def broken(:\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "mydir", "--format", "json")
    assert code == 1
    assert {d["path"] for d in json.loads(out)} == {"mydir/events.py"}
    assert err == (
        "eventlint: no eventlint.toml or [tool.eventlint] found; checking mydir as the project "
        "(no bounded contexts: only the naming rules apply; `eventlint init` proposes a context map from the code)\n"
    )


def test_without_configuration_a_path_brings_its_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        {
            "work/shop/__init__.py": "",
            "work/shop/seedwork.py": "class DomainEvent: ...\n",
            "work/shop/ordering/__init__.py": "",
            "work/shop/ordering/events.py": "from ..seedwork import DomainEvent\n\n\nclass CreateOrder(DomainEvent): ...\n",
            "work/notes/draft.py": "def broken(:\n",
        },
    )
    monkeypatch.chdir(tmp_path / "work")
    code, out, err = run(capsys, "check", "shop/ordering/events.py", "--format", "json")
    assert code == 1
    # The relative import resolved: the event is a domain event of `shop.seedwork`'s base.
    assert [(d["code"], d["path"]) for d in json.loads(out)] == [
        ("EVL101", "shop/ordering/events.py"),
        ("EVL104", "shop/ordering/events.py"),
    ]
    assert "checking shop as the project" in err


def test_two_files_of_one_module_name_the_first_src_root_wins_and_it_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = 'src = ["src", "lib"]\n' + CONFIG
    events = "from shop.seedwork import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent): ...\n"
    write(
        tmp_path,
        {
            "eventlint.toml": config,
            "src/shop/__init__.py": "",
            "src/shop/seedwork.py": "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n",
            "src/shop/ordering/__init__.py": "",
            "src/shop/ordering/events.py": events,
            "lib/shop/ordering/events.py": "class OrderStartedDomainEvent: ...\n",  # sorts first, shadowed
            "src/shop/basket/__init__.py": "",
            "src/shop/basket/handlers.py": HANDLERS,
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1
    # The import resolves to src/: its domain event crosses into basket.
    assert [(d["code"], d["path"]) for d in json.loads(out)] == [("EVL201", "src/shop/basket/handlers.py")]
    assert err == (
        "eventlint: warning: src/shop/ordering/events.py and lib/shop/ordering/events.py are both module "
        "'shop.ordering.events': imports resolve to src/shop/ordering/events.py, and lib/shop/ordering/events.py "
        "is not checked\n"
    )


def test_each_path_is_judged_under_its_own_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository of two projects, as pre-commit calls eventlint in a monorepo."""
    write(tmp_path / "a", VIOLATING)
    write(tmp_path / "b", VIOLATING)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "a/shop/basket/handlers.py", "b/shop/basket/handlers.py", "--format", "json")
    assert code == 1
    assert [(d["code"], d["path"]) for d in json.loads(out)] == [
        ("EVL201", "a/shop/basket/handlers.py"),
        ("EVL201", "b/shop/basket/handlers.py"),
    ]
    assert err == ""


def test_a_file_outside_the_configured_tree_is_named_from_its_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "project", VIOLATING)
    write(tmp_path, {"tools/shop_tools/__init__.py": "", "tools/shop_tools/events.py": "class CreateOrderDomainEvent: ...\n"})
    monkeypatch.chdir(tmp_path / "project")
    from eventlint.api import resolve_config
    from eventlint.sources.discovery import module_name

    config, _ = resolve_config([Path(".")])
    assert module_name((tmp_path / "tools/shop_tools/events.py").resolve(), config) == ("shop_tools.events", False)


def test_unused_noqa_is_reported_when_selected(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        shop,
        {
            "shop/basket/handlers.py": f"{IMPORT}  # noqa: EVL201, E501\nx = 1  # noqa: EVL201, EVL104\ny = 2  # noqa\n",
        },
    )
    assert {f for f in findings(capsys) if f[1] == "shop/basket/handlers.py"} == set()  # off by default
    code, out, _ = run(capsys, "check", "--select", "EVL", "--ignore", "EVL104", "--format", "json")
    assert code == 1
    unused = sorted((d["line"], d["message"]) for d in json.loads(out) if d["code"] == "EVL002")
    assert unused == [
        (2, "`# noqa: EVL104` suppresses nothing here: EVL104 is not enabled"),
        (2, "`# noqa: EVL201` suppresses nothing here: remove it"),
    ]


# -- standard input -----------------------------------------------------------------


def test_standard_input_is_linted_as_the_named_file(shop: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--stdin-filename", "shop/basket/unsaved.py", "-", "--format", "json"],
        cwd=shop,
        input=HANDLERS.encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert [(d["code"], d["path"], d["line"]) for d in json.loads(done.stdout)] == [("EVL201", "shop/basket/unsaved.py", 1)]
    assert not (shop / "shop/basket/unsaved.py").exists()


def test_standard_input_overrides_the_file_on_disk(shop: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--stdin-filename", "shop/basket/handlers.py", "-", "--format", "json"],
        cwd=shop,
        input=b"x = 1\n",
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "-"], "eventlint: '-' reads standard input: name the file it stands for with --stdin-filename PATH\n"),
        (["check", "--stdin-filename", "a.py"], "eventlint: --stdin-filename: give '-' as the PATH to read standard input\n"),
        (
            ["check", "--stdin-filename", "a.py", "-", "shop"],
            "eventlint: '-' reads standard input: give no other PATH with it\n",
        ),
    ],
)
def test_standard_input_needs_both_halves(shop: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err == message


def test_a_run_that_checks_no_file_never_says_all_checks_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "eventlint.toml").write_text('src = ["src"]\n', encoding="utf-8")
    (tmp_path / "README.md").write_text("no code here\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert code == 0
    assert out == "Nothing checked: no Python file of the project is under the given paths.\n"
    assert "src[0]: folder 'src' does not exist" in err
