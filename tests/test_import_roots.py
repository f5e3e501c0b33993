"""Import roots Python would use, inferred when the configuration names none: a src layout, Django's
`manage.py`, the package folders of `pyproject.toml`; configured `src` roots always win."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import assert_fires_as_marked, findings, write, write_configured

from eventlint.api import Options, Session, resolve_config

TASKS = "from celery import shared_task\n\n\n@shared_task\ndef send(user_id: int) -> None:\n    pass\n"
VIEW = """\
from django.db import transaction

from accounts import tasks


def register(user_id: int) -> None:
    with transaction.atomic():
        tasks.send.delay(user_id)
"""
SENT = ("EVL304", 8, 9)  # the send inside the transaction, as `from accounts import tasks` resolves


def app(folder: str) -> dict[str, str]:
    """The `accounts` app below `folder` (the repository root when empty): its tasks and a view sending one."""
    prefix = f"{folder}/" if folder else ""
    return {f"{prefix}accounts/__init__.py": "", f"{prefix}accounts/tasks.py": TASKS, f"{prefix}accounts/views.py": VIEW}


def sent(folder: str) -> set[tuple[str, str, int, int]]:
    code, line, column = SENT
    return {(code, f"{folder}/accounts/views.py", line, column)}


def check(capsys: pytest.CaptureFixture[str], root: Path) -> set[tuple[str, str, int, int]]:
    return {finding for finding in findings(capsys, "--no-cache", str(root)) if finding[0] == "EVL304"}


def test_a_src_layout_needs_no_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {**app("src"), "README.md": "no configuration here\n"})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == sent("src")


def test_the_folder_of_manage_py_is_an_import_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {**app("backend"), "backend/manage.py": "import django\n", "backend/config/__init__.py": ""})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == sent("backend")


def test_a_package_root_of_a_monorepo_with_a_src_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {**app("services/users/src"), "services/users/pyproject.toml": "[project]\nname = 'users'\n"})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == sent("services/users/src")


@pytest.mark.parametrize(
    "pyproject",
    [
        '[tool.setuptools.package-dir]\n"" = "code"\n',
        '[tool.setuptools.packages.find]\nwhere = ["code"]\n',
        "[tool.setuptools]\npackages = { find = { where = ['code'] } }\n",
        '[tool.hatch.build.targets.wheel]\npackages = ["code/accounts"]\n',
        '[tool.poetry]\npackages = [{ include = "accounts", from = "code" }]\n',
        '[tool.setuptools.package-dir]\naccounts = "code/accounts"\n',
    ],
)
def test_the_package_folder_pyproject_names_is_an_import_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pyproject: str
) -> None:
    write(tmp_path, {**app("code"), "pyproject.toml": pyproject})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == sent("code")


@pytest.mark.parametrize(
    "pyproject",
    [
        "[tool.setuptools.packages.find]\nwhere = [1]\n",  # not a string
        '[tool.setuptools.packages.find]\nwhere = ["../elsewhere"]\n',  # outside the project
        '[tool.setuptools.packages.find]\nwhere = ["missing"]\n',  # no such folder
        "[tool.setuptools.packages.find\n",  # broken TOML
        '[tool.poetry]\npackages = "code"\n',  # not a list of tables
    ],
)
def test_what_pyproject_cannot_say_makes_no_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pyproject: str
) -> None:
    write(tmp_path, {**app("code"), "pyproject.toml": pyproject})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == set()  # `accounts` is `code.accounts`: the import names nothing


def test_configured_roots_win(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`src = ["."]` names the modules from the root: `src/accounts` is `src.accounts`, and the import resolves to nothing."""
    write_configured(tmp_path, {**app("src"), "src/manage.py": ""}, 'src = ["."]\n')
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == set()
    write_configured(tmp_path, {**app("src"), "src/manage.py": ""}, 'src = ["src"]\n')
    assert check(capsys, Path(".")) == sent("src")


def test_a_configuration_without_src_still_infers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_configured(tmp_path, app("src"), "exclude = []\n")
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == sent("src")


def test_a_src_folder_that_is_a_package_is_no_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {**app("src"), "src/__init__.py": ""})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == set()  # `src.accounts.tasks`, as the package `src` imports it


def test_a_src_folder_below_a_plain_folder_is_no_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, app("tools/src"))
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == set()  # `tools` holds no pyproject.toml, setup.py or setup.cfg


def test_manage_py_inside_a_package_makes_no_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {**app("site"), "site/__init__.py": "", "site/manage.py": ""})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == set()  # `site.accounts.tasks`, as the package imports it


def test_a_file_has_one_name(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the src root a file is `accounts.tasks` only: an import of `src.accounts.tasks` names nothing."""
    view = VIEW.replace("from accounts import tasks", "from src.accounts import tasks")
    write(tmp_path, {**app("src"), "src/accounts/views.py": view})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, Path(".")) == set()


def test_a_src_layout_in_memory() -> None:
    marked = VIEW.replace("tasks.send.delay(user_id)", "tasks.send.delay(user_id)  # expect: EVL304")
    assert_fires_as_marked({**app("src"), "src/accounts/views.py": marked}, "")


def test_an_unsaved_buffer_is_named_from_the_inferred_root(tmp_path: Path) -> None:
    """A new file an editor has not saved yet is named as it will be on disk: `src/accounts/tasks.py` is `accounts.tasks`."""
    write(tmp_path, {relpath: text for relpath, text in app("src").items() if not relpath.endswith("tasks.py")})
    tasks = tmp_path / "src/accounts/tasks.py"
    config, _ = resolve_config([tmp_path])
    result = Session(overlay={tasks: TASKS.encode()}).lint([], config, Options(base=tmp_path, cache=False, jobs=1))
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [("EVL304", "src/accounts/views.py", 8)]
