"""A setup that checks less than it seems says so: empty codes, broken baselines, bases that name no class, nested configurations.

Each is a configuration or usage error (exit 2, one line per problem naming the
file and the key) or a warning naming the key, never a quiet "All checks passed".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from projects import CONFIG, SHOP, run, tool_tables, write

# -- empty rule codes -------------------------------------------------------------


@pytest.fixture()
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, SHOP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_empty_ignored_code_is_a_configuration_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"eventlint.toml": 'ignore = [""]\nper-file-ignores = { "src/**" = ["EVL201", ""] }\n' + CONFIG})
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err == (
        "eventlint.toml: ignore[0]: empty rule code (it would match every rule)\n"
        'eventlint.toml: per-file-ignores."src/**"[1]: empty rule code (it would match every rule)\n'
    )


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        pytest.param('ignore = [""]', "ignore[0]", id="ignore-empty"),
        pytest.param('ignore = ["EVL1", " "]', "ignore[1]", id="ignore-blank"),
        pytest.param('ignore = ["\\t"]', "ignore[0]", id="ignore-tab"),
        pytest.param('select = [""]', "select[0]", id="select-empty"),
        pytest.param('select = ["EVL2", "  "]', "select[1]", id="select-blank"),
        pytest.param('per-file-ignores = { "src/**" = [""] }', 'per-file-ignores."src/**"[0]', id="per-file-empty"),
        pytest.param('per-file-ignores = { "**" = [" "] }', 'per-file-ignores."**"[0]', id="per-file-blank"),
    ],
)
def test_an_empty_code_anywhere_in_the_configuration_is_an_error(
    shop: Path, capsys: pytest.CaptureFixture[str], setting: str, key: str
) -> None:
    write(shop, {"eventlint.toml": setting + "\n" + CONFIG})
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err == f"eventlint.toml: {key}: empty rule code (it would match every rule)\n"


def test_an_empty_code_in_pyproject_names_the_tool_table(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (shop / "eventlint.toml").unlink()
    write(shop, {"pyproject.toml": '[tool.eventlint]\nignore = ["EVL1", ""]\n' + tool_tables(CONFIG).split("\n", 1)[1]})
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err == "pyproject.toml: tool.eventlint.ignore[1]: empty rule code (it would match every rule)\n"


def test_selecting_nothing_in_the_configuration_is_an_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"eventlint.toml": "select = []\n" + CONFIG})
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err == "eventlint.toml: select: no rule code given (a configuration that selects nothing checks nothing)\n"


def test_every_configuration_problem_with_codes_is_reported_at_once(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(shop, {"eventlint.toml": 'select = ["EVL", ""]\nignore = [" ", "EVL999"]\n' + CONFIG})
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err.splitlines() == [
        "eventlint.toml: select[1]: empty rule code (it would match every rule)",
        "eventlint.toml: ignore[0]: empty rule code (it would match every rule)",
        "eventlint.toml: ignore[1]: unknown rule code 'EVL999'",
    ]


@pytest.mark.parametrize(
    ("argv", "lines"),
    [
        pytest.param(["--ignore", ""], ["--ignore: empty rule code at position 1 of '' (it would match every rule)"], id="ignore-empty"),
        pytest.param(["--ignore", " "], ["--ignore: empty rule code at position 1 of ' ' (it would match every rule)"], id="ignore-blank"),
        pytest.param(
            ["--ignore", "EVL1,"], ["--ignore: empty rule code at position 2 of 'EVL1,' (it would match every rule)"], id="ignore-trailing"
        ),
        pytest.param(
            ["--select", "EVL1,,EVL2"],
            ["--select: empty rule code at position 2 of 'EVL1,,EVL2' (it would match every rule)"],
            id="select-doubled-comma",
        ),
        pytest.param(
            ["--select", ",EVL2"], ["--select: empty rule code at position 1 of ',EVL2' (it would match every rule)"], id="select-leading"
        ),
        pytest.param(
            ["--select", "EVL2, ", "--ignore", ",EVL9"],
            [
                "--select: empty rule code at position 2 of 'EVL2, ' (it would match every rule)",
                "--ignore: empty rule code at position 1 of ',EVL9' (it would match every rule)",
                "--ignore: unknown rule code 'EVL9'",
            ],
            id="both-at-once",
        ),
    ],
)
def test_an_empty_code_on_the_command_line_is_a_usage_error(
    shop: Path, capsys: pytest.CaptureFixture[str], argv: list[str], lines: list[str]
) -> None:
    code, out, err = run(capsys, "check", *argv)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [f"eventlint: {line}" for line in lines]


@pytest.mark.parametrize(
    ("setting", "argv"),
    [
        pytest.param('ignore = ["EVL"]\n', [], id="ignore-every-rule"),
        pytest.param('select = ["EVL1"]\nignore = ["EVL1"]\n', [], id="ignore-what-is-selected"),
        pytest.param("", ["--ignore", "EVL"], id="ignore-on-the-command-line"),
        pytest.param('select = ["EVL2"]\n', ["--ignore", "EVL2"], id="select-then-ignore"),
    ],
)
def test_a_selection_that_leaves_no_rule_on_says_nothing_is_checked(
    shop: Path, capsys: pytest.CaptureFixture[str], setting: str, argv: list[str]
) -> None:
    write(shop, {"eventlint.toml": setting + CONFIG})
    code, _, err = run(capsys, "check", *argv)
    assert code == 0
    assert err.splitlines() == [
        "eventlint: warning: eventlint.toml: select and ignore (with --select and --ignore) leave no rule on: nothing is checked"
    ]


def test_well_formed_codes_still_select_and_ignore(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "evl1, EVL2", "--ignore", "EVL104")
    assert code == 1
    assert sorted(d["code"] for d in json.loads(out)) == ["EVL101", "EVL201"]


# -- baseline entries ---------------------------------------------------------------


def _baseline(root: Path, *entries: object) -> None:
    text = json.dumps({"version": 1, "findings": list(entries)})
    (root / "eventlint-baseline.json").write_text(text, encoding="utf-8")


GOOD = {"code": "EVL201", "path": "src/shop/basket/handlers.py", "symbol": "", "event": "shop.ordering.events.OrderStartedDomainEvent", "count": 1}


def test_a_baseline_entry_naming_no_file_is_an_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _baseline(shop, GOOD, {"code": "EVL303"})
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "eventlint-baseline.json: findings[1].path: required key is missing",
        "eventlint-baseline.json: findings[1].symbol: required key is missing",
        "eventlint-baseline.json: findings[1].event: required key is missing",
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        pytest.param({"code": "EVL999"}, "findings[0].code: unknown rule code 'EVL999'", id="unknown-code"),
        pytest.param({"code": "EVL2"}, "findings[0].code: unknown rule code 'EVL2'", id="prefix-code"),
        pytest.param({"code": ""}, "findings[0].code: unknown rule code ''", id="empty-code"),
        pytest.param({"code": None}, "findings[0].code: expected a string, got null", id="null-code"),
        pytest.param({"code": 201}, "findings[0].code: expected a string, got an integer", id="number-code"),
        pytest.param({"path": ""}, "findings[0].path: expected the file's path from the project root, got an empty string", id="empty-path"),
        pytest.param({"path": ["a.py"]}, "findings[0].path: expected a string, got an array", id="array-path"),
        pytest.param({"symbol": None}, "findings[0].symbol: expected a string, got null", id="null-symbol"),
        pytest.param({"event": {}}, "findings[0].event: expected a string, got an object", id="object-event"),
        pytest.param({"count": 0}, "findings[0].count: expected a positive integer, got 0", id="zero-count"),
        pytest.param({"count": -2}, "findings[0].count: expected a positive integer, got -2", id="negative-count"),
        pytest.param({"count": 1.5}, "findings[0].count: expected a positive integer, got 1.5", id="float-count"),
        pytest.param({"count": True}, "findings[0].count: expected a positive integer, got True", id="boolean-count"),
        pytest.param({"count": "2"}, "findings[0].count: expected a positive integer, got '2'", id="string-count"),
        pytest.param({"line": 3}, "findings[0].line: unknown key", id="unknown-key"),
        pytest.param({"sybmol": ""}, "findings[0].sybmol: unknown key (did you mean 'symbol'?)", id="misspelt-key"),
    ],
)
def test_every_malformed_baseline_entry_is_an_error(
    shop: Path, capsys: pytest.CaptureFixture[str], change: dict[str, object], problem: str
) -> None:
    _baseline(shop, {**GOOD, **change})
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err == f"eventlint-baseline.json: {problem}\n"


@pytest.mark.parametrize("entry", [None, 3, "EVL201", ["EVL201"]], ids=["null", "number", "string", "array"])
def test_a_baseline_entry_that_is_no_object_is_an_error(shop: Path, capsys: pytest.CaptureFixture[str], entry: object) -> None:
    _baseline(shop, GOOD, entry)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err.startswith("eventlint-baseline.json: findings[1]: expected an object with code, path, symbol, event and count, got ")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "text",
    ['{"version": true, "findings": []}', '{"version": 2, "findings": []}', '{"version": 1}', '{"version": 1, "findings": {}}'],
    ids=["boolean-version", "future-version", "no-findings", "findings-not-a-list"],
)
def test_a_baseline_of_another_shape_is_an_error(shop: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    (shop / "eventlint-baseline.json").write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err == 'eventlint-baseline.json: not a baseline: expected {"version": 1, "findings": [...]}\n'


def test_every_baseline_problem_is_reported_at_once(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _baseline(shop, {**GOOD, "code": "EVL999"}, GOOD, {**GOOD, "count": 0, "path": 7})
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err.splitlines() == [
        "eventlint-baseline.json: findings[0].code: unknown rule code 'EVL999'",
        "eventlint-baseline.json: findings[2].path: expected a string, got an integer",
        "eventlint-baseline.json: findings[2].count: expected a positive integer, got 0",
    ]


def test_a_sound_hand_written_entry_without_a_count_hides_one_finding(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _baseline(shop, {key: value for key, value in GOOD.items() if key != "count"})
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.splitlines()[-1] == "Found 2 findings in 1 of 6 files (1 more hidden by the baseline)."


# -- configured event bases that name no class ----------------------------------------

SEEDWORK = (
    "class DomainEvent: ...\n\n\n"
    "class IntegrationEvent: ...\n\n\n"
    "def make_event() -> type: ...\n\n\n"
    "Event = make_event()\n"
)
# A class named as a domain event that really derives from nothing: EVL105 stays right about it.
BASELESS = "class OrderShippedDomainEvent: ...\n"


def _with_base(root: Path, base: str, key: str = "domain-bases") -> None:
    original = '"shop.seedwork.DomainEvent"' if key == "domain-bases" else '"shop.seedwork.IntegrationEvent"'
    write(
        root,
        {
            **SHOP,
            "src/shop/seedwork.py": SEEDWORK,
            "src/shop/ordering/shipping.py": BASELESS,
            "src/shop/ordering/paid.py": "from shop.seedwork import IntegrationEvent\n\n\nclass OrderPaidIntegrationEvent(IntegrationEvent): ...\n",
            "eventlint.toml": CONFIG.replace(original, f'"{base}"'),
        },
    )


def _baseless(out: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in json.loads(out) if d["code"] == "EVL105"}


@pytest.mark.parametrize(
    "base",
    ["DomainEvent", "shop.seedwork.event.DomainEvent"],
)
def test_a_base_naming_no_class_is_a_warning_and_no_false_baseless_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, base: str
) -> None:
    _with_base(tmp_path, base)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1
    assert "eventlint: warning: eventlint.toml: events.domain-bases[0]: " in err
    assert "(did you mean 'shop.seedwork.DomainEvent'?)" in err
    # `OrderStartedDomainEvent(DomainEvent)` derives from the base meant: never "derives from no event base".
    assert _baseless(out) == {("src/shop/ordering/shipping.py", 1)}


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        pytest.param(
            "DomainEvent",
            "'DomainEvent' has no module: give the class's fully qualified name (did you mean 'shop.seedwork.DomainEvent'?)",
            id="unqualified",
        ),
        pytest.param(
            "shop.seedwork.event.DomainEvent",
            "no module 'shop.seedwork.event' in the project (did you mean 'shop.seedwork.DomainEvent'?)",
            id="module-below-a-module",
        ),
        pytest.param(
            "shop.seedwrk.DomainEvent",
            "no module 'shop.seedwrk' in the project (did you mean 'shop.seedwork.DomainEvent'?)",
            id="misspelt-module",
        ),
        pytest.param(
            "shop.DomainEvent",
            "module 'shop' has no class 'DomainEvent' (did you mean 'shop.seedwork.DomainEvent'?)",
            id="module-without-the-class",
        ),
        pytest.param(
            "shop.seedwork.DomainEvnt",
            "module 'shop.seedwork' has no class 'DomainEvnt' (did you mean 'shop.seedwork.DomainEvent'?)",
            id="misspelt-class",
        ),
        pytest.param("shop.seedwork.make_event", "'make_event' of module 'shop.seedwork' is a function, not a class", id="function"),
        pytest.param("shop.seedwork.Event", "'Event' of module 'shop.seedwork' is a variable, not a class", id="variable"),
        pytest.param(
            "shop.seedwork.DomainEvent.Created", "'DomainEvent.Created' of module 'shop.seedwork' is not a class", id="missing-nested"
        ),
        pytest.param(
            "seedwork.DomainEvent",
            "no class of the project derives from 'seedwork.DomainEvent' (did you mean 'shop.seedwork.DomainEvent'?)",
            id="top-package-left-out",
        ),
    ],
)
def test_every_unresolvable_base_is_named_and_never_advised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, base: str, problem: str
) -> None:
    _with_base(tmp_path, base)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # warm: the warning stays, the findings too
        code, out, err = run(capsys, "check", "--format", "json")
        assert code == 1
        assert f"eventlint: warning: eventlint.toml: events.domain-bases[0]: {problem}" in err.splitlines(), err
        assert _baseless(out) == {("src/shop/ordering/shipping.py", 1)}
        advice = {d["message"].rpartition("derive it from ")[2] for d in json.loads(out) if d["code"] == "EVL105"}
        assert advice == {"a `DomainEvent` base"}  # the convention, never the base that names no class


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        pytest.param("IntegrationEvent", "'IntegrationEvent' has no module: give the class's fully qualified name", id="unqualified"),
        pytest.param("shop.seedwork.IntegrationEvnt", "module 'shop.seedwork' has no class 'IntegrationEvnt'", id="misspelt-class"),
    ],
)
def test_an_unresolvable_integration_base_is_named_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, base: str, problem: str
) -> None:
    _with_base(tmp_path, base, key="integration-bases")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json")
    hint = " (did you mean 'shop.seedwork.IntegrationEvent'?)"
    assert f"eventlint: warning: eventlint.toml: events.integration-bases[0]: {problem}{hint}" in err.splitlines(), err
    assert code == 1
    assert _baseless(out) == {("src/shop/ordering/shipping.py", 1)}  # not OrderPaidIntegrationEvent


def test_an_unresolvable_base_in_pyproject_names_the_tool_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_base(tmp_path, "DomainEvent")
    config = (tmp_path / "eventlint.toml").read_text(encoding="utf-8")
    (tmp_path / "eventlint.toml").unlink()
    write(tmp_path, {"pyproject.toml": "[tool.eventlint]\n" + tool_tables(config)})
    monkeypatch.chdir(tmp_path)
    _, _, err = run(capsys, "check")
    assert "eventlint: warning: pyproject.toml: tool.eventlint.events.domain-bases[0]: 'DomainEvent' has no module" in err


LIBRARY_EVENTS = "from eventsourcing.domain import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent): ...\n"


@pytest.mark.parametrize(
    ("base", "files"),
    [
        pytest.param("shop.seedwork.DomainEvent", {}, id="the-project-class"),
        pytest.param(
            "eventsourcing.domain.DomainEvent",
            {"src/shop/seedwork.py": "class IntegrationEvent: ...\n", "src/shop/ordering/events.py": LIBRARY_EVENTS},
            id="a-library-class",
        ),
        pytest.param(
            "eventsourcing.domain.DomainEvent",
            {"src/shop/seedwork.py": "import eventsourcing.domain\n\n\nclass DomainEvent(eventsourcing.domain.DomainEvent): ...\n\n\nclass IntegrationEvent: ...\n"},
            id="a-library-class-the-project-extends",
        ),
        pytest.param(
            "shop.seedwork.DomainEvent",
            {"src/shop/seedwork.py": "from eventsourcing.domain import DomainEvent\n\n\nclass IntegrationEvent: ...\n"},
            id="re-exported-from-a-library",
        ),
    ],
)
def test_a_base_that_resolves_or_may_resolve_outside_is_not_doubted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, base: str, files: dict[str, str]
) -> None:
    write(tmp_path, {**SHOP, "eventlint.toml": CONFIG.replace('"shop.seedwork.DomainEvent"', f'"{base}"'), **files})
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1
    assert "domain-bases" not in err
    assert "EVL201" in {d["code"] for d in json.loads(out)}  # the domain rules are on


# -- configurations in subfolders: each file under its nearest one ----------------------

README = Path(__file__).parent.parent / "README.md"
CROSSING = ("EVL201", "src/shop/basket/handlers.py")
NAMING = {("EVL101", "src/shop/ordering/events.py"), ("EVL104", "src/shop/ordering/events.py")}


def _pyproject(config: str) -> str:
    """The same keys under `[tool.eventlint]`."""
    return '[project]\nname = "billing"\n\n[tool.eventlint]\n' + tool_tables(config)


def _monorepo(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """services/a with eventlint.toml, services/b with [tool.eventlint] in pyproject.toml: each the shop."""
    write(root / "services/a", SHOP)
    billing = {relpath: text for relpath, text in SHOP.items() if relpath != "eventlint.toml"}
    write(root / "services/b", {**billing, "pyproject.toml": _pyproject(CONFIG)})
    write(root, extra or {})
    return root


def _found(out: str) -> list[tuple[str, str]]:
    return [(d["code"], d["path"]) for d in json.loads(out)]


def _in(service: str, found: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(code, f"services/{service}/{path}") for code, path in found}


def test_a_run_at_the_repository_root_judges_each_service_under_its_own_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _monorepo(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1
    found = _found(out)
    assert len(found) == len(set(found))  # no file judged twice
    assert set(found) == _in("a", {CROSSING, *NAMING}) | _in("b", {CROSSING, *NAMING})
    assert found == sorted(found, key=lambda item: item[1])  # merged and sorted
    assert err == ""  # nothing outside the services: no unconfigured project, no notice
    code, out, _ = run(capsys, "check")
    assert out.splitlines()[-1] == "Found 6 findings in 4 of 12 files."
    # The cache of each project at its own root; none at the repository root, which is no project.
    assert (tmp_path / "services/a/.eventlint_cache").is_dir()
    assert (tmp_path / "services/b/.eventlint_cache").is_dir()
    assert not (tmp_path / ".eventlint_cache").exists()


ROOT_TOOL = {"tools/names.py": "class CreateOrderDomainEvent: ...\n"}


def test_a_root_configuration_judges_what_no_service_configuration_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The root's configuration selects only the naming rules: were it to judge services/a, EVL201 would be lost
    # there and the naming findings doubled.
    _monorepo(tmp_path, {**ROOT_TOOL, "eventlint.toml": 'select = ["EVL1"]\n'})
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1
    found = _found(out)
    assert len(found) == len(set(found))
    assert set(found) == (
        _in("a", {CROSSING, *NAMING}) | _in("b", {CROSSING, *NAMING}) | {("EVL104", "tools/names.py"), ("EVL105", "tools/names.py")}
    )
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "where", "expected"),
    [
        pytest.param([], ".", {"a", "b", "tools"}, id="no-path"),
        pytest.param(["."], ".", {"a", "b", "tools"}, id="the-root"),
        pytest.param(["services"], ".", {"a", "b"}, id="the-services-folder"),
        pytest.param(["services/a"], ".", {"a"}, id="one-service"),
        pytest.param(["services/a", "services/a/src/shop"], ".", {"a"}, id="overlapping-paths"),
        pytest.param([".", "services/a/src/shop/basket/handlers.py"], ".", {"a", "b", "tools"}, id="root-and-a-file-below"),
        pytest.param(["services/a/src/shop/basket/handlers.py"], ".", {"a-crossing"}, id="one-file-as-pre-commit-passes"),
        pytest.param(
            ["services/a/src/shop/basket/handlers.py", "services/b/src/shop/ordering/events.py", "tools/names.py"],
            ".",
            {"a-crossing", "b-naming", "tools"},
            id="files-of-three-projects",
        ),
        pytest.param([], "services", {"a", "b"}, id="from-a-folder-holding-services"),
        pytest.param(["a/src"], "services", {"a-src"}, id="relative-from-a-folder"),
    ],
)
def test_every_path_form_judges_each_file_once_under_its_nearest_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str], where: str, expected: set[str]
) -> None:
    _monorepo(tmp_path, ROOT_TOOL)
    monkeypatch.chdir(tmp_path / where)
    prefix = "" if where == "." else "services/"
    parts = {
        "a": _in("a", {CROSSING, *NAMING}),
        "a-src": _in("a", {CROSSING, *NAMING}),
        "a-crossing": _in("a", {CROSSING}),
        "b": _in("b", {CROSSING, *NAMING}),
        "b-naming": _in("b", NAMING),
        "tools": {("EVL104", "tools/names.py"), ("EVL105", "tools/names.py")},
    }
    code, out, _ = run(capsys, "check", "--format", "json", *argv)
    assert code == 1
    found = [(c, prefix + path) for c, path in _found(out)]
    assert len(found) == len(set(found))
    assert set(found) == set().union(*(parts[name] for name in expected))


def test_each_service_keeps_its_own_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _monorepo(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "--update-baseline", "--baseline", "one.json")
    assert code == 2
    assert err == "eventlint: --baseline: the paths hold 2 projects; each keeps its own eventlint-baseline.json at its root\n"
    assert not (tmp_path / "one.json").exists()
    assert run(capsys, "check", "--update-baseline")[0] == 0
    for service in ("a", "b"):
        entries = json.loads((tmp_path / f"services/{service}/eventlint-baseline.json").read_text(encoding="utf-8"))["findings"]
        assert {entry["path"] for entry in entries} == {"src/shop/basket/handlers.py", "src/shop/ordering/events.py"}
    assert not (tmp_path / "eventlint-baseline.json").exists()
    code, out, _ = run(capsys, "check")
    assert (code, out) == (0, "All checks passed (12 files checked; 6 findings hidden by the baseline).\n")


def test_a_clean_monorepo_passes_and_a_broken_service_configuration_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _monorepo(tmp_path)
    clean = {"src/shop/basket/handlers.py": "", "src/shop/ordering/events.py": SHOP["src/shop/ordering/events.py"].split("\n\n\nclass Create")[0] + "\n"}
    write(tmp_path / "services/a", clean)
    write(tmp_path / "services/b", clean)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check")
    assert (code, out) == (0, "All checks passed (12 files checked).\n")
    write(tmp_path / "services/b", {"pyproject.toml": _pyproject(CONFIG) + "[tool.eventlint.contexts.shipping]\nmodule = []\n"})
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "services/b/pyproject.toml: tool.eventlint.contexts.shipping.module: unknown key (did you mean 'modules'?)",
        "services/b/pyproject.toml: tool.eventlint.contexts.shipping.modules: required key is missing",
    ]


def _fifo(path: Path) -> None:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param({".gitignore": "vendor/\n"}, id="git-ignored"),
        pytest.param({"eventlint.toml": 'exclude = ["vendor"]\n'}, id="excluded-by-the-root"),
        pytest.param({".venv/placeholder.txt": ""}, id="excluded-by-default"),
    ],
)
def test_a_configuration_where_the_project_does_not_look_is_not_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, hidden: dict[str, str]
) -> None:
    folder = ".venv/lib" if ".venv/placeholder.txt" in hidden else "vendor/lib"
    _monorepo(tmp_path, hidden)
    write(tmp_path / folder, SHOP)  # a vendored checkout with its own configuration and findings
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    assert not [path for _, path in _found(out) if path.startswith(folder)]
    assert not (tmp_path / folder / ".eventlint_cache").exists()


def test_links_and_special_files_do_not_make_projects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _monorepo(tmp_path)
    (tmp_path / "mirror").symlink_to(tmp_path / "services/a", target_is_directory=True)  # a second way into a service
    _fifo(tmp_path / "services/c/eventlint.toml")  # would block a reader for ever
    write(tmp_path / "services/c", {"names.py": "class CreateOrderDomainEvent: ...\n"})
    write(tmp_path.parent / f"{tmp_path.name}-outside", {"eventlint.toml": 'select = ["EVL201"]\n'})
    write(tmp_path / "services/d", {"names.py": "class CreateOrderDomainEvent: ...\n"})
    (tmp_path / "services/d/eventlint.toml").symlink_to(tmp_path.parent / f"{tmp_path.name}-outside" / "eventlint.toml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    found = _found(out)
    assert len(found) == len(set(found))
    assert not [path for _, path in found if path.startswith("mirror/")]
    assert {path for _, path in found if path.startswith("services/c/")} == {"services/c/names.py"}  # on defaults
    assert {code for code, path in found if path.startswith("services/d/")} == {"EVL104", "EVL105"}  # not the link's select


def test_the_readme_monorepo_hook_fails_a_commit_with_a_cross_context_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml = pytest.importorskip("yaml")
    section = README.read_text(encoding="utf-8").split("In a monorepo", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    [hook] = yaml.safe_load(block)["repos"][0]["hooks"]
    assert hook["pass_filenames"] is False  # the hook runs at the root with no file names
    program, *argv = hook["entry"].split()
    assert program == "eventlint"
    clean = {"src/shop/basket/handlers.py": "", "src/shop/ordering/events.py": SHOP["src/shop/ordering/events.py"].split("\n\n\nclass Create")[0] + "\n"}
    _monorepo(tmp_path)
    write(tmp_path / "services/a", clean)
    write(tmp_path / "services/b", clean)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, *argv)[0] == 0
    write(tmp_path / "services/a", {"src/shop/basket/handlers.py": SHOP["src/shop/basket/handlers.py"]})  # the staged change
    code, out, _ = run(capsys, *argv)
    assert code == 1
    assert out.splitlines()[0].startswith("services/a/src/shop/basket/handlers.py:1:34: EVL201 ")


# -- the language server judges a project without the projects nested in it ---------------

try:
    import pytest_lsp
    from editor import open_workspace
    from lsprotocol import types
    from pytest_lsp import ClientServerConfig, LanguageClient
except ImportError:  # the test extras are not installed: the editor test below is skipped
    pytest_lsp = None


if pytest_lsp is not None:
    import asyncio
    import sys

    @pytest.fixture()
    def monorepo(tmp_path: Path) -> Path:
        return _monorepo(tmp_path / "repo", {**ROOT_TOOL, "eventlint.toml": 'select = ["EVL1"]\n'})

    @pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "eventlint", "lsp"]))
    async def editor(lsp_client: LanguageClient, monorepo: Path):  # type: ignore[no-untyped-def]
        await open_workspace(lsp_client, monorepo, name="repo")
        yield
        await lsp_client.shutdown_session()

    async def _published(client: LanguageClient, file_uri: str) -> None:
        async def wait() -> None:
            while file_uri not in client.diagnostics:
                await asyncio.sleep(0.02)

        await asyncio.wait_for(wait(), 30.0)

    @pytest.mark.asyncio
    async def test_the_editor_judges_the_root_project_without_the_services_below_it(editor: LanguageClient, monorepo: Path) -> None:
        path = monorepo / "tools/names.py"
        file_uri = path.resolve().as_uri()
        text = path.read_text(encoding="utf-8")
        editor.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(file_uri, "python", 1, text)))
        await _published(editor, file_uri)
        assert sorted(str(d.code) for d in editor.diagnostics[file_uri]) == ["EVL104", "EVL105"]
        # The root project's run published nothing on a service's files: those are the service's own to judge.
        services = (monorepo / "services").resolve().as_uri()
        assert not [uri for uri, found in editor.diagnostics.items() if uri.startswith(services) and found]
        handlers = (monorepo / "services/a/src/shop/basket/handlers.py").resolve()
        handlers_uri = handlers.as_uri()
        editor.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(handlers_uri, "python", 1, handlers.read_text(encoding="utf-8")))
        )
        await _published(editor, handlers_uri)
        assert [str(d.code) for d in editor.diagnostics[handlers_uri]] == ["EVL201"]  # under services/a's own configuration
