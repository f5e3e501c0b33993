"""The persistent cache: facts by content in `.eventlint_cache/` at the project root.

* An *entry* holds what one file's bytes gave (its screening, and its facts
  or parse failure once parsed), under a key made of the bytes, the module
  name and package-ness, the engine's fingerprint (version and code) and the
  event vocabulary. Entries are content-addressed, so two runs writing the
  same key write the same thing.
* The *manifest* is one file per vocabulary: every path with its entry key,
  screening and the relevant names its text holds, and the last results.

Both are typed (`Entry`, `Manifest`, `Results`); what is read back is checked
to be of those types, field by field, before anything uses it.
  It lets a warm run skip opening the entries of files that did not change.

Every file is written to a temporary name and renamed into place, so a reader
sees a whole file or none. Every file starts with a magic number and a
digest of its payload: a truncated, corrupt or hand-edited file fails the
check and is ignored, then rewritten. Payloads are pickles read by an
unpickler that only builds eventlint's own plain data classes: nothing in the
cache folder can make eventlint run code. A folder that cannot be written
(read-only checkout, full disk) turns the cache off with one warning.

A repository is untrusted input, and git stores symbolic links: every name
below the project root is opened relative to its folder, never through a
link, and only regular files are read, up to a size cap. A cache folder that
holds a link or a special file, or that eventlint did not make (no
CACHEDIR.TAG of its own), is not used (one warning): nothing is read from it,
written into it or deleted from it. Pruning deletes only what has the name
and the magic number of an entry.
"""

from __future__ import annotations

import enum
import errno
import hashlib
import io
import os
import pickle
import re
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventlint.config.settings import Config
from eventlint.facts.records import ModuleFacts, ParseFailure
from eventlint.model import Diagnostic
from eventlint.pipeline.cachefolder import TEMPORARY, Folder, Foreign
from eventlint.pipeline.judgements import Judgements
from eventlint.pipeline.screening import Screening
from eventlint.sources.discovery import Discovery, SourceFile

CACHE_DIR = ".eventlint_cache"
_FORMAT = b"EVLC\x01"
_DIGEST = 16
_PRUNE_EVERY = 50  # runs of a long-running process between sweeps of the entries folder
_MANIFEST_EVERY = 5.0  # seconds: a long-running process writes its manifest to the folder at most this often
_PRUNE_AGE = 600.0  # seconds: an entry this recent may belong to a run still going on
_MAX_FILE = 64 << 20  # bytes: no cache file eventlint writes is larger; a larger one is not read
_TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# This folder is eventlint's cache.\n"
_IGNORE = b"# Created by eventlint: the cache is never committed.\n*\n"
_KEY = re.compile(r"[0-9a-f]{32}\Z")  # an entry's name: a key (see `Cache.key`)
_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}\Z")  # a manifest's name

# The only classes a cache file may hold (plus builtin containers and scalars).
_ALLOWED_MODULES = frozenset(
    {
        "eventlint.facts.records",
        "eventlint.model",
        "eventlint.pipeline.screening",
        "eventlint.pipeline.cache",
        "eventlint.pipeline.judgements",
    }
)
_ALLOWED_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict"})


def _named_tuple(found: type) -> bool:
    return issubclass(found, tuple) and hasattr(found, "_fields")


class _SafeUnpickler(pickle.Unpickler):
    """Builds eventlint's data classes, enumerations and builtin containers, and nothing else."""

    def find_class(self, module: str, name: str) -> type:
        if module in _ALLOWED_MODULES and not name.startswith("_"):
            found = super().find_class(module, name)
            if isinstance(found, type) and (
                hasattr(found, "__dataclass_fields__") or _named_tuple(found) or issubclass(found, enum.Enum)
            ):
                return found
        if module == "builtins" and name in _ALLOWED_BUILTINS:
            container: type = super().find_class(module, name)
            return container
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


Stamp = tuple[int, int, int]  # a file's modification time (ns), size and inode: what tells it changed without reading it
Directive = tuple[str, int, str]  # a malformed suppression comment: path, line, why it suppresses nothing


@dataclass(frozen=True)
class Entry:
    """What one file's bytes gave: its screening, and its facts or parse failure once parsed (None: not parsed)."""

    screening: Screening
    outcome: ModuleFacts | ParseFailure | None = None

    def sound(self) -> bool:
        """Whether what was read back holds what its fields say."""
        return isinstance(self.screening, Screening) and isinstance(self.outcome, (ModuleFacts, ParseFailure, type(None)))


@dataclass(frozen=True)
class Results:
    """What the rules judged in a run, kept with the manifest: reused while no file and no setting changed."""

    diagnostics: tuple[Diagnostic, ...]
    directives: tuple[Directive, ...]  # malformed suppression comments, each reported where its file is
    unknown_bases: tuple[str, ...]  # setup warnings: configured event bases no module defines

    def sound(self) -> bool:
        """Whether what was read back holds what its fields say."""
        return (
            _all(self.diagnostics, Diagnostic)
            and isinstance(self.directives, tuple)
            and all(isinstance(d, tuple) and len(d) == 3 for d in self.directives)
            and _all(self.unknown_bases, str)
        )


@dataclass
class ManifestFile:
    """What the manifest remembers of one path."""

    key: str
    screening: Screening
    hits: frozenset[str] = frozenset()

    def sound(self) -> bool:
        """Whether what was read back holds what its fields say."""
        return isinstance(self.key, str) and isinstance(self.screening, Screening) and isinstance(self.hits, frozenset)


@dataclass
class Manifest:
    """The state of the last run: files, the names leading to events, and its results."""

    names: frozenset[str] = frozenset()
    files: dict[str, ManifestFile] = field(default_factory=dict)
    results_key: str = ""
    results: Results | None = None  # what was judged under `results_key`
    judgements: Judgements | None = None  # what each module's findings were, and what they depend on

    def sound(self) -> bool:
        """Whether what was read back holds what its fields say (each file's record and the results too)."""
        return (
            isinstance(self.names, frozenset)
            and isinstance(self.files, dict)
            and all(
                isinstance(path, str) and isinstance(file, ManifestFile) and file.sound() for path, file in self.files.items()
            )
            and isinstance(self.results_key, str)
            and (self.results is None or (isinstance(self.results, Results) and self.results.sound()))
            and (self.judgements is None or (isinstance(self.judgements, Judgements) and self.judgements.sound()))
        )


def _all(values: object, kind: type) -> bool:
    return isinstance(values, tuple) and all(isinstance(value, kind) for value in values)


@dataclass(frozen=True)
class FileList:
    """A configuration and the files it governs: what the setup warnings and the module owners depend on."""

    config: Config
    paths: tuple[Path, ...]


@dataclass
class Memory:
    """What a long-running process (the language server) keeps of one project between its runs.

    Entries and manifests as last read or written, so a run reads no cache
    file, and each file's stat stamp with its key, so a file that did not
    change on disk is not read again. The file list (`discovered`) and what
    depends on it alone (`setup_warnings`, `owners`) are kept until
    `forget_files()` (a file was created or deleted). What is kept came from
    the cache folder through the same checked reads, or was made by a run of
    this process.
    """

    entries: dict[str, Entry] = field(default_factory=dict)
    manifests: dict[str, Manifest] = field(default_factory=dict)
    stamps: dict[str, tuple[Stamp, str]] = field(default_factory=dict)
    discovered: dict[Discovery, tuple[SourceFile, ...]] = field(default_factory=dict)
    setup_warnings: dict[FileList, tuple[str, ...]] = field(default_factory=dict)
    owners: dict[FileList, dict[str, SourceFile]] = field(default_factory=dict)  # module name -> the file it stands for
    written: dict[str, float] = field(default_factory=dict)  # manifest name -> when it was last written to the folder
    derived: dict[str, Any] = field(default_factory=dict)  # what later stages work out from facts alone, by their names
    runs: int = 0

    def forget_stamp(self, path: str) -> None:
        """A file changed though its stat stamp may not show it (the editor says so): read it again."""
        self.stamps.pop(path, None)

    def forget_files(self) -> None:
        """The file list is stale: discover again on the next run."""
        self.discovered.clear()
        self.setup_warnings.clear()
        self.owners.clear()


class Cache:
    """The cache folder of one project, with an optional in-memory layer for a long-running process."""

    def __init__(self, root: Path, warn: Callable[[str], None], memory: Memory | None = None) -> None:
        self.root = root
        self.folder = root / CACHE_DIR
        self._warn = warn
        self.enabled = True
        self._prepared = False
        self._own = False  # the folder was checked to be eventlint's
        self.memory = memory

    # -- keys --------------------------------------------------------------------
    @staticmethod
    def key(prefix: bytes, data: bytes) -> str:
        """The entry key of a file's bytes under `prefix` (engine, vocabulary, module)."""
        digest = hashlib.blake2b(prefix, digest_size=16)
        digest.update(data)
        return digest.hexdigest()

    # -- entries -----------------------------------------------------------------
    def read_entry(self, key: str) -> Entry | None:
        """The entry stored under `key`, or None when missing or not to be trusted."""
        if self.memory is not None and key in self.memory.entries:
            return self.memory.entries[key]
        found = self._read(("entries", key[:2]), key) if _KEY.match(key) else None
        if not (isinstance(found, Entry) and found.sound()):
            return None
        if self.memory is not None:
            self.memory.entries[key] = found
        return found

    def write_entry(self, key: str, entry: Entry) -> None:
        """Store `entry` under `key` (atomically)."""
        if self.memory is not None:
            self.memory.entries[key] = entry
        if _KEY.match(key):
            self._write(("entries", key[:2]), key, entry)

    # -- manifest ----------------------------------------------------------------
    def read_manifest(self, name: str) -> Manifest | None:
        """The manifest `name`, if present and sound."""
        if self.memory is not None and name in self.memory.manifests:
            return self.memory.manifests[name]
        found = self._read((), f"manifest-{name}") if _NAME.match(name) else None
        return found if isinstance(found, Manifest) and found.sound() else None

    def write_manifest(self, name: str, manifest: Manifest) -> None:
        """Replace the manifest `name`: in memory at once, in the folder at most every few seconds for a long-running
        process (the folder then holds an older manifest, whole: the next command line run only reads more)."""
        if self.memory is not None:
            self.memory.manifests[name] = manifest
            now = time.monotonic()
            if now - self.memory.written.get(name, -_MANIFEST_EVERY) < _MANIFEST_EVERY:
                return
            self.memory.written[name] = now
        if _NAME.match(name):
            self._write((), f"manifest-{name}", manifest)

    # -- stamps (in memory only) -----------------------------------------------------
    def known_key(self, path: str, stamp: Stamp) -> str | None:
        """The key of a file last seen with this stat stamp, without reading it."""
        if self.memory is None:
            return None
        seen = self.memory.stamps.get(path)
        return seen[1] if seen is not None and seen[0] == stamp else None

    def remember_key(self, path: str, stamp: Stamp, key: str) -> None:
        """Remember the key a file had with this stat stamp (taken before it was read)."""
        if self.memory is not None:
            self.memory.stamps[path] = (stamp, key)

    def forget_key(self, path: str) -> None:
        """The file changed while it was read: its stamp tells nothing."""
        if self.memory is not None:
            self.memory.stamps.pop(path, None)

    def prune(self, live: Iterable[str]) -> None:
        """Drop the entries no live file uses (older than a few minutes: others may still need theirs).

        Only what has the name and the magic number of an entry is deleted,
        and nothing is reached through a link: files of any other origin stay.
        """
        keep = set(live)
        if self.memory is not None:
            for key in [key for key in self.memory.entries if key not in keep]:
                del self.memory.entries[key]
            self.memory.runs += 1
            if self.memory.runs % _PRUNE_EVERY != 1:
                return  # a long-running process sweeps the folder now and then, not on every keystroke
        if not self.enabled or not self._prepared:
            return
        try:
            entries = self._reach(("entries",), create=False)
            if entries is not None:
                with entries:
                    _sweep(entries, keep, time.time() - _PRUNE_AGE)
        except Foreign as why:
            self._refuse(str(why))
        except OSError:
            pass  # pruning is housekeeping: never worth a failed run

    # -- files ---------------------------------------------------------------------
    def _read(self, folders: tuple[str, ...], name: str) -> object:
        if not self.enabled:
            return None
        try:
            folder = self._reach(folders, create=False)
            if folder is None:
                return None
            with folder:
                blob = folder.read(name, _MAX_FILE)
        except Foreign as why:
            self._refuse(str(why))
            return None
        except OSError:
            return None
        head = len(_FORMAT) + _DIGEST
        if blob is None or len(blob) < head or not blob.startswith(_FORMAT):
            return None
        payload = blob[head:]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != blob[len(_FORMAT) : head]:
            return None
        try:
            return _SafeUnpickler(io.BytesIO(payload)).load()
        except Exception:  # a payload from another version of eventlint, or forged: ignore it
            return None

    def _write(self, folders: tuple[str, ...], name: str, value: object) -> None:
        if not self.enabled or not self._prepare():
            return
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        blob = _FORMAT + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
        if len(blob) > _MAX_FILE:
            return  # it would never be read back
        try:
            folder = self._reach(folders, create=True)
            if folder is not None:
                with folder:
                    folder.replace(name, blob)
        except Foreign as why:
            self._refuse(str(why))
        except OSError as error:
            self._disable(f"cannot write the cache in {self.folder} ({error.strerror or error}); running without it")

    def _prepare(self) -> bool:
        if self._prepared:
            return True
        try:
            folder = self._reach((), create=True)
            if folder is None:
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
            with folder:
                folder.create("CACHEDIR.TAG", _TAG)  # first: what tells the folder is eventlint's
                folder.create(".gitignore", _IGNORE)
        except Foreign as why:
            self._refuse(str(why))
            return False
        except OSError as error:
            self._disable(f"cannot write the cache in {self.folder} ({error.strerror or error}); running without it")
            return False
        self._prepared = True
        return True

    def _reach(self, folders: tuple[str, ...], create: bool) -> Folder | None:
        """The cache folder (checked to be eventlint's) or one below it; None when absent and not `create`d."""
        root = Folder.open(self.root)
        try:
            folder = root.folder(CACHE_DIR, create)
        finally:
            root.close()
        if folder is not None and not self._own:
            try:
                _check_own(folder)
            except BaseException:
                folder.close()
                raise
            self._own = True
        for name in folders:
            if folder is None:
                return None
            try:
                inner = folder.folder(name, create)
            finally:
                folder.close()
            folder = inner
        return folder

    def _refuse(self, why: str) -> None:
        self._disable(f"{why}; running without the cache (delete {self.folder} to use it again)")

    def _disable(self, message: str) -> None:
        if self.enabled:
            self.enabled = False
            self._warn(message)


def _check_own(folder: Folder) -> None:
    """Raise `Foreign` unless the folder is eventlint's cache, or new (empty, or being made by another run)."""
    names = folder.names()
    if "CACHEDIR.TAG" in names:
        if folder.read("CACHEDIR.TAG", len(_TAG)) == _TAG:
            return
        raise Foreign(f"{folder.path} is not eventlint's cache (its CACHEDIR.TAG is another program's)")
    if any(not TEMPORARY.match(name) for name in names):
        raise Foreign(f"{folder.path} is not eventlint's cache (it holds other files, and no CACHEDIR.TAG of eventlint's)")


def _sweep(entries: Folder, keep: set[str], horizon: float) -> None:
    """Delete the entries older than `horizon` not in `keep`: only files with an entry's name and magic number."""
    for shard in entries.names():
        found = entries.lstat(shard)
        if not (re.fullmatch(r"[0-9a-f]{2}", shard) and found is not None and stat.S_ISDIR(found.st_mode)):
            continue  # not a folder eventlint made: left alone
        folder = entries.folder(shard)
        if folder is None:
            continue
        with folder:
            for name in folder.names():
                if name in keep or not ((_KEY.match(name) and name.startswith(shard)) or TEMPORARY.match(name)):
                    continue
                item = folder.lstat(name)
                if item is None or not stat.S_ISREG(item.st_mode) or item.st_mtime >= horizon:
                    continue
                if folder.read(name, len(_FORMAT), whole=False) == _FORMAT:
                    folder.unlink(name)
