"""Fixing a run's findings: which fixes apply, the texts they make, the diff, `# noqa` for every finding.

As in ruff: a safe fix applies with `--fix`; an unsafe one (it may change
what is seen outside the code: a class name brokers carry, when a message
leaves) only with `--unsafe-fixes` as well. Renames go across the project,
so every Python file of it is read; the rest touches only the finding's file.
Nothing here writes a file until `write()` is asked to, and then all or none.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from eventlint.config.settings import DEFAULT_EXCLUDE, Config
from eventlint.extractor.extract import extract
from eventlint.extractor.parsing_stack import IN_PROCESS_BYTES
from eventlint.facts import ModuleFacts
from eventlint.facts.noqa import NoqaComments
from eventlint.facts.source_text import source_lines
from eventlint.files.safeio import MAX_FILE_BYTES, read_regular
from eventlint.fixes import NotDeferred, RenameRefused, add_noqa, defer_publish, rename_class
from eventlint.fixes.strings import strings_naming
from eventlint.model import Diagnostic, PublishAfterCommit, RenameClass
from eventlint.sources.discovery import SourceFile, discover, display_path, reported_path
from eventlint.sources.writing import Change, Problem, SourceText, write_all


@dataclass
class Plan:
    """The edited texts of a set of fixes, and what they fix, leave to `--unsafe-fixes`, or refuse.

    Texts are as the files have them (their own line ends, no BOM); `encoded`
    holds the bytes each changed file gets, `read` the bytes it had.
    """

    texts: dict[Path, str] = field(default_factory=dict)  # the new text of each file changed
    originals: dict[Path, str] = field(default_factory=dict)
    encoded: dict[Path, bytes] = field(default_factory=dict)
    read: dict[Path, bytes] = field(default_factory=dict)
    fixed: list[Diagnostic] = field(default_factory=list)
    unsafe_left: int = 0  # findings an unsafe fix would fix, with --unsafe-fixes
    refused: list[str] = field(default_factory=list)  # `path:line: CODE: why not`

    def diff(self, base: Path) -> str:
        """The changes as one unified diff, paths as reports show them."""
        chunks: list[str] = []
        for path in sorted(self.texts):
            shown = display_path(path, base)
            chunks.extend(
                difflib.unified_diff(
                    source_lines(self.originals[path], keepends=True),  # numbered as Python numbers lines
                    source_lines(self.texts[path], keepends=True),
                    fromfile=f"a/{shown}",
                    tofile=f"b/{shown}",
                )
            )
        return "".join(chunks)

    def write(self, root: Path) -> list[Problem]:
        """Write every changed file in place, or none (see `eventlint.sources.writing`): what stopped it."""
        changes = [Change(path, self.read[path], self.encoded[path]) for path in sorted(self.texts)]
        return write_all(changes, root, kept=[path for path in sorted(self.read) if path not in self.texts])


_CANNOT_DECODE = (UnicodeDecodeError, SyntaxError, LookupError)  # SyntaxError: a coding cookie naming no codec


class Unreachable(Exception):
    """A file a fix cannot read or write back as text; the message says why."""


class _Texts:
    """The project's texts as the fixes leave them, read once, with their module names.

    Fixes see each text with LF line ends; the file's own ends, BOM and
    encoding come back when a text is put.
    """

    def __init__(self, config: Config | None, plan: Plan) -> None:
        self.config = config
        self.plan = plan
        self.sources: dict[Path, SourceText] = {}
        self.current: dict[Path, str] = {}
        self._project: list[Path] | None = None
        self.modules: dict[Path, str] = {}
        self.unreachable: dict[Path, tuple[str, bytes | None]] = {}  # why, and the bytes when they could be read
        self.large: dict[Path, int] = {}  # files a rename would not parse, by size

    def get(self, path: Path) -> str:
        """The file's current text; `Unreachable` when it cannot be read as Python source."""
        if path not in self.current:
            try:
                data = read_regular(path, self.config.root if self.config is not None else None)
            except OSError as error:
                raise Unreachable(f"cannot read it: {error.strerror or error}") from None
            try:
                source = SourceText.decode(data)
            except _CANNOT_DECODE as error:
                raise Unreachable(f"cannot decode it: {error}") from None
            self.sources[path], self.current[path] = source, source.text
            self.plan.read[path], self.plan.originals[path] = data, source.original
        return self.current[path]

    def prepared(self, path: Path, text: str) -> tuple[str, bytes]:
        """A new text with the file's line ends, and its bytes; `Unreachable` when its encoding cannot hold it."""
        source = self.sources[path]
        restored = source.restored(text)
        try:
            return restored, source.encoded(restored)
        except UnicodeEncodeError as error:
            raise Unreachable(f"its encoding ({source.encoding}) cannot hold {error.object[error.start : error.end]!r}") from None

    def put(self, path: Path, text: str, prepared: tuple[str, bytes] | None = None) -> None:
        """Take a new text of a file (LF line ends); `Unreachable` when it cannot be written back."""
        restored, encoded = prepared or self.prepared(path, text)
        self.current[path] = text
        if restored == self.plan.originals[path]:
            self.plan.texts.pop(path, None)
            self.plan.encoded.pop(path, None)
        else:
            self.plan.texts[path], self.plan.encoded[path] = restored, encoded

    def project(self) -> dict[Path, str]:
        """Every Python file a rename must follow that can be read, with its current text.

        That is every Python file below the project root, those `exclude`
        leaves out of the report too (tests import the classes they check),
        but not VCS folders, virtualenvs, site-packages, build output or files
        git ignores. One that cannot be read is kept in `unreachable`.
        """
        if self._project is None:
            assert self.config is not None
            self._project = []
            for source in rename_scope(self.config):
                size = _size_of(source.path)
                if size is not None and size > IN_PROCESS_BYTES:
                    # Past the size the linter parses in-process (libcst's tokenizer can abort the
                    # process on a huge file, and takes minutes on a large one): never parsed here.
                    self.large[source.path] = size
                    continue
                try:
                    self.get(source.path)
                except Unreachable as error:
                    if os.path.isfile(source.path):  # a dangling link or a pipe is no module: nothing to reach
                        self.unreachable[source.path] = (str(error), _bytes_of(source.path))
                    continue
                self._project.append(source.path)
                self.modules[source.path] = source.module
        return {path: self.current[path] for path in self._project}

    def blocking(self, old: str) -> list[tuple[Path, str]]:
        """The files a rename of `old` cannot reach that may refer to it (they spell it, or import `*`)."""
        found = [
            (path, why)
            for path, (why, data) in self.unreachable.items()
            if data is None or old.encode("utf-8") in data or _STAR_BYTES.search(data)
        ]
        found.extend(
            (path, f"it is too large to rewrite safely ({size} bytes)")
            for path, size in self.large.items()
            if _may_refer(path, old.encode("utf-8"))
        )
        return sorted(found)


_STAR_BYTES = re.compile(rb"\bimport\s*\*")
_SCAN_CHUNK = 1024 * 1024
_SCAN_LIMIT = 16 * MAX_FILE_BYTES  # past it, a file is taken to refer to the class unread


def _bytes_of(path: Path) -> bytes | None:
    try:
        return read_regular(path)
    except OSError:
        return None


def _size_of(path: Path) -> int | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size if stat.S_ISREG(found.st_mode) else None


def _may_refer(path: Path, old: bytes) -> bool:
    """Whether a large file spells `old` or imports `*`, read in bounded chunks; True when it cannot be told."""
    overlap = max(len(old), 16)
    tail = b""
    try:
        with open(path, "rb") as handle:
            for _ in range(_SCAN_LIMIT // _SCAN_CHUNK):
                chunk = handle.read(_SCAN_CHUNK)
                if not chunk:
                    return False
                window = tail + chunk
                if old in window or _STAR_BYTES.search(window):
                    return True
                tail = window[-overlap:]
    except OSError:
        return True
    return True


def rename_scope(config: Config) -> list[SourceFile]:
    """The files a rename follows: the project's Python files whatever `exclude` says, but the defaults'."""
    everything = replace(config, exclude=tuple(dict.fromkeys(DEFAULT_EXCLUDE)))
    environments: dict[Path, bool] = {}

    def in_environment(path: Path) -> bool:
        # A virtualenv under any name (`env/`, `.direnv/python-3.12/`) has a pyvenv.cfg at its top.
        for folder in path.parents:
            if folder == config.root or config.root not in folder.parents:
                return False
            if folder not in environments:
                environments[folder] = (folder / "pyvenv.cfg").is_file()
            if environments[folder]:
                return True
        return False

    return [source for source in discover(everything, base=config.root) if not in_environment(source.path)]


def plan_fixes(diagnostics: Sequence[Diagnostic], config: Config, base: Path, *, unsafe: bool) -> Plan:
    """The fixes of `diagnostics` that apply: safe ones, and unsafe ones when `unsafe`."""
    plan = Plan()
    texts = _Texts(config, plan)
    offered = [(d, d.fix) for d in diagnostics if d.fix is not None]
    plan.unsafe_left = 0 if unsafe else sum(1 for _, fix in offered if not fix.safe and not fix.refused)
    wanted = [(d, fix) for d, fix in offered if unsafe or fix.safe]
    for diagnostic, fix in wanted:
        if fix.refused:  # the rule knew it cannot be made here: why, and what would make it possible
            plan.refused.append(f"{diagnostic.path}:{diagnostic.span.line}: {diagnostic.code}: {fix.refused}")
    wanted = [(d, fix) for d, fix in wanted if not fix.refused]
    # Line-based fixes first, bottom up, while lines are as the findings saw them.
    after_commit = sorted(
        ((d, fix.arguments) for d, fix in wanted if isinstance(fix.arguments, PublishAfterCommit)),
        key=lambda pair: (pair[0].path, -pair[0].span.line),
    )
    for diagnostic, deferred in after_commit:
        path = reported_path(diagnostic.path, base)
        try:
            texts.put(path, defer_publish(texts.get(path), deferred.line, deferred.hook))
        except (NotDeferred, Unreachable) as error:
            why = (
                f"the publish cannot be deferred as written: {error}"
                if isinstance(error, NotDeferred)
                else (f"{display_path(path, base)}: {error}")
            )
            plan.refused.append(f"{diagnostic.path}:{diagnostic.span.line}: {diagnostic.code}: {why}")
            continue
        plan.fixed.append(diagnostic)
    renames: dict[RenameClass, list[Diagnostic]] = defaultdict(list)
    for diagnostic, fix in wanted:
        if isinstance(fix.arguments, RenameClass):
            renames[fix.arguments].append(diagnostic)
    for rename, fixed in sorted(renames.items(), key=lambda item: (item[0].qualname, item[0].new_name)):
        refusal = _rename(texts, rename.qualname, rename.new_name, base)
        if refusal is not None:
            plan.refused.extend(f"{d.path}:{d.span.line}: {d.code}: {refusal}" for d in fixed)
            continue
        plan.fixed.extend(fixed)
    return plan


def _rename(texts: _Texts, qualname: str, new_name: str, base: Path) -> str | None:
    """Rename a class across the project in `texts`, every file or none; why not, when not."""
    project = texts.project()
    old = qualname.rpartition(".")[2]
    blocked = texts.blocking(old)
    if blocked:
        return "; ".join(f"{display_path(path, base)}: {why}, so the rename cannot reach it" for path, why in blocked)
    try:
        edits = rename_class(
            {str(path): text for path, text in project.items()},
            {str(path): module for path, module in texts.modules.items()},
            qualname,
            new_name,
        )
    except RenameRefused as error:
        if error.path is None:
            return str(error)
        where = display_path(Path(error.path), base) + (f":{error.line}" if error.line is not None else "")
        return f"{where}: {error.reason}"
    prepared = {}
    for edit in edits:
        path = Path(edit.path)
        try:
            prepared[path] = (edit.after, texts.prepared(path, edit.after))
        except Unreachable as error:
            return f"{display_path(path, base)}: {error}, so the rename cannot reach it"
    named = _strings_left(project, {path: text for path, (text, _) in prepared.items()}, old)
    if named:
        places = ", ".join(f"{display_path(path, base)}:{line} ({value!r})" for path, line, value in named[:3])
        more = f" and {len(named) - 3} more" if len(named) > 3 else ""
        return (
            f"strings name the class by its old name at {places}{more}; renaming the class would leave them "
            "naming nothing (a test comparing names, a patch target, a name another system reads): "
            "rename it by hand and decide for each"
        )
    for path, (text, encoded) in prepared.items():
        texts.put(path, text, encoded)
    return None


def _strings_left(project: Mapping[Path, str], edited: Mapping[Path, str], old: str) -> list[tuple[Path, int, str]]:
    """Each string literal still naming `old` once the rename is made (string annotations are renamed)."""
    left: list[tuple[Path, int, str]] = []
    for path in sorted(project):
        text = edited.get(path, project[path])
        if old in text:
            left.extend((path, line, value) for line, value in strings_naming(text, old))
    return left


def plan_noqa(diagnostics: Sequence[Diagnostic], base: Path, takes_noqa: Callable[[str], bool]) -> Plan:
    """`# noqa: CODE` on the line of every finding; in `refused`, each one no comment could suppress.

    Only for the findings whose rule takes one (`takes_noqa(code)`: not a file that does not
    parse, nor an unused `# noqa`).
    """
    plan = Plan()
    texts = _Texts(None, plan)
    by_file: dict[Path, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if takes_noqa(diagnostic.code):
            by_file[reported_path(diagnostic.path, base)].append(diagnostic)
    for path, found in sorted(by_file.items()):
        lines: dict[int, set[str]] = defaultdict(set)
        for diagnostic in found:
            lines[diagnostic.span.line].add(diagnostic.code)
        try:
            before = texts.get(path)
            after = add_noqa(before, {line: sorted(codes) for line, codes in lines.items()})
            texts.put(path, after)
        except Unreachable as error:
            plan.refused.extend(f"{d.path}:{d.span.line}: {d.code}: {error}" for d in found)
            continue
        # What the next check will see: a finding the comments written do not cover is said, never hidden.
        left, why = _not_suppressed(after, found)
        plan.refused.extend(f"{d.path}:{d.span.line}: {d.code}: {why}" for d in left)
        if path in plan.texts:
            plan.fixed.extend(d for d in found if d not in left)
    return plan


def _not_suppressed(text: str, found: Sequence[Diagnostic]) -> tuple[list[Diagnostic], str]:
    """The findings no `# noqa` of `text` covers (all of them when it does not parse), and why."""
    facts = extract(text.encode("utf-8"), "", False)
    if not isinstance(facts, ModuleFacts):
        return list(found), "the file does not parse as Python, so no `# noqa` in it is read"
    comments = NoqaComments(facts)
    return [d for d in found if not comments.suppresses(d)], "no line of its statement can carry a `# noqa` comment"
