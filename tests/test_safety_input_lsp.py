"""The language server on a project holding a named pipe `x.py` (issue 13, item 7): diagnostics still come."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the language server tests need the test extras (pytest-lsp)")
from editor import SERVER, open_workspace
from lsprotocol import types
from projects import SHOP, write
from pytest_lsp import LanguageClient

WAIT = 30.0


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    root = write(tmp_path / "shop", SHOP)
    os.mkfifo(root / "src/shop/x.py")
    os.mkfifo(root / ".gitignore")
    return root


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    root: Path = request.getfixturevalue("project")
    await open_workspace(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_named_pipe_in_the_project_never_stops_diagnostics(client: LanguageClient, project: Path) -> None:
    handlers = (project / "src/shop/basket/handlers.py").resolve().as_uri()
    pipe = (project / "src/shop/x.py").resolve().as_uri()
    text = (project / "src/shop/basket/handlers.py").read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(handlers, "python", 1, text)))

    async def published() -> None:
        while handlers not in client.diagnostics or pipe not in client.diagnostics:
            await asyncio.sleep(0.02)

    await asyncio.wait_for(published(), WAIT)
    assert [str(d.code) for d in client.diagnostics[handlers]] == ["EVL201"]
    assert [str(d.code) for d in client.diagnostics[pipe]] == ["EVL001"]
