"""A configuration from a hostile repository: the project stays where its configuration is named.

A linked configuration is read, but its folder is not the project; a `src`
folder outside the project is not read; TOML nested past the parser's stack
is a configuration error; one class cannot be both kinds of event base.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from projects import run, write

MODEL = "class DomainEvent: ...\n\n\nclass Shipped(DomainEvent): ...\n"
DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None for path in folder.rglob("*")}


def _codes(out: str) -> set[tuple[str, str]]:
    return {(d["path"], d["code"]) for d in json.loads(out)}


@pytest.mark.parametrize("name", ["eventlint.toml", "pyproject.toml"])
def test_a_linked_configuration_is_read_but_the_project_is_the_folder_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    table = "[tool.eventlint]\n" if name == "pyproject.toml" else ""
    elsewhere = write(tmp_path / "o", {name: table + 'src = ["."]\n', "ok.py": "x = 1\n"})
    project = write(tmp_path / "r", {"m.py": MODEL})
    (project / name).symlink_to(elsewhere / name)
    before = _snapshot(elsewhere)
    monkeypatch.chdir(project)

    code, out, err = run(capsys, "check", "--format", "json")

    assert code == 1, err
    assert _codes(out) == {("m.py", "EVL101")}
    assert _snapshot(elsewhere) == before
    assert (project / ".eventlint_cache").is_dir()


@pytest.mark.parametrize("entry", ["/OUTSIDE", "../elsewhere", "link"])
def test_a_src_folder_outside_the_project_is_a_warning_and_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], entry: str
) -> None:
    outside = write(tmp_path / "elsewhere", {"bad.py": MODEL})
    entry = entry.replace("/OUTSIDE", str(outside))
    project = write(tmp_path / "r", {"eventlint.toml": f'src = ["src", "{entry}"]\n', "src/pkg/__init__.py": "", "src/pkg/m.py": MODEL})
    (project / "link").symlink_to(outside)
    monkeypatch.chdir(project)

    code, out, err = run(capsys, "check", "--format", "json")

    assert code == 1, err
    assert _codes(out) == {("src/pkg/m.py", "EVL101")}
    assert (
        f"eventlint.toml: src[1]: folder '{outside}' is outside the project (the folder of eventlint.toml); its files are not checked"
        in err
    )


def test_a_src_folder_inside_the_project_is_read_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = write(tmp_path / "r", {"eventlint.toml": 'src = ["src", "lib"]\n', "src/a.py": MODEL, "lib/b.py": MODEL})
    monkeypatch.chdir(project)

    code, out, err = run(capsys, "check", "--format", "json")

    assert code == 1, err
    assert _codes(out) == {("src/a.py", "EVL101"), ("lib/b.py", "EVL101")}
    assert "outside the project" not in err


@pytest.mark.parametrize(
    ("name", "text", "shown"),
    [
        ("eventlint.toml", DEEP, "eventlint.toml"),
        ("eventlint.toml", "[events]\n" + DEEP.replace("x =", "domain-bases ="), "eventlint.toml"),
        ("pyproject.toml", "[tool.eventlint]\n" + DEEP, "pyproject.toml"),
        ("pyproject.toml", "[project]\n" + DEEP + "[tool.eventlint]\n", "pyproject.toml"),
        ("eventlint.toml", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "eventlint.toml"),
    ],
    ids=["arrays", "arrays-in-a-key-of-ours", "pyproject-table", "pyproject-project-table", "inline-tables"],
)
def test_toml_nested_too_deeply_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, text: str, shown: str
) -> None:
    project = write(tmp_path, {name: text, "m.py": MODEL})
    monkeypatch.chdir(project)

    code, _, err = run(capsys, "check")

    assert code == 2
    assert err.strip().splitlines()[-1] == f"{shown}: not valid TOML: nested too deeply"


def test_a_pyproject_nested_too_deeply_without_eventlint_is_not_a_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = write(tmp_path, {"pyproject.toml": "[project]\n" + DEEP, "m.py": MODEL})
    monkeypatch.chdir(project)

    code, out, err = run(capsys, "check", "--format", "json")

    assert code == 1, err
    assert _codes(out) == {("m.py", "EVL101")}


@pytest.mark.parametrize("argv", [("init",), ("init", "--pyproject", "--write"), ("init", "--write")])
def test_init_beside_toml_nested_too_deeply_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    project = write(tmp_path, {"pyproject.toml": "[project]\n" + DEEP, "m.py": MODEL})
    monkeypatch.chdir(project)

    code, _, err = run(capsys, *argv)

    if "--pyproject" in argv:
        assert code == 2
        assert "cannot add to pyproject.toml: it is not valid TOML (nested too deeply)" in err
    else:
        assert code == 0, err


@pytest.mark.parametrize(
    ("domain", "integration", "problems"),
    [
        (
            ["app.a.events.DomainEvent"],
            ["app.a.events.DomainEvent"],
            ["events.integration-bases[0]: 'app.a.events.DomainEvent' is also in events.domain-bases[0]; a base is of one kind"],
        ),
        (
            ["x.A", "x.B", 3],
            ["x.C", "x.B", "x.A"],
            [
                "events.domain-bases[2]: expected a string, got an integer",
                "events.integration-bases[1]: 'x.B' is also in events.domain-bases[1]; a base is of one kind",
                "events.integration-bases[2]: 'x.A' is also in events.domain-bases[0]; a base is of one kind",
            ],
        ),
        (["x.A"], ["x.a"], []),
    ],
)
def test_one_class_in_both_base_lists_is_a_configuration_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    domain: list[object],
    integration: list[str],
    problems: list[str],
) -> None:
    config = f"[events]\ndomain-bases = {json.dumps(domain)}\nintegration-bases = {json.dumps(integration)}\n"
    project = write(tmp_path, {"eventlint.toml": config, "m.py": "x = 1\n"})
    monkeypatch.chdir(project)

    code, _, err = run(capsys, "check")

    if problems:
        assert code == 2
        assert [line for line in err.splitlines() if line.startswith("eventlint.toml: ")] == [f"eventlint.toml: {p}" for p in problems]
    else:
        assert "a base is of one kind" not in err


def test_one_class_in_both_base_lists_of_a_pyproject_names_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = '[tool.eventlint.events]\ndomain-bases = ["x.A"]\nintegration-bases = ["x.A"]\n'
    project = write(tmp_path, {"pyproject.toml": config, "m.py": "x = 1\n"})
    monkeypatch.chdir(project)

    code, _, err = run(capsys, "check")

    assert code == 2
    assert (
        "pyproject.toml: tool.eventlint.events.integration-bases[0]: 'x.A' is also in "
        "tool.eventlint.events.domain-bases[0]; a base is of one kind"
    ) in err.splitlines()
