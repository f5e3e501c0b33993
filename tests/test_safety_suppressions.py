"""Suppressions read as Python reads comments, `--add-noqa` that leaves a clean project, and the
EVL302 fix that defers a publish only into the hook of the transaction it is about."""

from __future__ import annotations

import ast
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import SHOP, run, shop_config, write

# -- suppressions: a project whose findings sit on odd lines ----------------------------------

NOQA_CONFIG = str(SHOP["eventlint.toml"]).replace('src = ["src"]', 'src = ["src"]\nselect = ["EVL"]  # EVL002 too')
IMPORT = "from shop.ordering.events import OrderStartedDomainEvent"
REGISTER = "def register(event):\n    return lambda cls: cls\n"
ODD = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]  # str.splitlines ends a line there; Python does not
HANDLERS = "src/shop/basket/handlers.py"


def project_with(handlers: str | bytes) -> dict[str, str | bytes]:
    """The shop with every rule selected (EVL002 too) and `handlers` as the basket's module."""
    return {**SHOP, "eventlint.toml": NOQA_CONFIG, HANDLERS: handlers}


def report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, object]]]:
    """`check --no-cache --format json ARGV`: exit code and findings (no internal error)."""
    code, out, err = run(capsys, "check", "--no-cache", "--format", "json", *argv)
    assert code in (0, 1), err
    assert "internal error" not in err
    return code, json.loads(out)


def lines_of(findings: list[dict[str, object]], path: str = HANDLERS) -> list[tuple[str, int]]:
    return sorted((str(d["code"]), int(str(d["line"]))) for d in findings if d["path"] == path)


@contextmanager
def project_dir(files: Mapping[str, str | bytes]) -> Iterator[Path]:
    """A project written to a fresh folder, the current directory while it is used."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        root = write(Path(folder), files)
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(before)


def add_noqa_leaves_it_clean(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    """`--add-noqa`, then `check` (EVL002 selected) is clean, every file still parses, and a second run adds nothing."""
    code, _, err = run(capsys, "check", "--no-cache", "--add-noqa")
    assert code == 0, err
    code, after = report(capsys)
    assert (code, after) == (0, [])
    written = {path: path.read_bytes() for path in root.rglob("*.py")}
    for path, data in written.items():
        ast.parse(data, str(path))
    code, _, err = run(capsys, "check", "--no-cache", "--add-noqa")
    assert code == 0, err
    assert "added `# noqa` for 0 findings in 0 files" in err
    assert {path: path.read_bytes() for path in root.rglob("*.py")} == written


# -- 17: `# noqa` is a comment, lines are Python's ------------------------------------------


IN_STRINGS = f"""\
{IMPORT}

seen = [OrderStartedDomainEvent, "# noqa: EVL201"]
quoted = [OrderStartedDomainEvent, '# noqa']
formatted = [OrderStartedDomainEvent, f"{{1}} # noqa: EVL201"]
documented = [OrderStartedDomainEvent, \"\"\"
# noqa: EVL201
# noqa\"\"\"]
"""


def test_noqa_inside_a_string_suppresses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, project_with(IN_STRINGS))
    monkeypatch.chdir(tmp_path)
    _, found = report(capsys)
    assert lines_of(found) == [("EVL201", 1), ("EVL201", 3), ("EVL201", 4), ("EVL201", 5), ("EVL201", 6)]
    add_noqa_leaves_it_clean(capsys, tmp_path)


@pytest.mark.parametrize("odd", ODD, ids=[f"U+{ord(c):04X}" for c in ODD])
@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_lines_are_counted_as_python_counts_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], odd: str, ending: str
) -> None:
    text = ending.join(
        [
            f"{IMPORT}  # noqa: EVL201",
            f"# a comment{odd}with an odd character",
            f'TEXT = "a{odd}b"  # and{odd}here',
            "seen = [OrderStartedDomainEvent]  # noqa: EVL201",
            "\x0cagain = (",
            "    OrderStartedDomainEvent,  # noqa: EVL201",
            ")",
            "unsuppressed = OrderStartedDomainEvent",
            "",
        ]
    )
    write(tmp_path, project_with(text.encode("utf-8")))
    monkeypatch.chdir(tmp_path)
    _, found = report(capsys)
    assert lines_of(found) == [("EVL201", 8)]  # no suppression shifted to another line, none reported unused
    add_noqa_leaves_it_clean(capsys, tmp_path)
    assert (tmp_path / HANDLERS).read_bytes().decode("utf-8").split(ending)[7] == (
        "unsuppressed = OrderStartedDomainEvent  # noqa: EVL201"
    )


def test_a_file_the_tokenizer_cannot_read_falls_back_without_inventing_a_suppression(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Python 3.12 f-strings (PEP 701): an older tokenizer reads `"#noqa"]}"` as a comment,
    # or stops at the newline inside the replacement field.
    text = (
        f"{IMPORT}  # noqa: EVL201\n"
        'KEYS = {"#noqa": 1}\n'
        'nested = [OrderStartedDomainEvent, f"{KEYS["#noqa"]}"]\n'
        "spread = [OrderStartedDomainEvent, f\"{[\n1, 2]}\"]\n"
        "after = OrderStartedDomainEvent\n"
    )
    write(tmp_path, project_with(text))
    monkeypatch.chdir(tmp_path)
    code, found = report(capsys)
    assert code == 1
    assert [line for _, line in lines_of(found)] == [3, 4, 6]  # line 1 suppressed, nothing else


def test_unused_noqa_points_at_the_code_in_the_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    line = 'NAME = "é\x0c"  # noqa: E501, EVL101 explained'
    write(tmp_path, project_with(f"{line}\n"))
    monkeypatch.chdir(tmp_path)
    _, found = report(capsys)
    (unused,) = [d for d in found if d["code"] == "EVL002"]
    assert (unused["line"], unused["column"], unused["end_column"]) == (1, line.index("EVL101") + 1, line.index("EVL101") + 7)


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: EVL101",
        "#noqa:EVL101",
        "# NOQA : evl101",
        "# noqa: E501, EVL101 because",
        "# type: ignore  # noqa: EVL101",
        "# noqa:EVL201,EVL101",
    ],
)
@pytest.mark.parametrize("before", ["x = 1", "\tx = 'é'", "x = '\u2028'", "x = '# noqa: EVL104'"])
def test_unused_noqa_is_reported_at_its_code_whatever_the_line_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], comment: str, before: str
) -> None:
    prefix = "if True:\n" if before.startswith("\t") else ""
    line = f"{before}  {comment}"
    write(tmp_path, project_with(f"{prefix}{line}\n"))
    monkeypatch.chdir(tmp_path)
    _, found = report(capsys)
    number = 2 if prefix else 1
    where = line.lower().rindex("evl101") + 1
    unused = sorted((d["line"], d["column"], d["end_column"]) for d in found if d["code"] == "EVL002" and "EVL101" in str(d["message"]))
    assert unused == [(number, where, where + 6)]


# -- 18: decorators and multi-line headers -------------------------------------------------


DECORATED = f"""\
{IMPORT}


{REGISTER}

@register(OrderStartedDomainEvent)
class Reaction(
    OrderStartedDomainEvent,
):
    pass
"""


def test_add_noqa_on_a_decorated_multi_line_class_leaves_no_unused_noqa(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, project_with(DECORATED))
    monkeypatch.chdir(tmp_path)
    _, found = report(capsys)
    assert {line for _, line in lines_of(found)} == {1, 8, 9, 10}
    add_noqa_leaves_it_clean(capsys, tmp_path)


def test_a_finding_is_credited_to_the_comment_on_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        f"{IMPORT}  # noqa: EVL201\n\n\n{REGISTER}\n"
        "@register(OrderStartedDomainEvent)  # noqa: EVL201\n"
        "class ReactedDomainEvent(OrderStartedDomainEvent,  # noqa: EVL201\n"
        "):\n"
        "    pass\n"
    )
    write(tmp_path, project_with(text))
    monkeypatch.chdir(tmp_path)
    _, found = report(capsys)
    assert lines_of(found) == []  # neither the decorator's comment nor the header's is unused
    assert [d["code"] for d in found] == ["EVL101", "EVL104"]  # the shop's own, in events.py


@pytest.mark.parametrize("decorators", [0, 1, 2])
@pytest.mark.parametrize(
    "header",
    [
        "class Reaction(OrderStartedDomainEvent):",
        "class Reaction(OrderStartedDomainEvent,\n):",
        "class Reaction(\n    OrderStartedDomainEvent,\n):",
        "class Reaction(\n    object,\n    OrderStartedDomainEvent,\n    metaclass=type,\n):",
        "class Reaction(  # the base\n    OrderStartedDomainEvent,  # noqa: E501\n):  # closing",
    ],
    ids=["one-line", "closing-own-line", "base-inside", "base-in-the-middle", "with-comments"],
)
@pytest.mark.parametrize("existing", ["", "  # noqa: EVL201"], ids=["bare-decorator", "decorator-suppressed"])
def test_add_noqa_then_check_is_clean_on_decorated_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], decorators: int, header: str, existing: str
) -> None:
    stack = "".join(f"@register(OrderStartedDomainEvent){existing if n == 0 else ''}\n" for n in range(decorators))
    text = f"{IMPORT}\n\n\n{REGISTER}\n{stack}{header}\n    pass\n"
    write(tmp_path, project_with(text))
    monkeypatch.chdir(tmp_path)
    add_noqa_leaves_it_clean(capsys, tmp_path)


# -- the family, as a property: odd separators, noqa in strings, decorated headers ------------

_PIECES = [
    "seen_{n} = [OrderStartedDomainEvent]",
    'text_{n} = "a{odd}b"  # c{odd}d',
    'note_{n} = "# noqa: EVL201"; also_{n} = OrderStartedDomainEvent',
    'doc_{n} = """{nl}# noqa{nl}""", OrderStartedDomainEvent',
    'fmt_{n} = [OrderStartedDomainEvent, f"{{{n}}} # noqa"]',
    "@register(OrderStartedDomainEvent){nl}class Reaction{n}({nl}    OrderStartedDomainEvent,{nl}):{nl}    pass",
    "@register(OrderStartedDomainEvent){nl}@register(1){nl}class Later{n}(OrderStartedDomainEvent,{nl}    ):{nl}    pass",
    "\x0cfed_{n} = OrderStartedDomainEvent",
    "kept_{n} = OrderStartedDomainEvent  # noqa: E501 explained",
    "pair_{n} = ({nl}    OrderStartedDomainEvent,{nl}    1,{nl})",
    "if OrderStartedDomainEvent and ({nl}    OrderStartedDomainEvent{nl}):{nl}    pass",
    "# {odd} a comment{odd}",
]


@st.composite
def odd_modules(draw: st.DrawFn) -> str:
    """A basket module: the import, then pieces joined by Python line endings, with odd characters inside."""
    endings = st.sampled_from(["\n", "\r\n", "\r"])
    ending = draw(endings)
    mixed = draw(st.booleans())
    pieces = draw(st.lists(st.integers(0, len(_PIECES) - 1), min_size=1, max_size=6))
    parts = [IMPORT, REGISTER.replace("\n", ending)]
    for n, index in enumerate(pieces):
        nl = draw(endings) if mixed else ending
        parts.append(_PIECES[index].format(n=n, nl=nl, odd=draw(st.sampled_from(ODD))))
    return ending.join(parts) + ending


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(module=odd_modules())
def test_add_noqa_then_check_is_clean_and_idempotent(capsys: pytest.CaptureFixture[str], module: str) -> None:
    with project_dir(project_with(module.encode("utf-8"))) as root:
        add_noqa_leaves_it_clean(capsys, root)


# -- 17: the editor's quick fix edits the finding's line ---------------------------------------


def test_the_noqa_quick_fix_edits_the_line_of_the_finding_past_odd_characters() -> None:
    from eventlint.lsp import noqa_edit

    for odd in ODD:
        text = f'{IMPORT}\nTEXT = "a{odd}b{odd}c"  # {odd}\nseen = OrderStartedDomainEvent\r\nafter = 1\r'
        edit = noqa_edit(text, 2, "EVL201")
        assert edit is not None, repr(odd)
        assert (edit.range.start.line, edit.range.start.character) == (2, len("seen = OrderStartedDomainEvent"))
        assert edit.range.end == edit.range.start
        assert edit.new_text == "  # noqa: EVL201"
        assert noqa_edit(text, 4, "EVL201") is None  # there is no fifth line


# -- 6: the EVL302 fix defers into the hook of the transaction the publish is about ------------

UOW_CONFIG = shop_config("ordering", src=True, events=["integration"], dispatch=["broker", "commit"], patterns={"broker": "*.bus.publish"})
HOOK = 'after-commit = ["*.uow.on_commit"]\n'
SERVICE = "src/shop/ordering/service.py"


def service(decorator: str, body: str, imports: str = "from django.db import transaction\n") -> str:
    return (
        f"{imports}\n"
        "from shop.seedwork import IntegrationEvent\n\n\n"
        "class OrderPlacedIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "class PlaceOrder:\n"
        "    def __init__(self, uow, bus) -> None:\n"
        "        self.uow = uow\n"
        "        self.bus = bus\n\n"
        f"{decorator}"
        "    def __call__(self) -> None:\n"
        "        event = OrderPlacedIntegrationEvent()\n"
        f"{body}"
    )


def uow_project(text: str, hook: bool) -> dict[str, str | bytes]:
    return {
        "eventlint.toml": UOW_CONFIG + (HOOK if hook else ""),
        "src/shop/__init__.py": "",
        "src/shop/seedwork.py": "class IntegrationEvent: ...\n",
        "src/shop/ordering/__init__.py": "",
        SERVICE: text,
    }


PUBLISH = "self.bus.publish(event)"


def deferred(text: str, hook: str) -> str:
    return text.replace(PUBLISH, f"{hook}(lambda: {PUBLISH})")


def test_a_publish_before_the_unit_of_work_commits_is_not_handed_to_django(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The module imports Django's `transaction`, but the function is in no atomic() block:
    # Django would run `transaction.on_commit` callbacks at once, before `self.uow.commit()`.
    text = service("", f"        {PUBLISH}\n        self.uow.commit()\n")
    write(tmp_path, uow_project(text, hook=True))
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "--no-cache", "--fix", "--unsafe-fixes")
    assert code == 0, err
    fixed = (tmp_path / SERVICE).read_text(encoding="utf-8")
    assert fixed == deferred(text, "self.uow.on_commit")
    assert "transaction.on_commit" not in fixed
    ast.parse(fixed)
    assert report(capsys) == (0, [])


_DJANGO_OUTSIDE = "outside an `atomic()` block Django runs `on_commit` callbacks at once"
_NO_HOOK = "no after-commit hook is configured for `self.uow`"
_COMMITS_AFTER_BLOCK = "`self.uow.commit()` commits after the `atomic()` block around it"

# (Django atomic: with / decorator / none) x (a uow commit follows: inside the block, after it, none)
# x (after-commit hook configured): the hook the fix uses, or why it refuses (None: no finding at all).
FAMILY = [
    ("with", "inside", True, "transaction.on_commit"),
    ("with", "inside", False, "transaction.on_commit"),
    ("with", "after", True, _COMMITS_AFTER_BLOCK),
    ("with", "after", False, _COMMITS_AFTER_BLOCK),
    ("with", "none", True, "transaction.on_commit"),
    ("with", "none", False, "transaction.on_commit"),
    ("decorator", "inside", True, "transaction.on_commit"),
    ("decorator", "inside", False, "transaction.on_commit"),
    ("decorator", "none", True, "transaction.on_commit"),
    ("decorator", "none", False, "transaction.on_commit"),
    ("none", "after", True, "self.uow.on_commit"),
    ("none", "after", False, _NO_HOOK),
    ("none", "none", True, None),
    ("none", "none", False, None),
    ("atomic-follows", "none", True, "Django's `transaction.atomic()`, and " + _DJANGO_OUTSIDE),
    ("atomic-follows", "after", True, "Django's `transaction.atomic()`, and " + _DJANGO_OUTSIDE),
    ("uow-block", "none", True, "self.uow.on_commit"),
    ("uow-block", "none", False, "no after-commit hook is configured for `self.uow`, whose transaction commits around it"),
    ("uow-in-atomic", "none", True, "it is inside both Django's `transaction.atomic()` and `self.uow.transaction()`"),
]


def family_service(atomic: str, commit: str) -> str:
    commit_line = "self.uow.commit()\n"
    if atomic == "with":
        body = f"        with transaction.atomic():\n            {PUBLISH}\n"
        body += {"inside": f"            {commit_line}", "after": f"        {commit_line}", "none": ""}[commit]
        return service("", body)
    if atomic == "decorator":
        body = f"        {PUBLISH}\n" + (f"        {commit_line}" if commit == "inside" else "")
        return service("    @transaction.atomic\n", body)
    if atomic == "atomic-follows":
        body = f"        {PUBLISH}\n        with transaction.atomic():\n            pass\n"
        return service("", body + (f"        {commit_line}" if commit == "after" else ""))
    if atomic == "uow-block":
        return service("", f"        with self.uow.transaction():\n            {PUBLISH}\n")
    if atomic == "uow-in-atomic":
        return service("", f"        with transaction.atomic():\n            with self.uow.transaction():\n                {PUBLISH}\n")
    return service("", f"        {PUBLISH}\n" + (f"        {commit_line}" if commit == "after" else ""))


@pytest.mark.parametrize(("atomic", "commit", "hook", "outcome"), FAMILY)
def test_the_fix_uses_only_the_hook_of_the_transaction_the_publish_is_about(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    atomic: str,
    commit: str,
    hook: bool,
    outcome: str | None,
) -> None:
    text = family_service(atomic, commit)
    files = uow_project(text, hook)
    if atomic.startswith("uow"):
        files["eventlint.toml"] = str(files["eventlint.toml"]) + 'transaction = ["*.uow.transaction"]\n'
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    _, before = report(capsys)
    if outcome is None:
        assert before == []
        return
    assert [d["code"] for d in before] == ["EVL302"]
    fixable = "." in outcome and " " not in outcome
    assert (before[0]["fix"] is not None) is fixable  # the JSON report offers only a fix that can be made
    code, _, err = run(capsys, "check", "--no-cache", "--fix", "--unsafe-fixes")
    written = (tmp_path / SERVICE).read_text(encoding="utf-8")
    ast.parse(written)
    if fixable:
        assert code == 0, err
        assert written == deferred(text, outcome)
        assert report(capsys) == (0, [])
    else:
        assert code == 1
        assert written == text
        line = before[0]["line"]
        assert f"eventlint: not fixed: {SERVICE}:{line}: EVL302: " in err
        assert outcome in err
        assert "fixed 0 findings" in err
        _, _, safe_only = run(capsys, "check", "--no-cache", "--fix")
        assert "available with --unsafe-fixes" not in safe_only  # a refused fix is not "available"


def test_the_refusal_names_the_import_django_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = service("", f"        with atomic():\n            {PUBLISH}\n", imports="from django.db.transaction import atomic\n")
    write(tmp_path, uow_project(text, hook=True))
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "--no-cache", "--fix", "--unsafe-fixes")
    assert code == 1
    assert "with `from django.db import transaction` the fix can defer it with `transaction.on_commit`" in err
    assert (tmp_path / SERVICE).read_text(encoding="utf-8") == text


# -- in the editor: the quick fix on odd lines, no code action for a refused fix ----------------

try:
    import pytest_lsp
    from editor import open_workspace
    from lsprotocol import types
    from pytest_lsp import ClientServerConfig, LanguageClient
except ImportError:  # the language server's test extra is not installed
    pytest_lsp = None

EDITOR_WAIT = 15.0  # seconds: a slow machine's first run parses the project

if pytest_lsp is not None:
    import asyncio
    import sys

    EDITED = (
        f'{IMPORT}  # noqa: EVL201\r\nTEXT = "a\u2028b\x0cc\x85d"  # \u2029\r\nseen = OrderStartedDomainEvent\r\n'
        f"{REGISTER}\n@register(1)\nclass Reacted(\n    OrderStartedDomainEvent,\n):\n    pass\n"
    )
    REFUSED = service("", f"        {PUBLISH}\n        self.uow.commit()\n")
    DEFERRABLE = service("    @transaction.atomic\n", f"        {PUBLISH}\n")

    @pytest.fixture()
    def editor_project(tmp_path: Path) -> Path:
        files = project_with(EDITED)
        files["eventlint.toml"] = shop_config("ordering", "basket", src=True, dispatch=["broker", "commit"], patterns={"broker": "*.bus.publish"})
        files[SERVICE] = REFUSED
        files["src/shop/ordering/deferrable.py"] = DEFERRABLE.replace("PlaceOrder", "PlaceLater")
        return write(tmp_path / "shop", files)

    @pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "eventlint", "lsp"]))
    async def editor(lsp_client: LanguageClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
        root: Path = request.getfixturevalue("editor_project")
        await open_workspace(lsp_client, root)
        yield
        await lsp_client.shutdown_session()

    def _open(client: LanguageClient, root: Path, relpath: str) -> str:
        file_uri = (root / relpath).resolve().as_uri()
        text = (root / relpath).read_bytes().decode("utf-8")
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(file_uri, "python", 1, text)))
        return file_uri

    async def _published(client: LanguageClient, file_uri: str, codes: list[tuple[str, int]]) -> None:
        def shown() -> list[tuple[str, int]]:
            return sorted((str(d.code), d.range.start.line + 1) for d in client.diagnostics.get(file_uri, []))

        async def wait() -> None:
            while shown() != codes:
                await asyncio.sleep(0.02)

        try:
            await asyncio.wait_for(wait(), EDITOR_WAIT)
        except asyncio.TimeoutError:
            raise AssertionError(f"not published in {EDITOR_WAIT} s; shown: {shown()}") from None

    async def _titles(client: LanguageClient, file_uri: str, code: str) -> list[str]:
        diagnostic = next(d for d in client.diagnostics[file_uri] if d.code == code)
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(types.TextDocumentIdentifier(file_uri), diagnostic.range, types.CodeActionContext([diagnostic]))
        )
        return [action.title for action in actions or [] if isinstance(action, types.CodeAction)]

    @pytest.mark.asyncio
    async def test_the_editor_suppresses_the_line_of_the_finding_past_odd_characters(
        editor: LanguageClient, editor_project: Path
    ) -> None:
        handlers = _open(editor, editor_project, HANDLERS)
        await _published(editor, handlers, [("EVL101", 8), ("EVL201", 3), ("EVL201", 9)])
        for line in (3, 9):
            diagnostic = next(d for d in editor.diagnostics[handlers] if d.range.start.line + 1 == line and d.code == "EVL201")
            actions = await editor.text_document_code_action_async(
                types.CodeActionParams(types.TextDocumentIdentifier(handlers), diagnostic.range, types.CodeActionContext([diagnostic]))
            )
            (action,) = [a for a in actions or [] if isinstance(a, types.CodeAction) and "# noqa" in a.title]
            assert action.edit is not None and action.edit.changes is not None
            (edit,) = action.edit.changes[handlers]
            assert edit.range.start.line == line - 1  # the finding's own line, counted as Python counts lines
            assert edit.new_text == "  # noqa: EVL201"

    @pytest.mark.asyncio
    async def test_the_editor_offers_no_fix_the_rule_refuses(editor: LanguageClient, editor_project: Path) -> None:
        refused = _open(editor, editor_project, SERVICE)
        await _published(editor, refused, [("EVL302", 16)])
        assert await _titles(editor, refused, "EVL302") == ["Suppress EVL302 on this line (# noqa)"]
        deferrable = _open(editor, editor_project, "src/shop/ordering/deferrable.py")
        await _published(editor, deferrable, [("EVL302", 17)])
        assert await _titles(editor, deferrable, "EVL302") == [
            "Publish in an after-commit callback (unsafe fix)",
            "Suppress EVL302 on this line (# noqa)",
        ]
