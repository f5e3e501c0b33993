"""The language server, driven end to end over stdio by a real LSP client (pytest-lsp)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the language server tests need the test extras (pytest-lsp)")
from editor import SERVER, open_workspace
from lsprotocol import types
from projects import SHOP, write
from pytest_lsp import LanguageClient

WAIT = 15.0  # seconds: a slow CI machine's first run parses the project


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return write(tmp_path / "shop", SHOP)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    root: Path = request.getfixturevalue("project")
    registered: list[types.RegistrationParams] = []
    await open_workspace(lsp_client, root, registered=registered)
    yield
    await lsp_client.shutdown_session()


def uri(root: Path, relpath: str) -> str:
    return (root / relpath).resolve().as_uri()


def shown(client: LanguageClient, file_uri: str) -> list[tuple[str, int]]:
    """The (code, 1-based line) of the diagnostics last published for a file."""
    return sorted((str(d.code), d.range.start.line + 1) for d in client.diagnostics.get(file_uri, []))


async def until(client: LanguageClient, done: Callable[[], bool]) -> None:
    """Wait until the diagnostics published so far make `done()` hold."""

    async def wait() -> None:
        while not done():
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(wait(), WAIT)
    except asyncio.TimeoutError:
        published = {key: [(d.code, d.range.start.line + 1, d.message) for d in value] for key, value in client.diagnostics.items()}
        raise AssertionError(f"not published in {WAIT} s; what was: {published}") from None


def open_file(client: LanguageClient, root: Path, relpath: str) -> str:
    file_uri = uri(root, relpath)
    text = (root / relpath).read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(file_uri, "python", 1, text)))
    return file_uri


def replace_text(client: LanguageClient, file_uri: str, version: int, text: str) -> None:
    """Send the whole new text of a buffer (unsaved)."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=file_uri),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def check_json(root: Path) -> list[tuple[str, str, int]]:
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--format", "json", "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return sorted((d["path"], d["code"], d["line"]) for d in json.loads(done.stdout))


@pytest.mark.asyncio
async def test_opening_a_file_publishes_what_check_reports_for_the_whole_project(
    client: LanguageClient, project: Path
) -> None:
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    events = uri(project, "src/shop/ordering/events.py")
    await until(client, lambda: handlers in client.diagnostics and events in client.diagnostics)
    published = sorted(
        (Path(file_uri.removeprefix("file://")).relative_to(project.resolve()).as_posix(), str(d.code), d.range.start.line + 1)
        for file_uri, diagnostics in client.diagnostics.items()
        for d in diagnostics
    )
    assert published == check_json(project)
    diagnostic = client.diagnostics[handlers][0]
    assert diagnostic.source == "eventlint"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.code_description is not None and diagnostic.code_description.href.endswith(
        "EVL201-domain-event-crosses-context.md"
    )
    assert (diagnostic.range.start.character, diagnostic.range.end.character) == (33, 56)
    assert diagnostic.related_information is not None
    (defined,) = diagnostic.related_information
    assert defined.location.uri == events
    assert defined.location.range.start.line == 3  # `class OrderStartedDomainEvent` on line 4
    assert defined.message == "`OrderStartedDomainEvent` is defined here"


@pytest.mark.asyncio
async def test_unsaved_changes_are_linted_and_dependent_files_refreshed(client: LanguageClient, project: Path) -> None:
    handlers_path = "src/shop/basket/handlers.py"
    (project / handlers_path).write_text(
        "from shop.ordering.events import OrderStarted\n\n\ndef on_started(event: OrderStarted) -> None: ...\n",
        encoding="utf-8",
    )
    events_path = project / "src/shop/ordering/events.py"
    events_path.write_text(
        "from shop.seedwork import DomainEvent, IntegrationEvent\n\n\n"
        "class OrderStartedDomainEvent(DomainEvent): ...\n\n\n"
        "class OrderStartedIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "OrderStarted = OrderStartedIntegrationEvent\n",
        encoding="utf-8",
    )
    events = open_file(client, project, "src/shop/ordering/events.py")
    handlers = uri(project, handlers_path)
    await until(client, lambda: events in client.diagnostics)
    assert shown(client, handlers) == []
    # Only the buffer of events.py changes, unsaved: the alias now names the domain event.
    replace_text(client, events, 2, events_path.read_text().replace("= OrderStartedIntegrationEvent", "= OrderStartedDomainEvent"))
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1), ("EVL201", 4)])
    replace_text(client, events, 3, events_path.read_text())  # undone: the other file is clean again
    await until(client, lambda: shown(client, handlers) == [])


@pytest.mark.asyncio
async def test_a_broken_configuration_is_shown_on_it_and_a_fixed_one_reloaded(client: LanguageClient, project: Path) -> None:
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
    config_path = project / "eventlint.toml"
    good = config_path.read_text()
    config_path.write_text(good.replace('src = ["src"]', 'src = ["src"]\nselekt = ["EVL"]'), encoding="utf-8")
    config = uri(project, "eventlint.toml")
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config)))
    await until(client, lambda: bool(client.diagnostics.get(config)))
    problem = client.diagnostics[config][0]
    assert "selekt" in problem.message
    assert problem.severity == types.DiagnosticSeverity.Error
    assert problem.range.start.line == 1  # the line of the unknown key
    # The server is alive: a configuration that now ignores EVL201 is reloaded and applied.
    config_path.write_text(good.replace('src = ["src"]', 'src = ["src"]\nignore = ["EVL201"]'), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(config, types.FileChangeType.Changed)])
    )
    await until(client, lambda: not client.diagnostics.get(config, [1]) and shown(client, handlers) == [])


@pytest.mark.asyncio
async def test_the_quick_fix_inserts_noqa_and_the_finding_goes(client: LanguageClient, project: Path) -> None:
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
    diagnostic = client.diagnostics[handlers][0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(handlers), diagnostic.range, types.CodeActionContext([diagnostic])
        )
    )
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.kind == types.CodeActionKind.QuickFix
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[handlers]
    line = SHOP["src/shop/basket/handlers.py"].splitlines()[0]  # type: ignore[union-attr]
    assert edit.new_text == "  # noqa: EVL201"
    assert (edit.range.start.line, edit.range.start.character) == (0, len(line))
    replace_text(client, handlers, 2, line + edit.new_text + "\n")
    await until(client, lambda: shown(client, handlers) == [])


@pytest.mark.asyncio
async def test_hover_on_a_finding_shows_the_rule(client: LanguageClient, project: Path) -> None:
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(handlers), types.Position(0, 40))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert text.startswith("**EVL201** `domain-event-crosses-context`: a domain event used outside its own bounded context")
    assert "EVL201-domain-event-crosses-context.md)" in text
    elsewhere = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(handlers), types.Position(0, 2))
    )
    assert elsewhere is None


@pytest.fixture()
def baselined(project: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "check", "--update-baseline"], cwd=project, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return project


@pytest.mark.asyncio
async def test_the_baseline_hides_what_it_records(baselined: Path, client: LanguageClient) -> None:
    project = baselined
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    await until(client, lambda: handlers in client.diagnostics)
    assert shown(client, handlers) == []
    assert shown(client, uri(project, "src/shop/ordering/events.py")) == []
    text = SHOP["src/shop/basket/handlers.py"] + "\n\ndef on_started(event: OrderStartedDomainEvent) -> None: ...\n"  # type: ignore[operator]
    replace_text(client, handlers, 2, text)
    await until(client, lambda: shown(client, handlers) == [("EVL201", 4)])  # a new instance is reported


def test_noqa_edits_keep_what_the_line_has() -> None:
    from eventlint.lsp import noqa_edit

    def applied(line: str, code: str) -> str | None:
        edit = noqa_edit(line, 0, code)
        if edit is None:
            return None
        at = edit.range.start.character
        return line[:at] + edit.new_text + line[at:]

    assert applied("x = 1", "EVL201") == "x = 1  # noqa: EVL201"
    assert applied("x = 1  # noqa: E501", "EVL201") == "x = 1  # noqa: E501, EVL201"
    assert applied("x = 1  # noqa: E501 explained", "EVL201") == "x = 1  # noqa: E501, EVL201 explained"
    assert applied("x = 1  # noqa: EVL201", "EVL201") is None
    assert applied("x = 1  # noqa", "EVL201") is None
    assert applied("x = (1 + \\", "EVL201") is None


def test_without_the_extra_the_command_says_what_to_install(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from eventlint.cli import main

    monkeypatch.setitem(sys.modules, "eventlint.lsp", None)
    assert main(["lsp"]) == 2
    assert "pip install 'eventlint[lsp]'" in capsys.readouterr().err



@pytest.mark.asyncio
async def test_a_broken_baseline_is_shown_on_it_and_findings_still_come(client: LanguageClient, project: Path) -> None:
    (project / "eventlint-baseline.json").write_text("{not json", encoding="utf-8")
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    baseline = uri(project, "eventlint-baseline.json")
    await until(client, lambda: bool(client.diagnostics.get(baseline)) and shown(client, handlers) == [("EVL201", 1)])
    assert "not a baseline: invalid JSON" in client.diagnostics[baseline][0].message


@pytest.mark.asyncio
async def test_an_unparsable_buffer_is_an_error_on_it(client: LanguageClient, project: Path) -> None:
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
    replace_text(client, handlers, 2, "def broken(:\n")
    await until(client, lambda: shown(client, handlers) == [("EVL001", 1)])
    assert client.diagnostics[handlers][0].severity == types.DiagnosticSeverity.Error


@pytest.mark.asyncio
async def test_the_fix_is_a_code_action_too(client: LanguageClient, project: Path) -> None:
    events = open_file(client, project, "src/shop/ordering/events.py")
    await until(client, lambda: shown(client, events) == [("EVL101", 7), ("EVL104", 7)])
    suffix = next(d for d in client.diagnostics[events] if d.code == "EVL101")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(events), suffix.range, types.CodeActionContext([suffix]))
    )
    assert actions is not None
    titles = [action.title for action in actions if isinstance(action, types.CodeAction)]
    assert titles == [
        "Rename `CreateOrder` to `CreateOrderDomainEvent` across the project (unsafe fix)",
        "Suppress EVL101 on this line (# noqa)",
    ]
    rename = actions[0]
    assert isinstance(rename, types.CodeAction) and rename.edit is None  # VS Code resolves the edit when chosen
    resolved = await client.code_action_resolve_async(rename)
    assert resolved.edit is not None and resolved.edit.changes is not None
    (edit,) = resolved.edit.changes[events]
    assert "class CreateOrderDomainEvent(DomainEvent): ..." in edit.new_text
    replace_text(client, events, 2, edit.new_text)
    await until(client, lambda: shown(client, events) == [("EVL104", 7)])


@pytest.mark.asyncio
async def test_a_burst_of_edits_ends_with_the_last_text_linted(client: LanguageClient, project: Path) -> None:
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
    crossing = str(SHOP["src/shop/basket/handlers.py"])
    for version in range(2, 32):  # faster than the runs: they fold into one more run after the current one
        replace_text(client, handlers, version, crossing if version % 2 else "x = 1\n")
    replace_text(client, handlers, 32, "\n\n" + crossing)
    await until(client, lambda: shown(client, handlers) == [("EVL201", 3)])


def publications(client: LanguageClient) -> list[types.PublishDiagnosticsParams]:
    """Every diagnostics notification from now on, in the order the client received them (versions included)."""
    received: list[types.PublishDiagnosticsParams] = []
    features = client.protocol.fm.features
    keep = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(params: types.PublishDiagnosticsParams) -> None:
        received.append(params)
        keep(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    return received


@pytest.mark.asyncio
async def test_each_answer_is_of_the_version_it_names_and_the_last_version_is_answered(
    client: LanguageClient, project: Path
) -> None:
    received = publications(client)
    handlers = open_file(client, project, "src/shop/basket/handlers.py")
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
    crossing = str(SHOP["src/shop/basket/handlers.py"])

    def text(version: int) -> str:  # the crossing import moves down a line with each version, in a cycle of four
        return "\n" * (version % 4) + crossing if version % 3 else "x = 1\n"

    def expected(version: int) -> list[tuple[str, int]]:
        return [("EVL201", version % 4 + 1)] if version % 3 else []

    last = 41
    for version in range(2, last + 1):  # as fast as the client sends: runs going on are made stale, bursts fold
        replace_text(client, handlers, version, text(version))
    await until(client, lambda: any(p.uri == handlers and p.version == last for p in received))
    answers = [p for p in received if p.uri == handlers]
    versions = [p.version for p in answers]
    assert versions == sorted(versions) and versions[-1] == last  # never an older text after a newer one
    for answer in answers:  # whatever versions were skipped, each answer is the findings of the text it names
        assert answer.version is not None
        found = sorted((str(d.code), d.range.start.line + 1) for d in answer.diagnostics)
        assert found == (expected(answer.version) if answer.version > 1 else [("EVL201", 1)])
    assert shown(client, handlers) == expected(last)


@pytest.mark.asyncio
async def test_runs_left_for_a_newer_text_leave_the_other_files_findings_right(client: LanguageClient, project: Path) -> None:
    events_path = project / "src/shop/ordering/events.py"
    plain = events_path.read_text(encoding="utf-8") + "\n\nOrderStarted = CreateOrder\n"
    events_path.write_text(plain, encoding="utf-8")
    (project / "src/shop/basket/handlers.py").write_text("from shop.ordering.events import OrderStarted\n", encoding="utf-8")
    handlers = uri(project, "src/shop/basket/handlers.py")
    events = open_file(client, project, "src/shop/ordering/events.py")
    await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
    started = plain.replace("= CreateOrder", "= OrderStartedDomainEvent")
    unrelated = plain.replace("OrderStarted = CreateOrder", "OrderStarted = 1")
    version = 1
    for _ in range(3):  # each burst ends on a text under which the other file is clean, then one that crosses
        for text in (started, unrelated) * 8:
            version += 1
            replace_text(client, events, version, text)
        await until(client, lambda: shown(client, handlers) == [] and shown(client, events) == [("EVL101", 7), ("EVL104", 7)])
        version += 1
        replace_text(client, events, version, started)
        await until(client, lambda: shown(client, handlers) == [("EVL201", 1)])
