"""The run as a `Session` with `Options`, the typed cache layer, and the language server made by its factory."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from projects import SHOP, SHOP_FINDINGS, write

from eventlint.api import Options, Session, lint_paths, project_config, resolve_config
from eventlint.config.settings import Config
from eventlint.pipeline.cache import CACHE_DIR, Cache, Entry, FileList, Manifest, ManifestFile, Memory, Results
from eventlint.pipeline.screening import Screening
from eventlint.report.baseline import BASELINE_FILE, write_baseline


@pytest.fixture()
def shop(tmp_path: Path) -> Path:
    return write(tmp_path / "shop", SHOP)


def found(diagnostics: object) -> list[tuple[str, str, int]]:
    assert isinstance(diagnostics, tuple)
    return [(d.path, d.code, d.line) for d in diagnostics]


# -- the session and its options --------------------------------------------------------------------------


@pytest.mark.parametrize("cache", [False, True])
def test_a_session_run_is_what_lint_paths_reports(shop: Path, cache: bool) -> None:
    config, _ = resolve_config([shop])
    options = Options(base=shop, cache=cache, jobs=1)
    by_session = Session().lint([shop], config, options)
    assert by_session == lint_paths([shop], config, base=shop, cache=cache, jobs=1)
    assert found(by_session.diagnostics) == SHOP_FINDINGS


def test_a_session_with_memory_answers_as_a_fresh_run_each_time(shop: Path) -> None:
    config, _ = resolve_config([shop])
    session = Session(Memory())
    runs = [session.lint([], config, Options(base=shop, jobs=1)) for _ in range(3)]
    assert session.memory is not None and session.memory.entries  # the facts read stay for the next run
    assert runs[0] == runs[1] == runs[2] == lint_paths([], config, base=shop, cache=False, jobs=1)


def test_a_session_lays_its_buffers_over_the_files(shop: Path) -> None:
    config, _ = resolve_config([shop])
    session = Session(Memory())
    handlers = shop / "src/shop/basket/handlers.py"
    session.show({handlers: b"X = 1\n"})
    unsaved = session.lint([], config, Options(base=shop, jobs=1))
    assert "src/shop/basket/handlers.py" not in {d.path for d in unsaved.diagnostics}
    assert unsaved == lint_paths([], config, base=shop, jobs=1, overlay={handlers: b"X = 1\n"})
    session.show({})
    assert found(session.lint([], config, Options(base=shop, jobs=1)).diagnostics) == SHOP_FINDINGS


def test_options_are_frozen_and_hashable() -> None:
    options = Options(jobs=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 2  # type: ignore[misc]
    assert hash(options) == hash(Options(jobs=1))


def test_a_configuration_is_hashable_and_equal_when_loaded_twice(shop: Path) -> None:
    """The memory is keyed by the configuration itself, so equal settings must hash alike."""
    first, second = project_config(shop / "eventlint.toml", [shop]), project_config(shop / "eventlint.toml", [shop])
    assert first == second and hash(first) == hash(second)
    assert first == resolve_config([shop])[0]


# -- the memory and the cache files, typed -------------------------------------------------------------------


def test_the_memory_holds_typed_entries_keyed_by_typed_keys(shop: Path) -> None:
    config, _ = resolve_config([shop])
    memory = Memory()
    Session(memory).lint([], config, Options(base=shop, jobs=1))
    assert memory.entries and all(isinstance(entry, Entry) and entry.sound() for entry in memory.entries.values())
    (manifest,) = memory.manifests.values()
    assert isinstance(manifest, Manifest) and manifest.sound()
    assert all(isinstance(file, ManifestFile) for file in manifest.files.values())
    assert isinstance(manifest.results, Results)
    assert sorted(found(manifest.results.diagnostics)) == sorted(SHOP_FINDINGS)  # as judged, before sorting
    assert all(isinstance(key, FileList) and isinstance(key.config, Config) for key in memory.setup_warnings)
    assert all(isinstance(key, FileList) for key in memory.owners)
    assert all(isinstance(key[0], Config) for key in memory.discovered)
    memory.forget_files()
    assert not (memory.discovered or memory.setup_warnings or memory.owners)
    assert memory.entries  # facts by content stay: they do not depend on the file list


def test_entries_on_disk_are_typed_and_an_untyped_one_is_ignored(shop: Path) -> None:
    config, _ = resolve_config([shop])
    lint_paths([], config, base=shop, jobs=1)
    cache = Cache(shop, lambda warning: pytest.fail(warning))
    keys = [path.name for path in (shop / CACHE_DIR / "entries").rglob("*") if path.is_file()]
    assert keys and all(isinstance(cache.read_entry(key), Entry) for key in keys)
    # An entry of the earlier format, a bare (screening, facts) tuple, is not trusted.
    payload = pickle.dumps((Screening(), None))
    blob = b"EVLC\x01" + hashlib.blake2b(payload, digest_size=16).digest() + payload
    (shop / CACHE_DIR / "entries" / keys[0][:2] / keys[0]).write_bytes(blob)
    assert Cache(shop, lambda warning: pytest.fail(warning)).read_entry(keys[0]) is None


def test_results_read_back_with_the_wrong_shape_are_not_sound() -> None:
    assert Results((), (), ()).sound()
    assert not Results(("not a diagnostic",), (), ()).sound()  # type: ignore[arg-type]
    assert not Manifest(results=Results((), (("path", 1),), ())).sound()  # type: ignore[arg-type]
    assert not Entry("not a screening").sound()  # type: ignore[arg-type]


# -- the language server, made by its factory ------------------------------------------------------------------


def shown(published: dict[str, list[Any]], root: Path) -> list[tuple[str, str, int]]:
    """What a server run publishes, as (path, code, 1-based line)."""
    prefix = root.resolve().as_uri() + "/"
    return sorted((uri.removeprefix(prefix), str(d.code), d.range.start.line + 1) for uri, ds in published.items() for d in ds)


@pytest.fixture()
def lsp() -> Iterator[None]:
    pytest.importorskip("pygls", reason="the language server tests need the lsp extra (pygls)")
    yield
    gc.unfreeze()  # a server run freezes what it keeps: let the test process collect it again


def test_two_servers_from_the_factory_share_no_state(lsp: None, shop: Path) -> None:
    import eventlint.lsp.features
    from eventlint.lsp import create_server

    first, second = create_server(), create_server()
    try:
        assert not hasattr(eventlint.lsp.features, "server")  # no server is made on import
        assert first.projects is not second.projects and first.executor is not second.executor
        assert first.lock is not second.lock and first.timers is not second.timers
        assert first.protocol.fm.features.keys() == second.protocol.fm.features.keys()
        assert "textDocument/didOpen" in first.protocol.fm.features
        key = first.project_key(shop / "src/shop/basket/handlers.py")
        first.project(key)
        assert key in first.projects and not second.projects
    finally:
        first.executor.shutdown()
        second.executor.shutdown()


def test_a_server_run_publishes_what_check_reports_and_hides_the_baseline(lsp: None, shop: Path) -> None:
    from eventlint.lsp import create_server

    server = create_server()
    try:
        state = server.project(server.project_key(shop / "src/shop/basket/handlers.py"))
        assert shown(server.run(state, {}), shop) == sorted(SHOP_FINDINGS)
        assert state.config == resolve_config([shop])[0]  # the same lookup as the command line's
        write_baseline(shop / BASELINE_FILE, lint_paths([], state.config, base=shop, jobs=1).diagnostics, shop, shop)
        assert shown(server.run(state, {}), shop) == []  # every finding is in the baseline: each file cleared
        (shop / BASELINE_FILE).write_text("[", encoding="utf-8")
        broken = server.run(state, {})
        baseline = (shop / BASELINE_FILE).resolve().as_uri()
        (problem,) = broken.pop(baseline)  # shown on the baseline itself, as `check` reads it
        assert "not a baseline" in problem.message
        assert shown(broken, shop) == sorted(SHOP_FINDINGS)  # nothing hidden by a baseline that is not one
    finally:
        server.executor.shutdown()


def test_a_configuration_prints_the_same_in_every_process(tmp_path: Path) -> None:
    """Stored results are found by the configuration's text: a set of libraries must not print in hash order."""
    script = (
        "from pathlib import Path\n"
        "from eventlint.config.settings import Config\n"
        f"config = Config(root=Path({str(tmp_path)!r}), libraries=frozenset({{'alpha', 'beta', 'gamma', 'delta', 'epsilon'}}))\n"
        "print(config.fingerprint())\n"
    )
    printed = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(printed) == 1, printed
