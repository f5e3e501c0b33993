"""A hostile repository's files where eventlint reads its own inputs: the baseline, the
configuration, the report's file, standard input, and file names that are not UTF-8."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from projects import SHOP, run, write

from eventlint.files.safeio import MAX_FILE_BYTES, too_large

try:  # the language server tests need the test extras (pytest-lsp)
    import pytest_lsp
    from pytest_lsp import LanguageClient
except ImportError:  # pragma: no cover
    pytest_lsp = None

NAMED_PIPES = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@pytest.fixture()
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, SHOP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_deeply_nested_baseline_is_a_baseline_error(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (shop / "eventlint-baseline.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
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
def test_a_named_pipe_no_process_reads_as_the_output_file_is_an_error_not_a_hang(
    shop: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    os.mkfifo(shop / "out.json")
    code, _, err = run(capsys, *command, "--output-file", "out.json")
    assert code == 2
    assert "eventlint: --output-file: cannot write 'out.json': it is a named pipe that no process reads" in err


@NAMED_PIPES
def test_a_named_pipe_a_process_reads_takes_the_report(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As `--output-file /dev/stdout` does in a pipeline."""
    import threading

    os.mkfifo(shop / "out.json")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append((shop / "out.json").read_bytes()))
    reader.start()
    try:
        code, _, _ = run(capsys, "check", "--format", "json", "--output-file", "out.json")
    finally:
        if reader.is_alive():  # the run never opened the pipe: let the reader go
            with open(shop / "out.json", "wb"):
                pass
        reader.join(timeout=30)
    assert code in (0, 1)
    assert received and received[0].startswith(b"[")


@pytest.mark.parametrize("command", [["check"], ["map"]])
def test_a_device_takes_the_report(shop: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    (shop / "out.txt").symlink_to("/dev/null")
    assert run(capsys, *command, "--output-file", "out.txt")[0] in (0, 1)


@NAMED_PIPES
@pytest.mark.parametrize("kind", ["named pipe", "link to a device"])
@pytest.mark.parametrize(
    ("command", "option", "name"),
    [
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


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def _reported(out: str) -> list[tuple[str, str, str]]:
    return sorted((d["code"], d["path"], d["message"]) for d in json.loads(out))


def test_standard_input_past_the_size_limit_is_evl001_as_the_file_on_disk_is(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    large = b"x = 1\n" + b"#" * MAX_FILE_BYTES + b"\n"
    (shop / "src/shop/big.py").write_bytes(large)
    on_disk = run(capsys, "check", "--format", "json", "--no-cache", "src/shop/big.py")
    (shop / "src/shop/big.py").unlink()
    _stdin(monkeypatch, large)
    from_stdin = run(capsys, "check", "--format", "json", "--no-cache", "--stdin-filename", "src/shop/big.py", "-")
    assert on_disk[0] == from_stdin[0] == 1
    assert _reported(on_disk[1]) == _reported(from_stdin[1]) == [
        ("EVL001", "src/shop/big.py", f"cannot read the file: {too_large()}"),
    ]


@pytest.mark.parametrize(("size", "unreadable"), [(MAX_FILE_BYTES, False), (MAX_FILE_BYTES + 1, True), (3 * MAX_FILE_BYTES, True)])
def test_standard_input_is_read_up_to_the_limit_and_the_run_goes_on(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, size: int, unreadable: bool
) -> None:
    head = b"x = 1\n"
    _stdin(monkeypatch, head + b"#" * (size - len(head) - 1) + b"\n")
    code, out, err = run(capsys, "check", "--format", "json", "--no-cache", "--stdin-filename", "src/shop/ordering/events.py", "-")
    codes = [code for code, _, _ in _reported(out)]
    assert (code, codes) == ((1, ["EVL001"]) if unreadable else (0, [])), err


def _sarif_uris(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code, out, err = run(capsys, "check", "--format", "sarif", "--no-cache", *argv)
    assert code == 1, err
    results = json.loads(out)["runs"][0]["results"]
    return [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results if result["ruleId"] == "EVL001"]


def test_sarif_names_a_non_utf8_file_by_its_bytes(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (shop / "src/shop" / os.fsdecode(b"bad\xff\xfe.py")).write_text("def broken(:\n", encoding="utf-8")
    assert _sarif_uris(capsys) == ["src/shop/bad%FF%FE.py"]
    code, out, _ = run(capsys, "check", "--format", "json", "--no-cache")
    assert [d["path"] for d in json.loads(out) if d["code"] == "EVL001"] == ["src/shop/bad\\xff\\xfe.py"]  # shown printable everywhere else


@pytest.mark.parametrize(
    ("name", "uri"),
    [
        (b"bad\xff\xfe.py", "bad%FF%FE.py"),
        (b"\xe9t\xe9.py", "%E9t%E9.py"),
        (b"caf\xc3\xa9.py", "caf%C3%A9.py"),
        (b"x\\xff.py", "x%5Cxff.py"),  # a real backslash is not a byte's escape
        (b"100% \xff.py", "100%25%20%FF.py"),
    ],
)
def test_every_sarif_uri_percent_encodes_the_file_names_bytes(
    shop: Path, capsys: pytest.CaptureFixture[str], name: bytes, uri: str
) -> None:
    (shop / "src/shop" / os.fsdecode(name)).write_text("def broken(:\n", encoding="utf-8")
    assert _sarif_uris(capsys) == [f"src/shop/{uri}"]
    assert _sarif_uris(capsys, "src/shop") == [f"src/shop/{uri}"]


if pytest_lsp is not None:
    from test_lsp import client, open_file, project, shown, until, uri  # noqa: F401 (fixtures)


@pytest.mark.skipif(pytest_lsp is None, reason="the language server tests need the test extras (pytest-lsp)")
@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"), "not a baseline: nested too deeply"),
    ],
)
async def test_the_language_server_shows_a_hostile_baseline_on_it_and_findings_still_come(
    client: LanguageClient, project: Path, make: Callable[[Path], object], message: str
) -> None:
    make(project / "eventlint-baseline.json")
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    baseline = uri(project, "eventlint-baseline.json")
    await until(client, lambda: bool(client.diagnostics.get(baseline)) and shown(client, handlers) == [("EVL201", 1)])
    assert client.diagnostics[baseline][0].message.endswith(f"eventlint-baseline.json: {message}")
