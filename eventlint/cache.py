"""The persistent cache: facts by content in `.eventlint_cache/` at the project root.

* An *entry* holds what one file's bytes gave (its screening, and its facts
  or parse failure once parsed), under a key made of the bytes, the module
  name and package-ness, the engine's fingerprint (version and code) and the
  event vocabulary. Entries are content-addressed, so two runs writing the
  same key write the same thing.
* The *manifest* is one file per vocabulary: every path with its entry key,
  screening and the relevant names its text holds, and the last results.
  It lets a warm run skip opening the entries of files that did not change.

Every file is written to a temporary name and renamed into place, so a reader
sees a whole file or none. Every file starts with a magic number and a
digest of its payload: a truncated, corrupt or hand-edited file fails the
check and is ignored, then rewritten. Payloads are pickles read by an
unpickler that only builds eventlint's own plain data classes: nothing in the
cache folder can make eventlint run code. A folder that cannot be written
(read-only checkout, full disk) turns the cache off with one warning.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")

CACHE_DIR = ".eventlint_cache"
_FORMAT = b"EVLC\x01"
_DIGEST = 16
_PRUNE_EVERY = 50  # runs of a long-running process between sweeps of the entries folder
_PRUNE_AGE = 600.0  # seconds: an entry this recent may belong to a run still going on

# The only classes a cache file may hold (plus builtin containers and scalars).
_ALLOWED_MODULES = frozenset({"eventlint.facts.model", "eventlint.model", "eventlint.screening", "eventlint.cache"})
_ALLOWED_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict"})


def _named_tuple(found: type) -> bool:
    return issubclass(found, tuple) and hasattr(found, "_fields")


class _SafeUnpickler(pickle.Unpickler):
    """Builds eventlint's data classes and builtin containers, and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES and not name.startswith("_"):
            found = super().find_class(module, name)
            if isinstance(found, type) and (hasattr(found, "__dataclass_fields__") or _named_tuple(found)):
                return found
        if module == "builtins" and name in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


@dataclass
class ManifestFile:
    """What the manifest remembers of one path."""

    key: str
    screening: Any  # eventlint.screening.Screening
    hits: frozenset[str] = frozenset()


@dataclass
class Manifest:
    """The state of the last run: files, the names leading to events, and its results."""

    names: frozenset[str] = frozenset()
    files: dict[str, ManifestFile] = field(default_factory=dict)
    results_key: str = ""
    results: Any = None  # tuple of Diagnostic, for `results_key`


@dataclass
class Memory:
    """What a long-running process (the language server) keeps of one project between its runs.

    Entries and manifests as last read or written, so a run reads no cache
    file, and each file's stat stamp with its key, so a file that did not
    change on disk is not read again. `discovered` is the project's file list,
    kept until `forget_files()` (a file was created or deleted).
    """

    entries: dict[str, Any] = field(default_factory=dict)
    manifests: dict[str, Manifest] = field(default_factory=dict)
    stamps: dict[str, tuple[tuple[int, int, int], str]] = field(default_factory=dict)
    discovered: dict[str, Any] = field(default_factory=dict)  # discovery key -> list of SourceFile
    derived: dict[Any, Any] = field(default_factory=dict)  # what depends on the configuration and file list only
    runs: int = 0

    def derive(self, key: Any, work: Callable[[], _T]) -> _T:
        """`work()` once per `key` until the file list is forgotten (it depends on the file list only)."""
        if key not in self.derived:
            self.derived[key] = work()
        found: _T = self.derived[key]
        return found

    def forget_stamp(self, path: str) -> None:
        """A file changed though its stat stamp may not show it (the editor says so): read it again."""
        self.stamps.pop(path, None)

    def forget_files(self) -> None:
        """The file list is stale: discover again on the next run."""
        self.discovered.clear()
        self.derived.clear()


class Cache:
    """The cache folder of one project, with an optional in-memory layer for a long-running process."""

    def __init__(self, root: Path, warn: Callable[[str], None], memory: Memory | None = None) -> None:
        self.folder = root / CACHE_DIR
        self._warn = warn
        self.enabled = True
        self._prepared = False
        self.memory = memory

    # -- keys --------------------------------------------------------------------
    @staticmethod
    def key(prefix: bytes, data: bytes) -> str:
        """The entry key of a file's bytes under `prefix` (engine, vocabulary, module)."""
        digest = hashlib.blake2b(prefix, digest_size=16)
        digest.update(data)
        return digest.hexdigest()

    # -- entries -----------------------------------------------------------------
    def read_entry(self, key: str) -> Any:
        """The value stored under `key`, or None when missing or not to be trusted."""
        if self.memory is not None and key in self.memory.entries:
            return self.memory.entries[key]
        found = self._read(self.folder / "entries" / key[:2] / key)
        if self.memory is not None and found is not None:
            self.memory.entries[key] = found
        return found

    def write_entry(self, key: str, value: object) -> None:
        """Store `value` under `key` (atomically)."""
        if self.memory is not None:
            self.memory.entries[key] = value
        self._write(self.folder / "entries" / key[:2] / key, value)

    # -- manifest ----------------------------------------------------------------
    def read_manifest(self, name: str) -> Manifest | None:
        """The manifest `name`, if present and sound."""
        if self.memory is not None and name in self.memory.manifests:
            return self.memory.manifests[name]
        found = self._read(self.folder / f"manifest-{name}")
        return found if isinstance(found, Manifest) else None

    def write_manifest(self, name: str, manifest: Manifest) -> None:
        """Replace the manifest `name`."""
        if self.memory is not None:
            self.memory.manifests[name] = manifest
        self._write(self.folder / f"manifest-{name}", manifest)

    # -- stamps (in memory only) -----------------------------------------------------
    def known_key(self, path: str, stamp: tuple[int, int, int]) -> str | None:
        """The key of a file last seen with this stat stamp, without reading it."""
        if self.memory is None:
            return None
        seen = self.memory.stamps.get(path)
        return seen[1] if seen is not None and seen[0] == stamp else None

    def remember_key(self, path: str, stamp: tuple[int, int, int], key: str) -> None:
        """Remember the key a file had with this stat stamp (taken before it was read)."""
        if self.memory is not None:
            self.memory.stamps[path] = (stamp, key)

    def prune(self, live: Iterable[str]) -> None:
        """Drop the entries no live file uses (older than a few minutes: others may still need theirs)."""
        keep = set(live)
        if self.memory is not None:
            for key in [key for key in self.memory.entries if key not in keep]:
                del self.memory.entries[key]
            self.memory.runs += 1
            if self.memory.runs % _PRUNE_EVERY != 1:
                return  # a long-running process sweeps the folder now and then, not on every keystroke
        if not self.enabled or not self._prepared:
            return
        horizon = time.time() - _PRUNE_AGE
        entries = self.folder / "entries"
        try:
            for shard in os.scandir(entries):
                if not shard.is_dir():
                    continue
                for item in os.scandir(shard.path):
                    if item.name not in keep and item.stat().st_mtime < horizon:
                        os.unlink(item.path)
        except OSError:
            pass  # pruning is housekeeping: never worth a failed run

    # -- files ---------------------------------------------------------------------
    def _read(self, path: Path) -> Any:
        if not self.enabled:
            return None
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        head = len(_FORMAT) + _DIGEST
        if len(blob) < head or not blob.startswith(_FORMAT):
            return None
        payload = blob[head:]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != blob[len(_FORMAT) : head]:
            return None
        try:
            return _SafeUnpickler(io.BytesIO(payload)).load()
        except Exception:  # a payload from another version of eventlint, or forged: ignore it
            return None

    def _write(self, path: Path, value: object) -> None:
        if not self.enabled or not self._prepare():
            return
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        blob = _FORMAT + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(blob)
                os.replace(temporary, path)
            except BaseException:
                _unlink(temporary)
                raise
        except OSError as error:
            self._disable(f"cannot write the cache in {self.folder} ({error.strerror or error}); running without it")

    def _prepare(self) -> bool:
        if self._prepared:
            return True
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by eventlint: the cache is never committed.\n*\n", encoding="utf-8")
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is eventlint's cache.\n", encoding="utf-8"
                )
        except OSError as error:
            self._disable(f"cannot write the cache in {self.folder} ({error.strerror or error}); running without it")
            return False
        self._prepared = True
        return True

    def _disable(self, message: str) -> None:
        if self.enabled:
            self.enabled = False
            self._warn(message)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
