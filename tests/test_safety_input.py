"""Hostile input (issue 13, items 7, 9, 11 and 20): special files, odd names, gitignore lines, look-alikes.

Special files are tried in every place eventlint reads from, through a real
process with a timeout (a hang fails the test instead of blocking the suite);
gitignore lines are compared with git itself; file names come from arbitrary
bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import SHOP, SHOP_FINDINGS, run, write

from eventlint import lint_sources
from eventlint.files.safeio import MAX_FILE_BYTES

POSIX = pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "mkfifo"), reason="needs POSIX special files")
HAS_GIT = shutil.which("git") is not None
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
SHOP_TRIPLES = {(code, path, line) for path, code, line in SHOP_FINDINGS}


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`eventlint check --format json --no-cache ARGS` in its own process, from `root`; a hang fails."""
    return subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--format", "json", "--no-cache", *args],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


def triples(out: str) -> set[tuple[str, str, int]]:
    return {(d["code"], d["path"], d["line"]) for d in json.loads(out)}


# -- item 7: special files, in every place -------------------------------------------------------


def _fifo(path: Path, outside: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path, outside: Path) -> None:
    os.symlink("/dev/zero", path)


def _link_out(path: Path, outside: Path) -> None:
    outside.write_text("class Leaked(DomainEvent): ...\n", encoding="utf-8")
    os.symlink(outside, path)


def _dangling(path: Path, outside: Path) -> None:
    os.symlink(path.parent / "no-such-file", path)


def _folder(path: Path, outside: Path) -> None:
    path.mkdir()


def _huge(path: Path, outside: Path) -> None:
    with open(path, "wb") as out:  # sparse: its size is past the limit, its disk use nothing
        out.truncate(MAX_FILE_BYTES + 1)


def _socket(path: Path, outside: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("the socket's path is too long here")
    finally:
        server.close()


KINDS: dict[str, Callable[[Path, Path], None]] = {
    "fifo": _fifo,
    "link-to-dev-zero": _zero,
    "link-out-of-project": _link_out,
    "dangling-link": _dangling,
    "folder": _folder,
    "huge-file": _huge,
    "socket": _socket,
}
PLACES = {
    "source": "src/shop/x.py",
    "path-argument": "src/shop/x.py",
    "gitignore": ".gitignore",
    "git-info-exclude": ".git/info/exclude",
    "eventlint-toml": "eventlint.toml",
}


@POSIX
@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_special_files_never_hang_nor_hide_other_findings(tmp_path: Path, kind: str, place: str) -> None:
    root = write(tmp_path / "project", SHOP)
    (root / ".git" / "info").mkdir(parents=True)
    special = root / PLACES[place]
    if special.exists():
        special.unlink()
    KINDS[kind](special, tmp_path / "outside.py")
    done = cli(root, *(["src/shop/x.py", "src"] if place == "path-argument" else []))
    if place == "path-argument" and kind == "dangling-link":  # as for any PATH that does not exist
        assert (done.returncode, done.stderr) == (2, "eventlint: path 'src/shop/x.py' does not exist\n")
        return
    if place == "eventlint-toml":
        if kind == "folder":  # not a configuration: none is found, the naming rules still run
            assert done.returncode == 1, done.stderr
        elif kind == "link-out-of-project":  # a shared configuration may live elsewhere: this one is no TOML
            assert done.returncode == 2, done.stderr
            assert done.stderr.startswith("eventlint.toml: invalid TOML: ")
        else:
            assert done.returncode == 2, done.stderr
            assert done.stderr.startswith("eventlint.toml: cannot read the configuration: ")
            assert "Errno" not in done.stderr
        return
    assert done.returncode == 1, done.stderr
    found = triples(done.stdout)
    assert SHOP_TRIPLES <= found
    if place in ("source", "path-argument") and kind != "folder":
        assert ("EVL001", "src/shop/x.py", 1) in found
        message = next(d["message"] for d in json.loads(done.stdout) if d["path"] == "src/shop/x.py")
        assert message.startswith("cannot read the file: ")
    else:
        assert found == SHOP_TRIPLES
    if place in ("gitignore", "git-info-exclude") and kind in ("fifo", "link-to-dev-zero", "huge-file", "socket"):
        assert f"eventlint: warning: {PLACES[place]}: not read, so it excludes nothing: " in done.stderr


@POSIX
def test_named_pipe_source_is_reported_and_never_blocks(tmp_path: Path) -> None:
    root = write(tmp_path, SHOP)
    os.mkfifo(root / "src/shop/x.py")
    done = cli(root)
    assert done.returncode == 1, done.stderr
    messages = {d["message"] for d in json.loads(done.stdout) if d["code"] == "EVL001"}
    assert messages == {"cannot read the file: it is a named pipe, not a regular file"}
    assert SHOP_TRIPLES <= triples(done.stdout)


@POSIX
def test_link_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    root = write(tmp_path, SHOP)
    os.symlink("/dev/zero", root / "src/shop/zero.py")
    done = cli(root)
    assert done.returncode == 1, done.stderr
    messages = {d["message"] for d in json.loads(done.stdout) if d["code"] == "EVL001"}
    assert messages == {"cannot read the file: it is a link to a file outside the project, which eventlint does not follow"}


def test_a_file_past_the_size_limit_is_evl001_and_the_rest_is_checked(tmp_path: Path) -> None:
    root = write(tmp_path, SHOP)
    with open(root / "src/shop/big.py", "wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)
    done = cli(root)
    assert done.returncode == 1, done.stderr
    messages = {d["message"] for d in json.loads(done.stdout) if d["code"] == "EVL001"}
    assert messages == {"cannot read the file: it is larger than 16 MiB, the most eventlint reads of one file"}
    assert SHOP_TRIPLES <= triples(done.stdout)


# -- item 9: gitignore lines git accepts, configured patterns that match nothing ------------------

GIT_LINES = [
    "!",
    "obj\\",
    "\\#x",
    "[",
    "**/",
    "shop   ",
    "\\ ",
    "/",
    "!/",
    "\\",
    "[]",
    "[!]",
    "***",
    "#",
    "[[:foo:]]",
    "[[:alpha:]]*.py",
    "a/**/b/**/c",
    "**/basket/**",
    "/src/shop/basket/",
    "ordering\\ ",
    "*.py\n!events.py",
    "src/*\n!src/shop",
    "basket/\n!basket/handlers.py",
    "src/**/h*.py",
    "s[a-i]*/",
]


@pytest.mark.skipif(not HAS_GIT, reason="compares with git")
@pytest.mark.parametrize("lines", GIT_LINES)
def test_gitignore_lines_git_accepts_never_crash_and_ignore_what_git_ignores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lines: str
) -> None:
    root = write(tmp_path, {**SHOP, ".gitignore": lines + "\n"})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    by_git = {path for path in listed if path.endswith(".py")}
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "check", "src", "--format", "json", "--no-cache")
    assert code in (0, 1), err
    assert "Traceback" not in err
    expected = {(path, code, line) for path, code, line in SHOP_FINDINGS if path in by_git}
    assert {(d["path"], d["code"], d["line"]) for d in json.loads(out)} == expected


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("!", "'!' names no file or folder"),
        ("obj\\\\", "'obj\\' ends with a lone '\\', so it matches nothing (write '\\\\' for a backslash)"),
        ("[", "'[' has a '[' that no ']' closes, so it matches nothing (write '\\[' for a bracket)"),
        ("#x", "'#x' is a comment in gitignore's syntax and matches nothing (escape it: '\\#')"),
        ("", "'' names no file or folder"),
    ],
)
def test_exclude_pattern_that_matches_nothing_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pattern: str, message: str
) -> None:
    write(tmp_path, {**SHOP, "eventlint.toml": f'exclude = ["{pattern}"]\n' + str(SHOP["eventlint.toml"])})
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, "")
    assert err == f"eventlint.toml: exclude[0]: {message}\n"


def test_exclude_patterns_git_accepts_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {**SHOP, "eventlint.toml": 'exclude = ["\\\\#x", "**/basket/**", "[[:alpha:]]x"]\n' + str(SHOP["eventlint.toml"])})
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json", "--no-cache")
    assert code == 1, err
    assert {d["path"] for d in json.loads(out)} == {"src/shop/ordering/events.py"}


# -- item 11: gitignore matching is linear in the path ------------------------------------------------

PATHOLOGICAL = """
import sys
from eventlint.sources.patterns import PathPatterns
deep = "/".join(["d"] * 1500) + "/m.py"
for pattern in ("**/d/**/d/**/d/**/x", "d/**/d/**/d/**/d/**/x", "*a*a*a*a*a*a*b"):
    patterns = PathPatterns((pattern,))
    assert patterns.verdict(deep) is None
    assert patterns.verdict("a" * 250) is None
assert PathPatterns(("**/d/**/d/**/m.py",)).verdict(deep) is True
print("done")
"""


def test_short_patterns_against_deep_paths_finish(tmp_path: Path) -> None:
    """Patterns a backtracking matcher needs hours for (`**` against 1,500 folders, `*a*a*...` against a long name)."""
    done = subprocess.run([sys.executable, "-c", PATHOLOGICAL], env=ENV, capture_output=True, text=True, timeout=120)
    assert done.stdout == "done\n", done.stderr


def test_deep_tree_with_a_gitignore_in_every_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {**SHOP, ".gitignore": "**/d/**/d/**/ignored.py\n"}
    folder = "src/shop/basket"
    for _ in range(60):
        folder += "/d"
        files[f"{folder}/.gitignore"] = "*.tmp\n**/x/**/y\n"
        files[f"{folder}/ignored.py"] = "class Hidden(DomainEvent): ...\n"
    files[f"{folder}/kept.py"] = "from shop.seedwork import DomainEvent\n\n\nclass Kept(DomainEvent): ...\n"
    monkeypatch.chdir(write(tmp_path, files))
    code, out, err = run(capsys, "check", "--format", "json", "--no-cache")
    assert code == 1, err
    paths = {d["path"] for d in json.loads(out)}
    assert f"{folder}/kept.py" in paths
    assert not any(path.endswith("ignored.py") and "/d/d/d/" in path for path in paths)


# -- item 9: file names that are not UTF-8 ---------------------------------------------------------

NAME_BYTES = st.binary(min_size=1, max_size=40).filter(
    lambda name: b"/" not in name and b"\0" not in name and name not in (b".", b"..")
)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes on Linux only")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAME_BYTES, output_format=st.sampled_from(["text", "json", "sarif", "github"]))
def test_file_names_of_any_bytes_never_crash_any_format(capsys: pytest.CaptureFixture[str], name: bytes, output_format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write(Path(folder), SHOP)
        odd = os.path.join(os.fsencode(root / "src/shop/ordering"), name + b".py")
        with open(odd, "wb") as out:
            out.write(b"from shop.seedwork import DomainEvent\n\n\nclass Odd(DomainEvent): ...\n")
        code, out_text, err = run(capsys, "check", folder, "--format", output_format, "--no-cache")
    assert code == 1, err
    assert "Traceback" not in err
    out_text.encode("utf-8")  # printable: no lone surrogate reaches the output
    if output_format in ("json", "sarif"):
        json.loads(out_text)
    assert out_text.count("CreateOrder") >= 2 and "EVL201" in out_text  # the other files' findings
    assert "Odd" in out_text


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes on Linux only")
def test_file_name_not_utf8_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(tmp_path, SHOP)
    monkeypatch.chdir(root)
    with open(os.path.join(os.fsencode(root / "src/shop/ordering"), b"caf\xe9.py"), "wb") as out:
        out.write(b"from shop.seedwork import DomainEvent\n\n\nclass Odd(DomainEvent): ...\n")
    code, out_text, err = run(capsys, "check", "--format", "json", "--no-cache")
    assert code == 1, err
    assert "src/shop/ordering/caf\\xe9.py" in {d["path"] for d in json.loads(out_text)}


# -- item 20: look-alike names ------------------------------------------------------------------------

CONFIG = str(SHOP["eventlint.toml"])
BASE = {
    "src/shop/__init__.py": "",
    "src/shop/seedwork.py": "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n",
    "src/shop/ordering/__init__.py": "",
    "src/shop/basket/__init__.py": "",
}


def _crossing(defined: str, imported: str) -> list[tuple[str, str]]:
    sources = {
        **BASE,
        "src/shop/ordering/events.py": f"from shop.seedwork import DomainEvent\n\n\nclass {defined}(DomainEvent): ...\n",
        "src/shop/basket/handlers.py": f"from shop.ordering.events import {imported}\n",
    }
    result = lint_sources(sources, CONFIG)
    assert not result.errors
    return sorted((d.code, d.path) for d in result.diagnostics)


CROSSES = [("EVL201", "src/shop/basket/handlers.py")]


def test_fullwidth_letter_names_the_same_event() -> None:
    assert _crossing("\uff2frderPlacedDomainEvent", "OrderPlacedDomainEvent") == CROSSES


@pytest.mark.parametrize(
    "look_alike",
    [
        "\uff2frderPlacedDomainEvent",  # fullwidth O
        "OrderPlaced\uff24omainEvent",  # fullwidth D: the event word itself
        "\U0001d40erderPlacedDomainEvent",  # mathematical bold O
        "Order\ufb02acedDomainEvent",  # the ligature fl, one character for two
        "OrderPlacedDomainEvent\u2160",  # roman numeral one, NFKC `I`
    ],
)
@pytest.mark.parametrize("side", ["defined", "imported"])
def test_names_python_reads_as_one_are_one_event(look_alike: str, side: str) -> None:
    import unicodedata

    plain = unicodedata.normalize("NFKC", look_alike)
    defined, imported = (look_alike, plain) if side == "defined" else (plain, look_alike)
    assert _crossing(defined, imported) == CROSSES


def test_look_alike_name_keeps_its_columns() -> None:
    sources = {
        **BASE,
        "src/shop/ordering/events.py": "from shop.seedwork import DomainEvent\n\n\nclass \ufb01le(DomainEvent): ...\n",
    }
    result = lint_sources(sources, CONFIG)
    (finding,) = [d for d in result.diagnostics if d.code == "EVL101"]
    assert (finding.span.column, finding.span.end_column) == (7, 10)  # `ﬁle` is 3 characters as written, 4 read


@pytest.mark.parametrize("stem", ["events.a", "a.events", "my-events", "my events", "events.py", "\u00e9v\u00e9nements.v2"])
def test_a_file_whose_name_is_no_module_never_takes_a_module_place(stem: str) -> None:
    """`pkg/a.events.py` once took the name `pkg.a.events` and hid `pkg/a/events.py` from every rule."""
    dotted = stem.split(".")
    folder = "src/shop/ordering"
    sources = {
        **BASE,
        f"{folder}/{stem}.py": "from shop.seedwork import DomainEvent\n\n\nclass OddCreate(DomainEvent): ...\n",
        f"{folder}/{'/'.join(dotted)}.py": "from shop.seedwork import DomainEvent\n\n\nclass RealCreate(DomainEvent): ...\n",
        **{f"{folder}/{'/'.join(dotted[:n])}/__init__.py": "" for n in range(1, len(dotted))},
        "src/shop/basket/handlers.py": f"from shop.ordering.{'.'.join(dotted)} import RealCreate\n"
        if all(part.isidentifier() for part in dotted)
        else "",
    }
    result = lint_sources(sources, CONFIG)
    assert not result.errors
    found = {(d.code, d.path) for d in result.diagnostics}
    real = f"{folder}/{'/'.join(dotted)}.py"
    if real != f"{folder}/{stem}.py":
        assert ("EVL101", real) in found
    assert ("EVL101", f"{folder}/{stem}.py") in found
    if sources["src/shop/basket/handlers.py"]:
        assert ("EVL201", "src/shop/basket/handlers.py") in found


@pytest.mark.parametrize("where", ["package", "module"])
def test_package_wins_over_a_module_of_the_same_name(where: str) -> None:
    event = "from shop.seedwork import DomainEvent\n\n\nclass PlacedDomainEvent(DomainEvent): ...\n"
    plain = "class PlacedDomainEvent: ...\n"
    sources = {
        **BASE,
        "src/shop/ordering/x.py": plain if where == "package" else event,
        "src/shop/ordering/x/__init__.py": event if where == "package" else plain,
        "src/shop/basket/handlers.py": "from shop.ordering.x import PlacedDomainEvent\n",
    }
    result = lint_sources(sources, CONFIG)
    crosses = ("EVL201", "src/shop/basket/handlers.py") in {(d.code, d.path) for d in result.diagnostics}
    assert crosses == (where == "package")


PIECES = ["a", "b", "*", "?", "/", "**", "[ab]", "[!a]", "\\", "!", " ", ".", "[", "]", "#"]
PROBED = ["a", "b", "a/b", "a/a", "b/a", "ab", "ba", "a/b/a", "a/a/b", "b/b/b", "aa/b", "a b", "x.a", "a/x.a", "!a", "#a", "[", "a]"]


@pytest.mark.skipif(not HAS_GIT, reason="compares with git")
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join), min_size=1, max_size=3))
def test_gitignore_matching_agrees_with_git(lines: list[str]) -> None:
    """Any lines of gitignore's characters: eventlint ignores exactly what `git check-ignore` does."""
    from eventlint.sources.patterns import PathPatterns

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        subprocess.run(["git", "init", "-q", folder], check=True)
        for path in PROBED:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
        for path in PROBED:
            if not (root / path).exists():
                (root / path).touch()
        (root / ".gitignore").write_text("\n".join(lines) + "\n", encoding="utf-8")
        listed = subprocess.run(
            ["git", "check-ignore", "--no-index", "--stdin", "-z"], cwd=root, input="\0".join(PROBED) + "\0", capture_output=True, text=True
        ).stdout
        by_git = {path for path in listed.split("\0") if path}
        patterns = PathPatterns(tuple(line for line in lines if line.strip()), ignore_file=True)
        ours = {path for path in PROBED if patterns.matches(path, (root / path).is_dir())}
    assert ours == by_git
