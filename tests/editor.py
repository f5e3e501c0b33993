"""The editor side of the language server tests, once: starting the server, opening a workspace as VS Code does."""

from __future__ import annotations

import sys
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pytest_lsp import ClientServerConfig, client_capabilities

# The server as the tests start it: a new one from its factory, over standard input and output (as `eventlint lsp`).
SERVER_COMMAND = [sys.executable, "-c", "from eventlint.lsp import create_server, serve; serve(create_server())"]
SERVER = ClientServerConfig(server_command=SERVER_COMMAND)


async def open_workspace(client: LanguageClient, root: Path, name: str = "shop", registered: list[types.RegistrationParams] | None = None) -> None:
    """Initialise a session on `root` as its one workspace folder; capability registrations (the server
    asks to watch files) are answered, and kept in `registered` when given."""
    kept = registered if registered is not None else []
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: kept.append(params))
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=name)],
        )
    )
