"""Robustness: odd, broken or hostile input never costs a finding anywhere else.

Every test writes the same small project, whose KNOWN findings are

* `src/shop/ordering/events.py:7` EVL101 and EVL104 (`class CreateOrder(DomainEvent)`),
* `src/shop/basket/handlers.py:1` EVL201 (basket imports ordering's domain event),

plus one bad input (mostly `src/shop/basket/bad.py`), runs eventlint on it
and asserts both the verdict for the bad input and that every known finding
is still reported exactly, with no internal error (exit code 1, never 2).

Most bad inputs come in two variants that must get the same verdict:

* `screened`: the file names no event word, so it is only screened (decoded,
  searched, compiled by CPython) and parsed by libcst only when CPython
  rejects it;
* `parsed`: the same bytes with `from shop.seedwork import DomainEvent`
  appended (so line numbers do not move), so libcst parses it whenever the
  screening leaves it standing.

Findings are compared by code, path and line (and column where it matters);
an EVL001 message only by a stable fragment, never by its wording.

Bugs these tests found are kept as regression tests at the end of the file.
"""

from __future__ import annotations

import collections
import errno
import faulthandler
import hashlib
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import libcst
import pytest
from projects import SHOP, write

import eventlint.api
import eventlint.pipeline.cache
import eventlint.pipeline.workers
import eventlint.sources.discovery
from eventlint.api import Result, lint_paths, resolve_config
from eventlint.cli import main
from eventlint.facts.source_text import decode
from eventlint.sources.discovery import discover

BASE = SHOP

Finding = tuple[str, str, int]  # code, path, line

KNOWN: collections.Counter[Finding] = collections.Counter(
    {
        ("EVL201", "src/shop/basket/handlers.py", 1): 1,
        ("EVL101", "src/shop/ordering/events.py", 7): 1,
        ("EVL104", "src/shop/ordering/events.py", 7): 1,
    }
)

BAD = "src/shop/basket/bad.py"
MENTION = b"from shop.seedwork import DomainEvent"
# A planted finding: a domain event (of basket) with a bad name, EVL101 + EVL104 at column 7.
PLANTED = b"class CreateOrder(DomainEvent): ..."
PLANTED_CODES = ("EVL101", "EVL104")

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- helpers ---------------------------------------------------------------------------


Write = Callable[..., Path]


@pytest.fixture()
def project(tmp_path: Path) -> Write:
    """`project({path: content}, name=...)`: the base project plus these files, written under tmp_path/name."""

    def written(files: Mapping[str, str | bytes] | None = None, *, name: str = "proj") -> Path:
        return write(tmp_path / name, {**BASE, **(files or {})})

    return written


def lint(root: Path, *, cache: bool = False, jobs: int = 1, precheck: bool = True) -> Result:
    """A run through the Python API, as the CLI does it for the whole project."""
    config, found = resolve_config([root])
    assert found, "the test project's eventlint.toml was not found"
    return lint_paths([root], config, base=root, cache=cache, jobs=jobs, precheck=precheck)


def findings(result: Result) -> collections.Counter[Finding]:
    return collections.Counter((d.code, d.path, d.line) for d in result.diagnostics)


def others(result: Result, *skip: str) -> collections.Counter[Finding]:
    """The findings of every file but `skip`."""
    return collections.Counter(f for f in findings(result).elements() if f[1] not in skip)


def of(result: Result, path: str = BAD) -> list[tuple[str, int, int, str]]:
    """(code, line, column, message) of one file's findings."""
    return [(d.code, d.line, d.column, d.message) for d in result.diagnostics if d.path == path]


def assert_intact(result: Result, *bad: str, known: collections.Counter[Finding] = KNOWN) -> None:
    """No internal error, and every known finding of the other files, exactly."""
    assert result.errors == (), "\n".join(f"{e.where}:\n{e.details}" for e in result.errors)
    assert others(result, *(bad or (BAD,))) == known


def assert_evl001(
    result: Result, fragment: str | tuple[str, ...], path: str = BAD, line: int | set[int] | None = 1
) -> str:
    """Exactly one finding for `path`: an EVL001 at `line` whose message holds `fragment` (or one of them)."""
    found = of(result, path)
    assert [code for code, *_ in found] == ["EVL001"], found
    _, at, column, message = found[0]
    assert any(f in message for f in ((fragment,) if isinstance(fragment, str) else fragment)), message
    if line is not None:
        assert at in (line if isinstance(line, set) else {line}), found
    assert column >= 1
    return message


def mentioning(data: bytes) -> bytes:
    """The same bytes with an event word appended in code, so libcst parses it (lines unchanged)."""
    newline = b"\r\n" if b"\r\n" in data else b"\r" if b"\r" in data else b"\n"
    separator = newline if data and not data.endswith(newline) else b""
    return data + separator + MENTION + newline


VARIANTS = [pytest.param(False, id="screened"), pytest.param(True, id="parsed")]


def cli(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m eventlint check ARGS` as a subprocess, in the project root."""
    return subprocess.run(
        [sys.executable, "-m", "eventlint", "check", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def json_findings(stdout: str) -> list[dict[str, object]]:
    data = json.loads(stdout)
    assert isinstance(data, list)
    return data


def cli_triples(data: list[dict[str, object]], *skip: str) -> collections.Counter[Finding]:
    return collections.Counter(
        (str(d["code"]), str(d["path"]), int(d["line"])) for d in data if d["path"] not in skip  # type: ignore[call-overload]
    )


@pytest.fixture()
def parse_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes], bool]:
    """Spy on `libcst.parse_module` (in this process and in forked workers).

    Returns `parsed(data)`: whether libcst was handed the text of those bytes.
    """
    log = tmp_path / "parsed.log"
    log.touch()
    real = libcst.parse_module

    def spy(source: object, *args: object, **kwargs: object) -> libcst.Module:
        if isinstance(source, str):
            with open(log, "a", encoding="utf-8") as out:
                out.write(_digest(source) + "\n")
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(libcst, "parse_module", spy)
    return lambda data: _digest(decode(data)) in log.read_text(encoding="utf-8").split()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _compiles(data: bytes) -> bool:
    try:
        compile(decode(data), "<test>", "exec", dont_inherit=True)
    except Exception:
        return False
    return True


# -- 1-7: one bad file, screened and parsed ------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What a bad file must give: nothing (`fragment` None), or one EVL001."""

    fragment: str | tuple[str, ...] | None = None
    line: int | set[int] | None = 1
    either: bool = False  # clean or that EVL001, both fine (syntax newer than this Python)


CLEAN = Verdict()


def evl001(fragment: str | tuple[str, ...], line: int | set[int] | None = 1) -> Verdict:
    return Verdict(fragment, line)


CASES = [
    # 1. empty and BOM
    pytest.param(b"", CLEAN, id="empty"),
    pytest.param(b"\xef\xbb\xbf", CLEAN, id="bom-only"),
    pytest.param(b"\xef\xbb\xbfx = 1\n", CLEAN, id="bom-and-code"),
    pytest.param(b"\xef\xbb\xbf# -*- coding: utf-8 -*-\nx = 'caf\xc3\xa9'\n", CLEAN, id="bom-and-utf8-cookie"),
    # 2. line endings, form feeds, tabs
    pytest.param(b"x = 1\r\nif x:\r\n    y = 2\r\n", CLEAN, id="crlf"),
    pytest.param(b"x = 1\rif x:\r    y = 2\r", CLEAN, id="lone-cr"),
    pytest.param(b"x = 1\r\ny = 2\rz = 3\n", CLEAN, id="mixed-line-endings"),
    pytest.param(b"x = 1\n\x0c\ny = 2\n\x0cdef f():\n    return 1\n", CLEAN, id="form-feeds"),
    pytest.param(b"x = 1", CLEAN, id="no-final-newline"),
    pytest.param(b"if True:\n\tx = 1\n\tif x:\n\t\ty = 2\n", CLEAN, id="tabs-consistent"),
    pytest.param(b"if True:\n        x = 1\n\ty = 2\n", evl001("tab", line=3), id="tabs-inconsistent"),
    # 3. NUL bytes, on line 2: CPython gives no position (line 1 is fine too) and on 3.10 no SyntaxError
    # (then libcst's tokenizer names the '\0')
    pytest.param(b"x = 1\n\x00y = 2\n", evl001(("null bytes", "'\\0'"), line={1, 2}), id="nul-byte"),
    # 4. encodings
    pytest.param("x = 'caf\u00e9'\n".encode("latin-1"), evl001("cannot decode"), id="latin1-without-cookie"),
    pytest.param("# -*- coding: latin-1 -*-\nx = 'caf\u00e9'\n".encode("latin-1"), CLEAN, id="latin1-with-cookie"),
    pytest.param(b"# coding: nonexistent-codec\nx = 1\n", evl001("cannot decode"), id="bogus-cookie"),
    pytest.param(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", evl001("cannot decode"), id="bom-contradicting-cookie"),
    pytest.param("x = 1\n".encode("utf-16"), evl001("cannot decode"), id="utf16-without-cookie"),
    # 5. Python 2
    pytest.param(b'print "hello"\n', evl001("syntax error"), id="python2-print"),
    pytest.param(b"def broken(:\n    pass\n", evl001("syntax error"), id="syntax-error"),
    # 6. syntax newer than some supported Pythons (libcst parses it: clean)
    pytest.param(b"type Alias = int\n", Verdict(either=True), id="pep695-type-alias"),
    pytest.param(b"def f[T](x: T) -> T:\n    return x\n", Verdict(either=True), id="pep695-generic-def"),
    pytest.param(b"class Box[T]:\n    item: T\n", Verdict(either=True), id="pep695-generic-class"),
    pytest.param(b"match x:\n    case [1, *rest]:\n        pass\n    case _:\n        pass\n", CLEAN, id="match"),
    # 7. deep nesting CPython compiles: libcst's walk must cope too (see also 7b)
    pytest.param(b"x = " + b"(" * 100 + b"1" + b")" * 100 + b"\n", CLEAN, id="100-parentheses"),
    pytest.param(b"x = " + b"[" * 150 + b"]" * 150 + b"\n", CLEAN, id="150-brackets"),
    pytest.param(b"x = " + b"not " * 1000 + b"1\n", CLEAN, id="1000-nots"),
    pytest.param(b"y = " + b" + ".join([b"1"] * 1000) + b"\n", CLEAN, id="1000-term-chain"),
    # ... deeper than CPython's compiler goes: EVL001 from the screening at once, before libcst
    pytest.param(b"x = " + b"(" * 500 + b"1" + b")" * 500 + b"\n", evl001("too deeply nested"), id="500-parentheses"),
    pytest.param(b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n", evl001("too deeply nested"), id="3000-brackets"),
    pytest.param(b"x = " + b"not " * 30000 + b"1\n", evl001("too deeply nested"), id="30000-nots"),
    pytest.param(b"x = " + b"-(" * 1000 + b"1" + b")" * 1000 + b"\n", evl001("too deeply nested"), id="1000-negated-parens"),
    pytest.param(b"x = " + b"-" * 30000 + b"1\n", evl001("too deeply nested"), id="30000-minus-signs"),
    pytest.param(b"y = " + b" + ".join([b"1"] * 60000) + b"\n", evl001("too deeply nested"), id="60000-term-chain"),
    pytest.param(
        b"y = (\n" + b" +\n".join([b"    1"] * 60000) + b"\n)\n", evl001("too deeply nested"), id="60000-term-chain-in-parens"
    ),
]


@pytest.mark.parametrize("mention", VARIANTS)
@pytest.mark.parametrize(("data", "verdict"), CASES)
def test_one_bad_file(project: Write, parse_log: Callable[[bytes], bool], data: bytes, verdict: Verdict, mention: bool) -> None:
    content = mentioning(data) if mention else data
    root = project({BAD: content})
    result = lint(root)
    assert_intact(result)
    if verdict.either and not of(result):
        pass
    elif verdict.either:
        assert_evl001(result, "", line=None)
    elif verdict.fragment is None:
        assert of(result) == []
    else:
        assert_evl001(result, verdict.fragment, line=verdict.line)
    if not of(result):
        # The variants really differ: `parsed` went through libcst, `screened` only did when CPython refused it.
        assert parse_log(content) == (mention or not _compiles(content))
    # The same verdict with workers and the cache, cold and warm.
    assert lint(root, cache=True, jobs=2).diagnostics == result.diagnostics
    warm = lint(root, cache=True, jobs=2)
    assert warm.diagnostics == result.diagnostics
    assert warm.errors == () and warm.notices == ()


@pytest.mark.parametrize(("data", "verdict"), CASES)
def test_both_variants_agree(project: Write, data: bytes, verdict: Verdict) -> None:
    screened = of(lint(project({BAD: data}, name="screened")))
    parsed = of(lint(project({BAD: mentioning(data)}, name="parsed")))
    assert [(code, line) for code, line, *_ in screened] == [(code, line) for code, line, *_ in parsed]


# A finding planted in an odd file is still reported, at the right line and column.
IMPORT = MENTION  # the import the planted class needs
PLANTED_CASES = [
    pytest.param(IMPORT + b"\r\nx = 1\r\n\r\n" + PLANTED + b"\r\n", 4, 7, id="crlf"),
    pytest.param(IMPORT + b"\rx = 1\r\r" + PLANTED + b"\r", 4, 7, id="lone-cr"),
    pytest.param(IMPORT + b"\r\nx = 1\r\n\r" + PLANTED + b"\n", 4, 7, id="mixed-line-endings"),
    pytest.param(b"\xef\xbb\xbf" + IMPORT + b"\n\n\n" + PLANTED + b"\n", 4, 7, id="bom"),
    pytest.param(IMPORT + b"\n\x0c\n\n" + PLANTED + b"\n", 4, 7, id="form-feed-line"),
    pytest.param(IMPORT + b"\nif True:\n\tx = 1\n\t" + PLANTED + b"\n", 4, 8, id="tab-indented"),
    pytest.param(IMPORT + b"\n\n\n" + PLANTED, 4, 7, id="no-final-newline"),
    pytest.param(IMPORT + b"; x = 1\n" + PLANTED + b"\n", 2, 7, id="semicolons"),
    pytest.param(
        "# -*- coding: latin-1 -*-\nx = 'caf\u00e9'\n".encode("latin-1") + IMPORT + b"\n\n" + PLANTED + b"\n",
        5,
        7,
        id="latin1-with-cookie",
    ),
    pytest.param(IMPORT + "\n\u00e9t\u00e9 = '\u20ac'\n\n".encode("utf-8") + PLANTED + b"\n", 4, 7, id="non-ascii-utf8"),
    pytest.param(IMPORT + b"\nx = '''\r\n\r\n'''\n" + PLANTED + b"\n", 5, 7, id="crlf-inside-a-string"),
]


@pytest.mark.parametrize(("data", "line", "column"), PLANTED_CASES)
def test_finding_in_an_odd_file_is_reported_at_its_place(project: Write, data: bytes, line: int, column: int) -> None:
    result = lint(project({BAD: data}))
    assert_intact(result)
    assert [(code, at, col) for code, at, col, _ in of(result)] == [(code, line, column) for code in PLANTED_CODES]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"type Alias = int\n", id="type-alias"),
        pytest.param(b"def f[T](x: T) -> T:\n    return x\n", id="generic-def"),
        pytest.param(b"class Box[T]:\n    item: T\n", id="generic-class"),
    ],
)
def test_newer_syntax_when_clean_still_yields_its_findings(project: Write, data: bytes) -> None:
    """PEP 695 syntax (rejected by CPython < 3.12): clean or EVL001; if clean, a finding in it is reported."""
    source = MENTION + b"\n" + data + b"\n\n" + PLANTED + b"\n"
    planted_line = source[: source.index(PLANTED)].count(b"\n") + 1
    result = lint(project({BAD: source}))
    assert_intact(result)
    if [code for code, *_ in of(result)] == ["EVL001"]:
        return  # refused as a whole: acceptable
    assert [(code, line) for code, line, *_ in of(result)] == [(code, planted_line) for code in PLANTED_CODES]


def test_60000_term_chain_through_the_cli(project: Write) -> None:
    """The issue's case: EVL001 at once from CPython's compiler, never a killed run; cold and warm, 1 or 2 jobs."""
    root = project({BAD: b"y = " + b" + ".join([b"1"] * 60000) + b"\n"})
    for args in (("--jobs", "1"), ("--jobs", "2"), ()):
        started = time.monotonic()
        done = cli(root, "--format", "json", *args)
        assert time.monotonic() - started < 30
        assert done.returncode == 1, done.stderr
        assert "internal error" not in done.stderr
        data = json_findings(done.stdout)
        [bad] = [d for d in data if d["path"] == BAD]
        assert (bad["code"], bad["line"]) == ("EVL001", 1)
        assert "too deeply nested" in str(bad["message"])
        assert cli_triples(data, BAD) == KNOWN


# -- 7b. long flat chains CPython accepts: libcst's recursive walk must cope -------------------------------
#
# CPython compiles `a + b + ... ` of a few thousand terms; libcst's tree of it
# is as deep as it is long, and its recursive visitor needs about three Python
# frames per level. (At f88cc33 these were EVL001 "recursion limit" past about
# 320 terms, with a threshold that moved with the stack depth; the extractor
# now walks a deep tree again on a large thread stack.)


def _plus_chain(terms: int) -> bytes:
    return b"QUERY = " + b" + ".join([b"'x'"] * terms) + b"\n"


@pytest.mark.parametrize("terms", [400, 2000])
def test_long_flat_chain_keeps_the_files_findings(project: Write, terms: int) -> None:
    data = MENTION + b"\n" + _plus_chain(terms) + b"\n\n" + PLANTED + b"\n"
    assert _compiles(data)
    result = lint(project({BAD: data}))
    assert_intact(result)
    assert [(code, line) for code, line, *_ in of(result)] == [(code, 5) for code in PLANTED_CODES]


def test_precheck_does_not_change_findings_on_long_chains(project: Write) -> None:
    """`precheck=False` parses every file and is documented to give the same findings."""
    root = project({BAD: _plus_chain(400), "src/shop/basket/also.py": b"x = " + b"[" * 150 + b"]" * 150 + b"\n"})
    with_precheck = lint(root, precheck=True)
    assert_intact(with_precheck, BAD, "src/shop/basket/also.py")
    assert lint(root, precheck=False).diagnostics == with_precheck.diagnostics


def test_jobs_do_not_change_findings_near_the_recursion_limit(project: Write) -> None:
    """Chains of 280..380 terms, around where the old threshold was: the same verdict in-process and in the pool."""
    chains = {f"src/shop/basket/chain_{terms}.py": MENTION + b"\n" + _plus_chain(terms) for terms in range(280, 381, 4)}
    root = project({**chains, **_filler()})
    one = cli(root, "--no-cache", "--format", "json", "--jobs", "1")
    two = cli(root, "--no-cache", "--format", "json", "--jobs", "2")
    assert (one.returncode, two.returncode) == (1, 1), one.stderr + two.stderr
    assert one.stdout == two.stdout
    assert cli_triples(json_findings(one.stdout)) == KNOWN  # every chain file is sound Python: clean


# -- 8. a 10 MB file ------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_10_megabyte_file_only_screened(project: Write, jobs: int) -> None:
    """A 10 MB list literal (no event word): screened by CPython, clean, in seconds (jobs=2: in the pool)."""
    data = ("x = [\n" + "".join(f"    {i},\n" for i in range(1_000_000)) + "]\n").encode("ascii")
    assert len(data) > 10_000_000
    root = project({BAD: data})
    started = time.monotonic()
    result = lint(root, jobs=jobs)
    assert time.monotonic() - started < 30
    assert_intact(result)
    assert of(result) == []


def test_10_megabyte_file_parsed(project: Write) -> None:
    """A 10 MB file naming an event (mostly one string literal, so libcst is quick): its finding at its last line."""
    blob = ("abcdefghi " * 99 + "\n") * 10_100
    data = (MENTION.decode() + '\nDATA = """\n' + blob + '"""\n\n\n' + PLANTED.decode() + "\n").encode("ascii")
    assert len(data) > 10_000_000
    planted_line = data.count(b"\n")
    started = time.monotonic()
    result = lint(project({BAD: data}))
    assert time.monotonic() - started < 30
    assert_intact(result)
    assert [(code, line) for code, line, *_ in of(result)] == [(code, planted_line) for code in PLANTED_CODES]


# -- 9. files that vanish or cannot be read ------------------------------------------------------


@pytest.mark.parametrize("mention", VARIANTS)
def test_file_vanishing_after_discovery(project: Write, monkeypatch: pytest.MonkeyPatch, mention: bool) -> None:
    """Discovered, then deleted before it is read: EVL001 "cannot read" at 1:1 (it was part of the run)."""
    root = project({BAD: mentioning(b"x = 1\n") if mention else b"x = 1\n"})
    real = eventlint.sources.discovery.discover

    def discover_then_delete(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        (root / BAD).unlink()
        return found

    monkeypatch.setattr(eventlint.sources.discovery, "discover", discover_then_delete)
    result = lint(root)
    assert_intact(result)
    assert_evl001(result, "cannot read")


@pytest.mark.parametrize("mention", VARIANTS)
def test_unreadable_file(project: Write, monkeypatch: pytest.MonkeyPatch, mention: bool) -> None:
    """A read refused (simulated: this may run as root): EVL001 "cannot read", the rest intact."""
    root = project({BAD: mentioning(b"x = 1\n") if mention else b"x = 1\n"})
    target = (root / BAD).resolve()
    real = eventlint.api.read_regular

    def read_bytes(self: Path, *args: Any) -> bytes:
        if self.resolve() == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args)

    monkeypatch.setattr(eventlint.api, "read_regular", read_bytes)
    result = lint(root)
    assert_intact(result)
    assert os.strerror(errno.EACCES) in assert_evl001(result, "cannot read")


def test_unreadable_file_for_real() -> None:
    """A file the user running eventlint may not read. Root reads any file, so as root the run is made
    by a child process that gives root up for `nobody` (as CI and containers run as root)."""
    import pickle
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="eventlint-unreadable-"))
    try:
        folder.chmod(0o755)  # `nobody` must reach the project, not read the file
        root = write(folder / "proj", {**BASE, BAD: mentioning(b"x = 1\n")})
        lint(root)  # every module a run imports is imported now: `nobody` cannot read root's own Python
        (root / BAD).chmod(0)
        if not IS_ROOT:
            result = lint(root)
        else:
            reading, writing = os.pipe()
            child = os.fork()
            if child == 0:  # pragma: no cover - runs in the child
                try:
                    os.close(reading)
                    os.setgroups([])
                    os.setgid(65534)
                    os.setuid(65534)
                    try:
                        data = pickle.dumps(lint(root))
                    except BaseException:
                        import traceback

                        data = pickle.dumps(traceback.format_exc())
                    with os.fdopen(writing, "wb") as out:
                        out.write(data)
                finally:
                    os._exit(0)
            os.close(writing)
            with os.fdopen(reading, "rb") as pipe:
                data = pipe.read()
            os.waitpid(child, 0)
            result = pickle.loads(data)
            assert isinstance(result, Result), result  # else the child's traceback
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert_intact(result)
    assert_evl001(result, "cannot read")


@pytest.mark.parametrize(
    "failing_read",
    [
        pytest.param(2, id="from-the-relevance-scan"),
        pytest.param(3, id="from-the-parse"),
    ],
)
def test_file_unreadable_after_screening(project: Write, monkeypatch: pytest.MonkeyPatch, failing_read: int) -> None:
    """A file screened fine whose later reads fail (deleted or chmod-ed mid-run): EVL001 "cannot read".

    The file names no event word, only `Started`, an alias of a domain event
    bound in `aliases.py`: it becomes relevant in a second round, so it is
    read again (to find its names, then to parse it). Every read from
    `failing_read` on fails; a run that reads it fewer times must give the
    verdict of an undisturbed run.
    """
    aliases = "src/shop/basket/aliases.py"
    root = project(
        {
            aliases: "from shop.ordering.events import OrderStartedDomainEvent as Started\n",
            BAD: "from shop.basket.aliases import Started\n\n\ndef handle(event: Started) -> None: ...\n",
        }
    )
    known = KNOWN + collections.Counter({("EVL201", aliases, 1): 1})
    undisturbed = lint(root)
    assert_intact(undisturbed, known=known)
    assert [(code, line) for code, line, *_ in of(undisturbed)] == [("EVL201", 1), ("EVL201", 4)]

    target = (root / BAD).resolve()
    real = eventlint.api.read_regular
    reads = [0]

    def read_bytes(self: Path, *args: Any) -> bytes:
        if self.resolve() == target:
            reads[0] += 1
            if reads[0] >= failing_read:
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(self))
        return real(self, *args)

    monkeypatch.setattr(eventlint.api, "read_regular", read_bytes)
    result = lint(root)
    assert_intact(result, known=known)
    if reads[0] >= failing_read:
        assert_evl001(result, "cannot read")
    else:
        assert of(result) == of(undisturbed)


# -- 10. odd folders and links --------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs POSIX symlinks")
def test_odd_folders_and_links(project: Write, tmp_path: Path) -> None:
    """No crash, nothing walked twice, and a sensible verdict for each oddity:

    * a folder named `x.py` is a folder: the files in it are linted;
    * folder links `a -> b`, `b -> a` (a loop) and `up -> ..` are not followed;
    * file links in a loop (`la.py -> lb.py -> la.py`) and a dangling link: EVL001 "cannot read";
    * a link to a file outside the project is not followed: EVL001 (issue 13: never read outside the project).
    """
    outside = tmp_path / "elsewhere" / "outside.py"
    outside.parent.mkdir()
    outside.write_bytes(MENTION + b"\n" + PLANTED + b"\n")
    root = project({"src/shop/basket/x.py/inner.py": MENTION + b"\n" + PLANTED + b"\n"})
    basket = root / "src/shop/basket"
    os.symlink("b", basket / "a")
    os.symlink("a", basket / "b")
    os.symlink("..", basket / "up")
    os.symlink("lb.py", basket / "la.py")
    os.symlink("la.py", basket / "lb.py")
    os.symlink(root / "no-such-file.py", basket / "dangling.py")
    os.symlink(outside, basket / "linked.py")
    odd = {
        "src/shop/basket/x.py/inner.py",
        "src/shop/basket/la.py",
        "src/shop/basket/lb.py",
        "src/shop/basket/dangling.py",
        "src/shop/basket/linked.py",
    }
    result = lint(root)
    assert_intact(result, *odd)
    assert {d.path for d in result.diagnostics} <= odd | {path for _, path, _ in KNOWN}
    assert [(code, line) for code, line, *_ in of(result, "src/shop/basket/x.py/inner.py")] == [
        (code, 2) for code in PLANTED_CODES
    ]
    for path in ("src/shop/basket/la.py", "src/shop/basket/lb.py", "src/shop/basket/dangling.py", "src/shop/basket/linked.py"):
        assert_evl001(result, "cannot read", path=path)
    done = cli(root, "--format", "json", "--no-cache")
    assert done.returncode == 1, done.stderr
    assert cli_triples(json_findings(done.stdout)) == findings(result)


# -- 11. a file outside every src root ---------------------------------------------------------------


@pytest.mark.parametrize("mention", VARIANTS)
def test_file_outside_every_src_root(project: Write, mention: bool) -> None:
    """`scripts/tool.py` (src = ["src"]) is linted as module `scripts.tool`, in no context."""
    tool = "scripts/tool.py"
    content = (
        MENTION + b"\nfrom shop.ordering.events import OrderStartedDomainEvent\n\n\n" + PLANTED + b"\n"
        if mention
        else b"import sys\n\n\ndef main() -> int:\n    return len(sys.argv)\n"
    )
    root = project({tool: content})
    config, _ = resolve_config([root])
    [source] = [s for s in discover(config, base=root) if s.display == tool]
    assert (source.module, source.is_package) == ("scripts.tool", False)
    result = lint(root)
    assert_intact(result, tool)
    expected = [(code, 5) for code in PLANTED_CODES] if mention else []  # no EVL201: scripts is in no context
    assert [(code, line) for code, line, *_ in of(result, tool)] == expected


# -- 12. a damaged or unwritable cache -----------------------------------------------------------------


def _header(payload: bytes) -> bytes:
    """The header a cache file starts with: magic number and digest of the payload."""
    return eventlint.pipeline.cache._FORMAT + hashlib.blake2b(payload, digest_size=eventlint.pipeline.cache._DIGEST).digest()


class _Forged:
    """Unpickling it calls `function(*args)`: the cache's unpickler must refuse it."""

    def __init__(self, function: Callable[..., object], *args: object) -> None:
        self.function, self.args = function, args

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return (self.function, self.args)


def _of_the_cache_module(function: Callable[..., object]) -> Callable[..., object]:
    """`function` as a function eventlint.pipeline.cache defines: what a forged pickle may name there."""

    def _forged(*args: object) -> object:
        return function(*args)

    _forged.__module__, _forged.__qualname__ = "eventlint.pipeline.cache", "_forged"
    eventlint.pipeline.cache._forged = _forged  # type: ignore[attr-defined]
    return _forged


def _damage(path: Path, how: str, marker: Path, victim: Path) -> None:
    blob = path.read_bytes()
    if how == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(max(64, len(blob))))
    elif how == "valid-header-garbage-payload":
        payload = os.urandom(200)
        path.write_bytes(_header(payload) + payload)
    elif how == "wrong-digest":
        path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0xFF]))
    elif how == "forged-pickle":  # would create `marker`
        payload = pickle.dumps(_Forged(open, str(marker), "w"))
        path.write_bytes(_header(payload) + payload)
    elif how == "forged-pickle-allowed-module":  # a function of eventlint.pipeline.cache itself: would delete `victim`
        payload = pickle.dumps(_Forged(_of_the_cache_module(os.unlink), str(victim)))
        path.write_bytes(_header(payload) + payload)
    else:  # pragma: no cover
        raise AssertionError(how)


def _cache_files(root: Path) -> tuple[list[Path], list[Path]]:
    folder = root / eventlint.pipeline.cache.CACHE_DIR
    return sorted(folder.glob("entries/*/*")), sorted(folder.glob("manifest-*"))


def _sound(path: Path) -> bool:
    folder = next(parent for parent in path.parents if parent.name == eventlint.pipeline.cache.CACHE_DIR)
    cache = eventlint.pipeline.cache.Cache(folder.parent, lambda message: None)
    if path.name.startswith("manifest-"):
        return cache.read_manifest(path.name.removeprefix("manifest-")) is not None
    return cache.read_entry(path.name) is not None


DAMAGES = [
    "truncated",
    "empty",
    "garbage",
    "valid-header-garbage-payload",
    "wrong-digest",
    "forged-pickle",
    "forged-pickle-allowed-module",
]


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize(
    "scenario",
    [
        pytest.param("entries,manifest-removed", id="entries-then-no-manifest"),
        pytest.param("entries,source-edited", id="entries-then-an-edit"),
        pytest.param("entries,unchanged", id="entries-then-nothing-changed"),
        pytest.param("manifest", id="manifest"),
        pytest.param("entries,manifest", id="everything"),
    ],
)
def test_damaged_cache_is_ignored_and_rewritten(project: Write, tmp_path: Path, scenario: str, how: str) -> None:
    """Every entry (or the manifest) damaged after a run: the next run equals a run without the cache,
    a forged pickle runs nothing, the damaged files it needed are rewritten, and a third run still agrees."""
    root = project({BAD: b"def broken(:\n    pass\n"})  # an EVL001 in the cache as well
    marker = tmp_path / "forged-pickle-was-loaded"
    victim = tmp_path / "deleted-if-a-forged-pickle-is-loaded"
    victim.write_bytes(b"")
    first = lint(root, cache=True)
    entries, manifests = _cache_files(root)
    assert entries and len(manifests) == 1
    if "entries" in scenario:
        for entry in entries:
            _damage(entry, how, marker, victim)
    if "manifest" in scenario.split(","):
        _damage(manifests[0], how, marker, victim)
    if "manifest-removed" in scenario:
        manifests[0].unlink()
    if "source-edited" in scenario:
        events = root / "src/shop/ordering/events.py"
        events.write_bytes(events.read_bytes() + b"\n\nclass PaymentAccepted(DomainEvent): ...\n")
    expected = lint(root, cache=False)
    if "source-edited" in scenario:
        assert findings(expected) - findings(first) == collections.Counter({("EVL101", "src/shop/ordering/events.py", 10): 1})
    else:
        assert expected.diagnostics == first.diagnostics

    second = lint(root, cache=True)
    assert not marker.exists() and victim.exists(), "the cache unpickled a forged object"
    assert second.diagnostics == expected.diagnostics
    assert second.errors == () and second.notices == ()
    entries_after, manifests_after = _cache_files(root)
    assert len(manifests_after) == 1 and _sound(manifests_after[0])
    if scenario in ("manifest", "entries,manifest", "entries,manifest-removed"):
        # No usable manifest: every file's entry was looked up, so every damaged one was rewritten.
        assert all(_sound(entry) for entry in entries_after), [e.name for e in entries_after if not _sound(e)]
    third = lint(root, cache=True)
    assert third.diagnostics == expected.diagnostics
    assert third.errors == () and third.notices == ()
    manifests_after[0].unlink()  # a run that must open every entry it kept
    fourth = lint(root, cache=True)
    assert fourth.diagnostics == expected.diagnostics and fourth.errors == ()
    assert not marker.exists() and victim.exists()


@pytest.mark.parametrize(
    "blocker",
    [pytest.param(".eventlint_cache", id="cache-folder-is-a-file"), pytest.param(".eventlint_cache/entries", id="entries-folder-is-a-file")],
)
def test_unwritable_cache_warns_once(project: Write, blocker: str) -> None:
    root = project()
    (root / blocker).parent.mkdir(parents=True, exist_ok=True)
    (root / blocker).write_bytes(b"not a folder\n")
    expected = lint(root, cache=False)
    assert expected.notices == ()
    for _ in range(2):
        result = lint(root, cache=True)
        assert result.diagnostics == expected.diagnostics
        assert result.errors == ()
        assert len(result.notices) == 1 and "cache" in result.notices[0], result.notices


def test_unwritable_cache_through_the_cli(project: Write) -> None:
    root = project()
    (root / ".eventlint_cache").write_bytes(b"")
    done = cli(root, "--format", "json")
    assert done.returncode == 1, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "cache" in warnings[0], done.stderr
    assert cli_triples(json_findings(done.stdout)) == KNOWN


# -- 13. a parser that crashes, hangs or raises ------------------------------------------------------------


CRASH_MARKER = "CRASH-THE-PARSER-HERE"
SYNTAX_ERROR = f"def broken(:\n    pass\n# {CRASH_MARKER}\n".encode("ascii")
FILLER_FILES = 12


def _filler() -> dict[str, bytes]:
    """Files without event words, enough bytes for `jobs=2` to use the pool."""
    per_file = eventlint.pipeline.workers.POOL_THRESHOLD // FILLER_FILES + 1000
    body = "".join(f"VALUE_{n} = {n}\n" for n in range(per_file // 12)).encode("ascii")
    assert len(body) * FILLER_FILES > eventlint.pipeline.workers.POOL_THRESHOLD
    return {f"src/shop/filler/f{n:02d}.py": body for n in range(FILLER_FILES)}


JOBS = [pytest.param(1, False, id="jobs1"), pytest.param(2, False, id="jobs2"), pytest.param(2, True, id="jobs2-pooled")]


def _patch_parser(monkeypatch: pytest.MonkeyPatch, action: Callable[[], object]) -> None:
    """`libcst.parse_module` runs `action` on the marked file; forked workers inherit it."""
    real = libcst.parse_module

    def parse_module(source: object, *args: object, **kwargs: object) -> libcst.Module:
        if isinstance(source, str) and CRASH_MARKER in source:
            action()
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(libcst, "parse_module", parse_module)


def _in_a_worker_only(kill: Callable[[], object]) -> Callable[[], object]:
    parent = os.getpid()

    def action() -> object:
        if os.getpid() == parent:  # never take the test process down
            raise AssertionError("the marked file was parsed in the main process")
        faulthandler.disable()  # inherited from pytest: spare the log a dump of the worker's stack
        return kill()

    return action


def _hang() -> None:
    time.sleep(120)


CRASHES = [
    pytest.param(lambda: os.kill(os.getpid(), signal.SIGSEGV), "SIGSEGV", id="sigsegv"),
    pytest.param(lambda: os._exit(139), "exit code 139", id="exit-139"),
    pytest.param(os.abort, "SIGABRT", id="abort"),
]


@pytest.mark.parametrize("mention", VARIANTS)
@pytest.mark.parametrize(("jobs", "pooled"), JOBS)
@pytest.mark.parametrize(("kill", "reason"), CRASHES)
def test_worker_crash_is_evl001(
    project: Write, monkeypatch: pytest.MonkeyPatch, kill: Callable[[], object], reason: str, jobs: int, pooled: bool, mention: bool
) -> None:
    """A file CPython rejects is parsed in a worker; the worker dying on it is that file's EVL001 only."""
    _patch_parser(monkeypatch, _in_a_worker_only(kill))
    files: dict[str, str | bytes] = {BAD: mentioning(SYNTAX_ERROR) if mention else SYNTAX_ERROR}
    if pooled:
        files.update(_filler())
    result = lint(project(files), jobs=jobs)
    assert_intact(result)
    message = assert_evl001(result, "crashed")
    assert reason in message


@pytest.mark.parametrize(("jobs", "pooled"), [JOBS[0], JOBS[2]])
def test_worker_hang_is_evl001(project: Write, monkeypatch: pytest.MonkeyPatch, jobs: int, pooled: bool) -> None:
    monkeypatch.setattr(eventlint.pipeline.workers, "TIME_LIMIT", 1.0)
    monkeypatch.setattr(eventlint.pipeline.workers, "TIME_PER_MEGABYTE", 0.0)
    _patch_parser(monkeypatch, _in_a_worker_only(_hang))
    files: dict[str, str | bytes] = {BAD: mentioning(SYNTAX_ERROR)}
    if pooled:
        files.update(_filler())
    started = time.monotonic()
    result = lint(project(files), jobs=jobs)
    assert time.monotonic() - started < 30
    assert_intact(result)
    assert_evl001(result, "did not finish within")


RAISES = [
    pytest.param(lambda: libcst.CSTLogicError("boom"), "libcst cannot parse this file: CSTLogicError: boom", id="CSTLogicError"),
    pytest.param(lambda: RecursionError("maximum recursion depth exceeded"), "recursion limit", id="RecursionError"),
    pytest.param(MemoryError, "out of memory", id="MemoryError"),
    pytest.param(lambda: ValueError("odd"), "libcst cannot parse this file: ValueError: odd", id="ValueError"),
]


@pytest.mark.parametrize(
    "where",
    [
        pytest.param("in-process", id="cpython-valid-in-process"),
        pytest.param("worker", id="cpython-rejected-in-a-worker"),
    ],
)
@pytest.mark.parametrize(("error", "fragment"), RAISES)
def test_parser_exception_is_evl001(
    project: Write, monkeypatch: pytest.MonkeyPatch, error: Callable[[], BaseException], fragment: str, where: str
) -> None:
    def action() -> None:
        raise error()

    _patch_parser(monkeypatch, action)
    data = f"x = 1  # {CRASH_MARKER}\n".encode("ascii") if where == "in-process" else SYNTAX_ERROR
    result = lint(project({BAD: mentioning(data)}), jobs=1)
    assert_intact(result)
    if where == "worker" and fragment.startswith("libcst cannot parse"):
        fragment = "syntax error"  # libcst failed on a file Python rejects too: Python's words say why
    assert_evl001(result, fragment)


def test_parser_exception_exits_1_through_the_cli(
    project: Write, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def action() -> None:
        raise libcst.CSTLogicError("boom")

    _patch_parser(monkeypatch, action)
    root = project({BAD: mentioning(f"x = 1  # {CRASH_MARKER}\n".encode("ascii"))})
    monkeypatch.chdir(root)
    code = main(["check", "--format", "json", "--no-cache", "--jobs", "1"])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "internal error" not in err
    data = json_findings(out)
    assert cli_triples(data, BAD) == KNOWN
    [bad] = [d for d in data if d["path"] == BAD]
    assert bad["code"] == "EVL001" and "CSTLogicError: boom" in str(bad["message"])


# -- 14. --jobs 1 and --jobs 2 give the same bytes ------------------------------------------------------


def _many_files() -> tuple[dict[str, str | bytes], int]:
    """About 60 files, above the pool threshold in bytes, with findings spread over them."""
    files: dict[str, str | bytes] = {}
    filler = "".join(f"def helper_{n}(x):\n    return x * {n} + 1\n\n\n" for n in range(220))
    for n in range(30):
        if n % 3 == 0:
            files[f"src/shop/ordering/gen_{n:02d}.py"] = (
                "from shop.seedwork import DomainEvent, IntegrationEvent\n\n\n"
                f"class Gen{n}Started(DomainEvent): ...\n\n\n"
                f"class Gen{n}PlaceDomainEvent(DomainEvent): ...\n\n\n"
                f"class Gen{n}ShippedIntegrationEvent(IntegrationEvent): ...\n"
            )
        else:
            files[f"src/shop/ordering/gen_{n:02d}.py"] = filler
        if n % 5 == 0:
            files[f"src/shop/basket/gen_{n:02d}.py"] = (
                f"from shop.ordering.gen_{n - n % 3:02d} import Gen{n - n % 3}PlaceDomainEvent\n\n\n"
                f"def on_event(event: Gen{n - n % 3}PlaceDomainEvent) -> None: ...\n"
            )
        else:
            files[f"src/shop/basket/gen_{n:02d}.py"] = filler
    size = sum(len(c) for c in files.values()) + sum(len(c) for c in BASE.values())
    return files, size


def test_jobs_1_and_2_are_byte_identical(project: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    files, size = _many_files()
    assert size > eventlint.pipeline.workers.POOL_THRESHOLD
    root = project(files)
    outputs = {}
    for output_format in ("json", "text"):
        for jobs in ("1", "2"):
            done = cli(root, "--no-cache", "--format", output_format, "--jobs", jobs)
            assert done.returncode == 1, done.stderr
            assert "internal error" not in done.stderr
            outputs[output_format, jobs] = done.stdout
    assert outputs["json", "1"] == outputs["json", "2"]
    assert outputs["text", "1"] == outputs["text", "2"]
    data = json_findings(outputs["json", "1"])
    assert len(data) > 20 and not any(d["code"] == "EVL001" for d in data)
    assert cli_triples(data) >= KNOWN

    pools = []
    real_init = eventlint.pipeline.workers._Pool.__init__

    def counting_init(self: object, *args: object, **kwargs: object) -> None:
        pools.append(self)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(eventlint.pipeline.workers._Pool, "__init__", counting_init)
    pooled = lint(root, jobs=2)
    assert pools, "jobs=2 above POOL_THRESHOLD did not start the pool"
    assert pooled.diagnostics == lint(root, jobs=1).diagnostics
    assert pooled.errors == ()


# -- regressions: bugs these tests found, now fixed ----------------------------------------------------------


def _boolean_chain(terms: int) -> bytes:
    return b"x = " + b" and ".join([b"1"] * terms) + b"\n"


def test_boolean_chain_in_the_pool_costs_only_its_own_file(project: Write) -> None:
    """In a pool worker, whatever libcst's native parser does with it costs that file only, as with one job.

    (It crashed with SIGSEGV on a thread's default stack; on the parsing
    thread's large one it parses.)
    """
    root = project({BAD: mentioning(_boolean_chain(10000)), **_filler()})
    done = cli(root, "--no-cache", "--format", "json", "--jobs", "2")
    assert done.returncode == 1, f"exit {done.returncode}; stderr: {done.stderr[-500:]}"
    data = json_findings(done.stdout)
    assert cli_triples(data, BAD) == KNOWN
    assert [d["code"] for d in data if d["path"] == BAD] in ([], ["EVL001"])
    assert cli(root, "--no-cache", "--format", "json", "--jobs", "1").stdout == done.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_boolean_chain_cpython_accepts_does_not_kill_the_run(project: Write, jobs: str) -> None:
    root = project({BAD: mentioning(_boolean_chain(10000))})
    done = cli(root, "--no-cache", "--format", "json", "--jobs", jobs)
    assert done.returncode == 1, f"exit {done.returncode}; stderr: {done.stderr[-500:]}"
    data = json_findings(done.stdout)
    assert cli_triples(data, BAD) == KNOWN
    assert [d["code"] for d in data if d["path"] == BAD] in ([], ["EVL001"])


def test_column_after_a_leading_form_feed(project: Write) -> None:
    result = lint(project({BAD: MENTION + b"\n\x0c" + PLANTED + b"\n"}))
    assert_intact(result)
    # `\x0cclass CreateOrder`: the name starts at the 8th character, as CPython's col_offset (1 for the class) agrees.
    assert [(code, line, column) for code, line, column, _ in of(result)] == [(code, 2, 8) for code in PLANTED_CODES]
