"""Configuration: discovery, validation errors, selection, per-file ignores, exclusion.

Configuration errors are part of the contract word for word (`FILE: dotted.key:
message`), so they are asserted exactly; findings are asserted by code and
position only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from projects import SHOP, findings, run, shop_config, tool_tables, write, write_configured

EVENTS = shop_config()
CONFIG = shop_config("ordering", "basket")

# The small shop of `projects`, with no src folder.
SOURCES = {relpath.removeprefix("src/"): text for relpath, text in SHOP.items() if relpath != "eventlint.toml"}

# What a full run of SOURCES with CONFIG finds, as (code, path, line, column).
EXPECTED = {
    ("EVL201", "shop/basket/handlers.py", 1, 34),
    ("EVL101", "shop/ordering/events.py", 7, 7),
    ("EVL104", "shop/ordering/events.py", 7, 7),
}


# -- helpers ---------------------------------------------------------------




def project(root: Path, config: str | None = CONFIG, *, name: str = "eventlint.toml", prefix: str = "") -> Path:
    """The small shop project below `root` (its files under `prefix`), with `config` as `name`."""
    sources = {prefix + relpath: text for relpath, text in SOURCES.items()}
    return write(root, sources) if config is None else write_configured(root, sources, config, name=name)






def codes(capsys: pytest.CaptureFixture[str], *argv: str) -> set[str]:
    """The codes `eventlint check ARGV` reports."""
    return {code for code, *_ in findings(capsys, *argv)}


def config_errors(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """Run `eventlint check ARGV`, expect a configuration error; return the stderr lines."""
    code, out, err = run(capsys, "check", *argv)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(line.strip() for line in lines)
    return lines


# -- configuration errors --------------------------------------------------


def test_toml_syntax_error_is_one_line_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, 'src = ["src"\nselect = [\n')
    monkeypatch.chdir(tmp_path)
    lines = config_errors(capsys)
    assert len(lines) == 1
    assert lines[0].startswith("eventlint.toml: invalid TOML: ")


def test_toml_syntax_error_in_pyproject_given_with_config(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, "[tool.eventlint]\nsrc = \n", name="pyproject.toml")
    monkeypatch.chdir(tmp_path)
    lines = config_errors(capsys, "--config", "pyproject.toml")
    assert len(lines) == 1
    assert lines[0].startswith("pyproject.toml: invalid TOML: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'srcc = ["src"]\n' + CONFIG,
            ["eventlint.toml: srcc: unknown key (did you mean 'src'?)"],
            id="unknown-top-level-key",
        ),
        pytest.param(
            'src = "src"\n' + CONFIG,
            ["eventlint.toml: src: expected an array of strings, got a string"],
            id="string-instead-of-array",
        ),
        pytest.param(
            EVENTS + '[contexts.basket]\nmodulez = ["shop.basket"]\nmodules = ["shop.basket"]\n',
            ["eventlint.toml: contexts.basket.modulez: unknown key (did you mean 'modules'?)"],
            id="unknown-nested-key",
        ),
        pytest.param(
            EVENTS + '[contexts.basket]\nmodules = ["shop.basket", 3]\n',
            ["eventlint.toml: contexts.basket.modules[1]: expected a string, got an integer"],
            id="wrong-item-type",
        ),
        pytest.param(
            '[events]\ndomain-base = ["shop.seedwork.DomainEvent"]\n',
            ["eventlint.toml: events.domain-base: unknown key (did you mean 'domain-bases'?)"],
            id="unknown-events-key",
        ),
        pytest.param(
            'select = ["EVL1", "EVL999"]\n' + CONFIG,
            ["eventlint.toml: select[1]: unknown rule code 'EVL999'"],
            id="unknown-code-in-select",
        ),
        pytest.param(
            'ignore = ["XYZ123"]\n' + CONFIG,
            ["eventlint.toml: ignore[0]: unknown rule code 'XYZ123'"],
            id="unknown-code-in-ignore",
        ),
        pytest.param(
            'per-file-ignores = { "tests/**" = ["EVL201", "EVL777"] }\n' + CONFIG,
            ["eventlint.toml: per-file-ignores.\"tests/**\"[1]: unknown rule code 'EVL777'"],
            id="unknown-code-in-per-file-ignores",
        ),
        pytest.param(
            'per-file-ignores = { "tests/*.py" = "EVL201" }\n' + CONFIG,
            ["eventlint.toml: per-file-ignores.\"tests/*.py\": expected an array of strings, got a string"],
            id="per-file-ignores-glob-key-is-quoted",
        ),
        pytest.param(
            CONFIG + '\n[context-map]\nshared-kernels = [["ordering", "baskett"]]\n',
            ["eventlint.toml: context-map.shared-kernels[0][1]: unknown context 'baskett' (did you mean 'basket'?)"],
            id="unknown-context-in-shared-kernel",
        ),
        pytest.param(
            CONFIG + '\n[context-map]\nshared-kernels = [["ordering", 7]]\n',
            ["eventlint.toml: context-map.shared-kernels[0]: expected an array of context names"],
            id="malformed-shared-kernel",
        ),
        pytest.param(
            CONFIG + '\n[context-map]\nrelationships = ["ordering => basket"]\n',
            ["eventlint.toml: context-map.relationships[0]: expected 'upstream -> downstream', got 'ordering => basket'"],
            id="malformed-relationship",
        ),
        pytest.param(
            CONFIG + '\n[context-map]\nrelationships = ["ordering -> baskets"]\n',
            ["eventlint.toml: context-map.relationships[0]: unknown context 'baskets' (did you mean 'basket'?)"],
            id="relationship-unknown-context",
        ),
        pytest.param(
            CONFIG + '\n[contexts.checkout]\nmodules = ["shop.checkout", "shop.basket"]\n',
            ["eventlint.toml: contexts.checkout.modules[1]: 'shop.basket' is already in context 'basket'"],
            id="prefix-in-two-contexts",
        ),
        pytest.param(
            CONFIG + "\n[contexts.payment]\n",
            ["eventlint.toml: contexts.payment.modules: required key is missing"],
            id="missing-modules",
        ),
        pytest.param(
            # A context reported for its missing `modules` is still a declared
            # name: the relationship naming it is not a second error.
            CONFIG + '\n[contexts.payment]\n\n[context-map]\nrelationships = ["ordering -> payment"]\n',
            ["eventlint.toml: contexts.payment.modules: required key is missing"],
            id="missing-modules-no-cascade",
        ),
        pytest.param(
            CONFIG + '\n[dispatch]\ndisable-presets = ["kafka"]\nbrokers = ["*.bus.publish"]\n',
            [
                "eventlint.toml: dispatch.brokers: unknown key (did you mean 'broker'?)",
                "eventlint.toml: dispatch.disable-presets[0]: unknown preset 'kafka' (did you mean 'kafka-python'?)",
            ],
            id="dispatch-unknown-key-and-preset",
        ),
        pytest.param(
            CONFIG + '\n[dispatch]\nbroker = ["bus.publish()"]\n',
            [
                "eventlint.toml: dispatch.broker[0]: expected 'a.b.c', '*.attribute.chain', "
                "'lib.**.method' or '@decorator.method', got 'bus.publish()'"
            ],
            id="dispatch-malformed-pattern",
        ),
    ],
)
def test_configuration_error_lines(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    expected: list[str],
) -> None:
    project(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    assert config_errors(capsys) == expected


def test_every_problem_is_reported_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(
        tmp_path,
        'srcc = ["src"]\n'
        'select = ["EVL999"]\n'
        'ignore = ["EVL1", "NOPE1"]\n'
        'per-file-ignores = { "tests/**" = ["EVL77"] }\n'
        "\n"
        "[contexts.ordering]\n"
        'modules = ["shop.ordering"]\n'
        "\n"
        "[contexts.basket]\n"
        'modulez = ["shop.basket"]\n'
        'modules = ["shop.basket", 3, "shop.ordering"]\n'
        "\n"
        "[contexts.payment]\n"
        "\n"
        "[context-map]\n"
        'shared-kernels = [["ordering", "paymnt"]]\n'
        'relationships = ["ordering => basket", "ordering -> shipping"]\n',
    )
    monkeypatch.chdir(tmp_path)
    lines = config_errors(capsys)
    assert sorted(lines) == sorted(
        [
            "eventlint.toml: srcc: unknown key (did you mean 'src'?)",
            "eventlint.toml: select[0]: unknown rule code 'EVL999'",
            "eventlint.toml: ignore[1]: unknown rule code 'NOPE1'",
            "eventlint.toml: per-file-ignores.\"tests/**\"[0]: unknown rule code 'EVL77'",
            "eventlint.toml: contexts.basket.modulez: unknown key (did you mean 'modules'?)",
            "eventlint.toml: contexts.basket.modules[1]: expected a string, got an integer",
            "eventlint.toml: contexts.basket.modules[1]: 'shop.ordering' is already in context 'ordering'",
            "eventlint.toml: contexts.payment.modules: required key is missing",
            "eventlint.toml: context-map.shared-kernels[0][1]: unknown context 'paymnt' (did you mean 'payment'?)",
            "eventlint.toml: context-map.relationships[0]: expected 'upstream -> downstream', got 'ordering => basket'",
            "eventlint.toml: context-map.relationships[1]: unknown context 'shipping'",
        ]
    )


def test_pyproject_keys_are_prefixed_with_tool_eventlint(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(
        tmp_path,
        '[project]\nname = "shop"\n\n'
        '[tool.eventlint]\nsrcc = ["src"]\n\n'
        '[tool.eventlint.contexts.basket]\nmodules = ["shop.basket", 3]\n',
        name="pyproject.toml",
    )
    monkeypatch.chdir(tmp_path)
    assert sorted(config_errors(capsys)) == [
        "pyproject.toml: tool.eventlint.contexts.basket.modules[1]: expected a string, got an integer",
        "pyproject.toml: tool.eventlint.srcc: unknown key (did you mean 'src'?)",
    ]


def test_config_file_is_named_relative_to_cwd_when_below_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path / "services" / "shop", 'srcc = ["src"]\n')
    monkeypatch.chdir(tmp_path)
    assert config_errors(capsys, "services/shop") == ["services/shop/eventlint.toml: srcc: unknown key (did you mean 'src'?)"]


def test_config_option_file_is_named_as_given(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, CONFIG)
    write(tmp_path, {"ci/strict.toml": 'srcc = ["src"]\n'})
    monkeypatch.chdir(tmp_path)
    assert config_errors(capsys, "--config", "ci/strict.toml") == ["ci/strict.toml: srcc: unknown key (did you mean 'src'?)"]


def test_config_above_cwd_is_named_so_that_it_can_be_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, 'srcc = ["src"]\n')
    monkeypatch.chdir(tmp_path / "shop" / "basket")
    [line] = config_errors(capsys)
    name, rest = line.split(": ", 1)
    assert rest == "srcc: unknown key (did you mean 'src'?)"
    assert (Path.cwd() / name).resolve() == (tmp_path / "eventlint.toml").resolve()


# -- discovery -------------------------------------------------------------


def test_eventlint_toml_found_walking_up_from_first_path(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path / "proj")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json", "proj/shop/basket/handlers.py")
    assert code == 1
    assert err == ""  # a configuration was found: no notice
    assert {(d["code"], d["path"]) for d in json.loads(out)} == {("EVL201", "proj/shop/basket/handlers.py")}


def test_pyproject_with_tool_eventlint_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = '[project]\nname = "shop"\n\n' + tool_tables(CONFIG)
    project(tmp_path, pyproject, name="pyproject.toml")
    monkeypatch.chdir(tmp_path / "shop")
    assert {code for code, *_ in findings(capsys)} == {"EVL101", "EVL104", "EVL201"}


def test_pyproject_without_tool_eventlint_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path)
    write(tmp_path, {"shop/pyproject.toml": '[project]\nname = "shop"\n\n[tool.ruff]\nline-length = 100\n'})
    monkeypatch.chdir(tmp_path / "shop")
    # The walk goes past shop/pyproject.toml to ../eventlint.toml, whose
    # contexts make the crossing visible.
    assert ("EVL201", "basket/handlers.py", 1, 34) in findings(capsys)


def test_nearest_configuration_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"eventlint.toml": 'select = ["EVL104"]\n'})
    project(tmp_path / "inner")
    monkeypatch.chdir(tmp_path)
    assert codes(capsys, "inner") == {"EVL101", "EVL104", "EVL201"}
    assert codes(capsys, "inner/shop/ordering") == {"EVL101", "EVL104"}
    # Without a PATH the run judges the cwd's project, and the files below inner/ under their own, nearer file.
    assert codes(capsys) == {"EVL101", "EVL104", "EVL201"}


def test_eventlint_toml_beats_pyproject_in_the_same_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path)
    write(tmp_path, {"pyproject.toml": '[tool.eventlint]\nselect = ["EVL104"]\n'})
    monkeypatch.chdir(tmp_path)
    assert codes(capsys) == {"EVL101", "EVL104", "EVL201"}


def test_config_option_overrides_discovery(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path)
    write(tmp_path, {"only-suffix.toml": 'select = ["EVL101"]\n', "ci/tense.toml": 'src = [".."]\nselect = ["EVL104"]\n'})
    monkeypatch.chdir(tmp_path)
    assert codes(capsys, "--config", "only-suffix.toml") == {"EVL101"}
    # Its folder is the project root and its paths are relative to it.
    assert findings(capsys, "--config", "ci/tense.toml", ".") == {("EVL104", "shop/ordering/events.py", 7, 7)}
    monkeypatch.chdir(tmp_path / "shop")
    assert codes(capsys, "--config", "../only-suffix.toml") == {"EVL101"}


def test_missing_config_option_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--config", "nope.toml")
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "--config" in err and "Traceback" not in err


def test_cd_into_project_and_path_to_project_give_the_same_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An outer configuration that would give different results if it were used.
    write(tmp_path, {"eventlint.toml": 'select = ["EVL104"]\n'})
    example = tmp_path / "examples" / "x"
    project(example, CONFIG + '\n[context-map]\nshared-kernels = [["ordering", "basket"]]\n')
    write(example, {"shop/basket/more.py": "from shop.ordering.events import CreateOrder\n"})

    monkeypatch.chdir(tmp_path)
    from_outside = findings(capsys, "examples/x")
    monkeypatch.chdir(example)
    from_inside = findings(capsys)

    prefix = "examples/x/"
    assert all(path.startswith(prefix) for _, path, _, _ in from_outside)
    assert {(c, p.removeprefix(prefix), line, col) for c, p, line, col in from_outside} == from_inside
    # The example's own config was used: its shared kernel allows the crossing.
    assert {c for c, *_ in from_inside} == {"EVL101", "EVL104"}


def test_paths_are_relative_to_the_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    proj = tmp_path / "proj"
    project(proj, 'src = ["src"]\nexclude = ["src/shop/legacy"]\n\n' + CONFIG, prefix="src/")
    write(proj, {"src/shop/legacy/old.py": "from shop.seedwork import DomainEvent\n\n\nclass ShipParcel(DomainEvent): ...\n"})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    # `src` and `exclude` resolve against proj/, not the cwd: modules are
    # named `shop.…`, so the configured bases and contexts apply.
    assert findings(capsys, "proj") == {(code, "proj/src/" + path, line, col) for code, path, line, col in EXPECTED}
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert {code for code, *_ in findings(capsys, str(proj))} == {"EVL101", "EVL104", "EVL201"}


def test_no_configuration_uses_defaults_at_cwd_and_says_so_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, config=None)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1
    # No contexts: only the naming rules, from base classes *named* DomainEvent.
    assert {(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(out)} == {
        ("EVL101", "shop/ordering/events.py", 7, 7),
        ("EVL104", "shop/ordering/events.py", 7, 7),
    }
    assert len(err.splitlines()) == 1
    assert err.startswith("eventlint: ")

    code, out, err = run(capsys, "check", "--quiet")
    assert code == 1
    assert err == ""
    assert out.strip()


def test_no_configuration_with_a_path(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, config=None)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "shop/ordering")
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "EVL101" in out


# -- select and ignore -----------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "argv", "expected"),
    [
        pytest.param("", [], {"EVL101", "EVL104", "EVL201"}, id="default"),
        pytest.param('select = ["EVL2"]\n', [], {"EVL201"}, id="select-replaces-default"),
        pytest.param('select = ["EVL1"]\n', [], {"EVL101", "EVL104"}, id="select-prefix"),
        pytest.param('select = ["EVL"]\n', [], {"EVL101", "EVL104", "EVL201"}, id="select-family-prefix"),
        pytest.param('select = ["ALL"]\n', [], {"EVL101", "EVL104", "EVL201"}, id="select-all"),
        pytest.param('select = ["EVL104", "EVL201"]\n', [], {"EVL104", "EVL201"}, id="select-codes"),
        pytest.param('ignore = ["EVL1"]\n', [], {"EVL201"}, id="ignore-prefix"),
        pytest.param('select = ["EVL2"]\n', ["--select", "EVL104"], {"EVL104"}, id="cli-select-replaces-configured"),
        pytest.param('select = ["EVL2"]\n', ["--select", "evl1"], {"EVL101", "EVL104"}, id="cli-select-case-insensitive"),
        pytest.param('ignore = ["EVL101"]\n', ["--ignore", "EVL201"], {"EVL104"}, id="cli-ignore-adds-to-configured"),
        pytest.param('select = ["EVL201"]\nignore = ["EVL2"]\n', [], {"EVL201"}, id="specific-select-beats-ignore-prefix"),
        pytest.param('select = ["EVL1"]\nignore = ["EVL104"]\n', [], {"EVL101"}, id="specific-ignore-beats-select-prefix"),
        pytest.param("", ["--select", "EVL201", "--ignore", "EVL2"], {"EVL201"}, id="cli-specific-select-wins"),
        pytest.param('ignore = ["EVL"]\n', ["--select", "EVL104"], {"EVL104"}, id="cli-specific-select-beats-configured-ignore"),
    ],
)
def test_selection(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    settings: str,
    argv: Sequence[str],
    expected: set[str],
) -> None:
    project(tmp_path, settings + CONFIG)
    monkeypatch.chdir(tmp_path)
    assert codes(capsys, *argv) == expected


def test_per_file_ignores_with_a_glob(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    test_events = "from shop.seedwork import DomainEvent\n\n\nclass ShipParcel(DomainEvent): ...\n"
    project(tmp_path, 'per-file-ignores = { "tests/**" = ["EVL1"] }\n' + CONFIG)
    write(tmp_path, {"tests/__init__.py": "", "tests/unit/fakes.py": test_events})
    monkeypatch.chdir(tmp_path)
    assert findings(capsys) == EXPECTED

    # Patterns are relative to the project root, not the cwd.
    monkeypatch.chdir(tmp_path / "tests")
    found = findings(capsys)
    assert {code for code, *_ in found} == {"EVL101", "EVL104", "EVL201"}
    assert not any(path.endswith("fakes.py") for _, path, _, _ in found)


def test_per_file_ignores_only_cover_their_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, 'per-file-ignores = { "shop/ordering/*.py" = ["EVL104"], "shop/basket/**" = ["EVL201"] }\n' + CONFIG)
    monkeypatch.chdir(tmp_path)
    assert findings(capsys) == {("EVL101", "shop/ordering/events.py", 7, 7)}


@pytest.mark.parametrize(
    ("settings", "folder"),
    [
        pytest.param('exclude = ["**/migrations/**"]\n', "shop/ordering/migrations", id="configured-glob"),
        pytest.param("", ".venv/lib/python3.11/site-packages/thing", id="default-venv"),
        pytest.param("", "build/lib/shop", id="default-build"),
        pytest.param("", "dist", id="default-dist"),
        pytest.param("", "shop/__pycache__", id="default-pycache"),
    ],
)
def test_excluded_files_are_not_checked(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    settings: str,
    folder: str,
) -> None:
    bad = "from shop.seedwork import DomainEvent\n\n\nclass ShipParcel(DomainEvent): ...\n"
    project(tmp_path, settings + CONFIG)
    write(tmp_path, {f"{folder}/__init__.py": "", f"{folder}/bad_events.py": bad, f"{folder}/broken.py": "def (\n"})
    monkeypatch.chdir(tmp_path)
    assert findings(capsys) == EXPECTED


def test_exclude_adds_to_the_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    bad = "from shop.seedwork import DomainEvent\n\n\nclass ShipParcel(DomainEvent): ...\n"
    project(tmp_path, 'exclude = ["**/migrations/**"]\n' + CONFIG)
    write(tmp_path, {"shop/ordering/migrations/m1.py": bad, ".venv/x.py": bad, "shop/ordering/later.py": bad})
    monkeypatch.chdir(tmp_path)
    assert {path for _, path, _, _ in findings(capsys)} == {
        "shop/basket/handlers.py",
        "shop/ordering/events.py",
        "shop/ordering/later.py",
    }
