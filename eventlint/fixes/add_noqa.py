"""`--add-noqa`: a `# noqa: CODE` comment where eventlint will honour it for each finding."""

from __future__ import annotations

import re
import tokenize
from collections.abc import Mapping, Sequence

from eventlint.extractor.extract import extract
from eventlint.facts import ModuleFacts
from eventlint.facts.source_text import honouring_lines, source_lines, tokens

_CODE = r"[A-Za-z]+[0-9]+(?=[\s,#]|$)"
_DIRECTIVE = re.compile(rf"#\s*noqa\s*:[\s,]*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*)", re.IGNORECASE)


def add_noqa(text: str, lines_codes: Mapping[int, Sequence[str]]) -> str:
    """`text` with `# noqa: CODE, ...` for the codes of each 1-based line, where eventlint honours it.

    A code is added to a `# noqa:` already on the line (after its codes, before
    any explanation), never twice; a line a bare `# noqa` or a covering code
    already suppresses (on it, or on the first or last line of its statement)
    is left alone. A line that cannot carry a comment (it ends in a backslash
    continuation or inside a multi-line string) passes the codes to the last
    line of its statement, else its first: the
    order in which a finding is credited to a comment (`honouring_lines`), so
    the comment written is the one found in use. Lines are counted as Python
    counts them. An invalid directive (`# noqa: EVL2O1`, `# noqa:`) suppresses
    nothing, so it is rewritten: its codes become the valid ones it listed and
    the new ones. A text that does not parse, a line beyond its end, or one
    with no line that can take the comment is left as it is.
    """
    facts = extract(text.encode("utf-8"), "", False)
    if not isinstance(facts, ModuleFacts):
        return text
    lines = source_lines(text, keepends=True)
    existing = dict(facts.noqa)
    invalid = {line for line, _ in facts.invalid_noqa}
    carriable, comments = _comment_places(text)
    wanted: dict[int, list[str]] = {}
    for line, codes in sorted(lines_codes.items()):
        if not 1 <= line <= len(lines):
            continue
        candidates = honouring_lines(line, facts.statements)
        missing = [code for code in dict.fromkeys(c.upper() for c in codes) if not _covered(code, candidates, existing)]
        target = next((n for n in candidates if n in carriable), None)
        if missing and target is not None:
            wanted.setdefault(target, [])
            wanted[target].extend(code for code in missing if code not in wanted[target])
    for line, codes in wanted.items():
        if line in invalid:
            lines[line - 1] = _rewritten(lines[line - 1], codes, comments[line])
            continue
        directive = comments.get(line) if existing.get(line) is not None else None
        lines[line - 1] = _with_codes(lines[line - 1], codes, directive)
    return "".join(lines)


def _covered(code: str, candidates: Sequence[int], existing: Mapping[int, tuple[str, ...] | None]) -> bool:
    for line in candidates:
        if line in existing:
            codes = existing[line]
            if codes is None or any(code.startswith(listed) for listed in codes):
                return True
    return False


def _comment_places(text: str) -> tuple[set[int], dict[int, int]]:
    """The 1-based lines a comment may be appended to (not ending in a string or a backslash
    continuation), and the column where each line's comment starts.

    Read from the tokens: where the tokenizer stops, so do the places (no
    comment is written where it cannot be told from code).
    """
    carriable: set[int] = set()
    comments: dict[int, int] = {}
    for token in tokens(text):
        if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT):
            carriable.add(token.start[0])
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.start[1]
    return carriable, comments


def _with_codes(line: str, codes: Sequence[str], directive: int | None) -> str:
    """The line with `codes` added to the `# noqa:` of its comment (starting at column `directive`), or with a new one."""
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    match = _DIRECTIVE.search(body, directive) if directive is not None else None
    if match is not None:
        at = match.end("codes")
        return f"{body[:at]}, {', '.join(codes)}{body[at:]}{ending}"
    code = body.rstrip(" \t")
    return f"{code}  # noqa: {', '.join(codes)}{ending}"


_INVALID = re.compile(r"#\s*noqa\s*:", re.IGNORECASE)
_WORD = re.compile(r"[^,;\s#]+")
_VALID = re.compile(r"[A-Za-z]+[0-9]+\Z")
_ATTEMPT = re.compile(r"[A-Za-z]+[0-9]")  # starts like a code (`EVL2O1`): part of the code list, not the explanation


def _rewritten(line: str, codes: Sequence[str], column: int) -> str:
    """The line with its invalid `# noqa:` (in the comment at `column`) listing its valid codes and `codes`.

    The words that start like codes are the list; what follows them (an
    explanation, another comment) is kept.
    """
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    match = _INVALID.search(body, column)
    if match is None:
        return _with_codes(line, codes, None)
    start = match.end()
    stop = body.find("#", start)
    region = body[start : stop if stop >= 0 else len(body)]
    kept: list[str] = []
    end = 0
    for word in _WORD.finditer(region):
        if _VALID.match(word.group()):
            kept.append(word.group().upper())
        elif not _ATTEMPT.match(word.group()):
            break
        end = word.end()
    listed = ", ".join(dict.fromkeys([*kept, *codes]))
    rest = body[start + end :].lstrip(" \t,;")
    return f"{body[:start]} {listed}{' ' + rest if rest else ''}{ending}"
