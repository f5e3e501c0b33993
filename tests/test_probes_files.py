"""A hostile repository's files where eventlint reads its own inputs: the baseline, the
configuration, the report's file, standard input, and file names that are not UTF-8."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from projects import SHOP, run, write

NAMED_PIPES = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@pytest.fixture()
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, SHOP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_deeply_nested_baseline_is_a_baseline_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (shop / "eventlint-baseline.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    assert run(capsys, "check") == (2, "", "eventlint-baseline.json: not a baseline: nested too deeply\n")


@pytest.mark.parametrize("opening", ["[", '{"a": ', '{"version": 1, "findings": [{"code": '])
@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_any_baseline_nested_past_the_stack_is_a_baseline_error(
    shop: Path, capsys: pytest.CaptureFixture[str], opening: str, depth: int
) -> None:
    closing = {"[": "]", '{"a": ': "}"}.get(opening, "")
    (shop / "eventlint-baseline.json").write_text(opening + "[" * depth + "]" * depth + closing, encoding="utf-8")
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, "")
    assert err.startswith("eventlint-baseline.json: ")
    assert "Traceback" not in err and "internal error" not in err


@NAMED_PIPES
@pytest.mark.parametrize("argv", [[], ["--baseline", "eventlint-baseline.json"]])
def test_a_named_pipe_as_the_baseline_is_a_baseline_error(shop: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    os.mkfifo(shop / "eventlint-baseline.json")
    assert run(capsys, "check", *argv) == (
        2,
        "",
        "eventlint-baseline.json: cannot read the baseline: it is a named pipe, not a regular file\n",
    )


def _not_regular(root: Path, kind: str, name: str) -> None:
    """Make `name` a file that is there but is not a regular file."""
    if kind == "named pipe":
        os.mkfifo(root / name)
    else:  # a link to a character device
        (root / name).symlink_to("/dev/null")


@NAMED_PIPES
@pytest.mark.parametrize("command", [["check"], ["map"]])
def test_a_named_pipe_as_the_output_file_is_a_usage_error(shop: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    os.mkfifo(shop / "out.json")
    assert run(capsys, *command, "--output-file", "out.json") == (2, "", "eventlint: --output-file: 'out.json' is not a regular file\n")


@NAMED_PIPES
@pytest.mark.parametrize("kind", ["named pipe", "link to a device"])
@pytest.mark.parametrize(
    ("command", "option", "name"),
    [
        (["check"], "--output-file", "out.json"),
        (["map"], "--output-file", "map.mmd"),
        (["check"], "--config", "c.toml"),
        (["map"], "--config", "c.toml"),
    ],
)
def test_an_existing_file_that_is_not_regular_is_refused_before_any_work(
    shop: Path, capsys: pytest.CaptureFixture[str], kind: str, command: list[str], option: str, name: str
) -> None:
    _not_regular(shop, kind, name)
    assert run(capsys, *command, option, name) == (2, "", f"eventlint: {option}: '{name}' is not a regular file\n")


@NAMED_PIPES
@pytest.mark.parametrize("command", [["check"], ["map"]])
def test_a_named_pipe_as_the_config_says_what_it_is(shop: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    os.mkfifo(shop / "c.toml")
    assert run(capsys, *command, "--config", "c.toml") == (2, "", "eventlint: --config: 'c.toml' is not a regular file\n")


def test_a_config_that_is_not_there_still_says_so(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "--config", "c.toml") == (2, "", "eventlint: --config: file 'c.toml' does not exist\n")
