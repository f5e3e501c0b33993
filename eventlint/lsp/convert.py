"""From eventlint's findings to the protocol's: positions, diagnostics, problems, `# noqa` edits."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from eventlint.checks.documents import rule_uri
from eventlint.checks.registry import by_code
from eventlint.checks.rule import Severity
from eventlint.facts.source_text import source_lines
from eventlint.files.safeio import read_regular
from eventlint.fixes import add_noqa
from eventlint.lsp.tomlkeys import place_of
from eventlint.model import Diagnostic, Span
from eventlint.sources.discovery import reported_path

SOURCE = "eventlint"
_SEVERITY = {  # a rule's severity, as the protocol names it
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


def to_lsp(diagnostic: Diagnostic, uri: str, overlay: Mapping[Path, bytes], root: Path) -> types.Diagnostic:
    """A finding as the protocol has it: 0-based lines, columns in UTF-16 code units; paths shown from `root`."""
    span = diagnostic.span
    lines = _lines(uri, overlay, (span.line, span.end_line))
    start = types.Position(span.line - 1, _utf16(lines.get(span.line, ""), span.column - 1))
    end = types.Position(span.end_line - 1, _utf16(lines.get(span.end_line, ""), span.end_column - 1))
    link = rule_uri(diagnostic.code)
    related = [
        types.DiagnosticRelatedInformation(types.Location(uri_of(reported_path(r.path, root)), _range(r.span)), r.message)
        for r in diagnostic.related
    ]
    return types.Diagnostic(
        range=types.Range(start, end),
        message=diagnostic.message,
        severity=_SEVERITY[by_code()[diagnostic.code].severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        related_information=related or None,
        data={"code": diagnostic.code, "name": diagnostic.name, "line": span.line},
    )


def uri_of(path: Path) -> str:
    """The `file:` URI of a path."""
    return from_fs_path(str(path)) or path.as_uri()


def _range(span: Span) -> types.Range:
    return types.Range(
        types.Position(max(span.line - 1, 0), max(span.column - 1, 0)),
        types.Position(max(span.end_line - 1, 0), max(span.end_column - 1, 0)),
    )


def end_of(text: str) -> types.Position:
    """Where a text ends, as the protocol counts lines (only newline, CR LF and CR end one) and columns."""
    lines = source_lines(text, keepends=True)
    if not lines:
        return types.Position(0, 0)
    last = lines[-1]
    if last.endswith(("\n", "\r")):
        return types.Position(len(lines), 0)
    return types.Position(len(lines) - 1, utf16_length(last))


def utf16_length(text: str) -> int:
    """The length of a text in UTF-16 code units, as LSP positions count."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16(line: str, column: int) -> int:
    """A code-point column as UTF-16 code units, as LSP counts them by default (`line`: "" when ASCII)."""
    head = line[: max(column, 0)]
    return max(column, 0) if head.isascii() else utf16_length(head)


def _lines(uri: str, overlay: Mapping[Path, bytes], wanted: Sequence[int]) -> dict[int, str]:
    """The text of some lines of a file (1-based), from its buffer or from disk; only when not ASCII."""
    path = to_fs_path(uri)
    if path is None:
        return {}
    data = overlay.get(Path(path))
    if data is None:
        try:
            data = read_regular(Path(path))  # a pipe with an EVL001 must not block the server
        except OSError:
            return {}
    if data.isascii():
        return {}
    lines = source_lines(data.decode("utf-8", "replace"))
    return {number: lines[number - 1] for number in wanted if 0 < number <= len(lines)}


def problem(text: str, uri: str) -> types.Diagnostic:
    """A configuration or baseline problem (`file: dotted.key: what is wrong`), shown on its key in the file.

    The key is found by its whole path (`contexts.basket.modules[1]` is the
    second element of basket's `modules`, not the first `modules` of the
    file); a missing key is shown on its table, a TOML syntax error where
    the parser places it; anything else on the first line.
    """
    path = to_fs_path(uri)
    try:
        source = Path(path).read_text(encoding="utf-8") if path else ""
    except (OSError, UnicodeDecodeError, ValueError):
        source = ""
    name = f"{Path(path).name}: " if path else ""
    said = text[len(name) :] if name and text.startswith(name) else text.split(": ", 1)[-1]
    place = place_of(said, source)
    if place is None:
        where = types.Range(types.Position(0, 0), types.Position(0, 1000))
    else:
        lines = source.splitlines()

        def position(line: int, column: int) -> types.Position:
            return types.Position(line, _utf16(lines[line] if line < len(lines) else "", column))

        where = types.Range(position(place.line, place.column), position(place.end_line, place.end_column))
    return types.Diagnostic(range=where, message=text, severity=types.DiagnosticSeverity.Error, source=SOURCE)


def noqa_edit(text: str, line: int, code: str) -> types.TextEdit | None:
    """The edit that suppresses `code` on the 0-based `line` of `text`, as `--add-noqa` would.

    The comment goes where eventlint honours it (merged into a `# noqa:`
    there, or on the statement's last line when this one cannot carry it);
    None when the line is already covered or no line can take it.
    """
    after = add_noqa(text, {line + 1: [code]})
    if after == text:
        return None
    old_lines, new_lines = source_lines(text, keepends=True), source_lines(after, keepends=True)
    number, old, new = next((n, o, w) for n, (o, w) in enumerate(zip(old_lines, new_lines)) if o != w)
    prefix = len(os.path.commonprefix([old, new]))  # noqa: RUF071
    room = min(len(old), len(new)) - prefix
    suffix = len(os.path.commonprefix([old[::-1], new[::-1]])[:room])  # noqa: RUF071
    start = types.Position(number, utf16_length(old[:prefix]))
    end = types.Position(number, utf16_length(old[: len(old) - suffix]))
    return types.TextEdit(types.Range(start, end), new[prefix : len(new) - suffix])
