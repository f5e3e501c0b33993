"""`--add-noqa`: a `# noqa: CODE` comment where eventlint will honour it for each finding."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping, Sequence

from eventlint.extractor import extract
from eventlint.facts import ModuleFacts

_CODE = r"[A-Za-z]+[0-9]+(?=[\s,#]|$)"
_DIRECTIVE = re.compile(rf"#\s*noqa\s*:[\s,]*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*)", re.IGNORECASE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def add_noqa(text: str, lines_codes: Mapping[int, Sequence[str]]) -> str:
    """`text` with `# noqa: CODE, ...` for the codes of each 1-based line, where eventlint honours it.

    A code is added to a `# noqa:` already on the line (after its codes, before
    any explanation), never twice; a line a bare `# noqa` or a covering code
    already suppresses (on it, or on the first or last line of its statement)
    is left alone. A line that cannot carry a comment (it ends in a backslash
    continuation or inside a multi-line string) or holds an invalid directive
    passes the codes to the last line of its statement, else its first. A text
    that does not parse, a line beyond its end, or one with no line that can
    take the comment is left as it is.
    """
    facts = extract(text.encode("utf-8"), "", False)
    if not isinstance(facts, ModuleFacts):
        return text
    lines = _LINE.findall(text)
    existing = dict(facts.noqa)
    invalid = {line for line, _ in facts.invalid_noqa}
    carriable = _lines_ending_in_code(text, len(lines))
    wanted: dict[int, list[str]] = {}
    for line, codes in sorted(lines_codes.items()):
        if not 1 <= line <= len(lines):
            continue
        candidates = _candidates(line, facts.statements)
        missing = [code for code in dict.fromkeys(c.upper() for c in codes) if not _covered(code, candidates, existing)]
        target = next((n for n in candidates if n in carriable and n not in invalid), None)
        if missing and target is not None:
            wanted.setdefault(target, [])
            wanted[target].extend(code for code in missing if code not in wanted[target])
    for line, codes in wanted.items():
        lines[line - 1] = _with_codes(lines[line - 1], codes, existing.get(line) is not None)
    return "".join(lines)


def _candidates(line: int, statements: Sequence[tuple[int, int]]) -> list[int]:
    """The lines whose `# noqa` covers `line`: itself, its statements' last lines (innermost first), then first."""
    around = sorted((s for s in statements if s[0] <= line <= s[1]), key=lambda s: s[1] - s[0])
    ordered = [line, *(last for _, last in around), *(first for first, _ in around)]
    return list(dict.fromkeys(ordered))


def _covered(code: str, candidates: Sequence[int], existing: Mapping[int, tuple[str, ...] | None]) -> bool:
    for line in candidates:
        if line in existing:
            codes = existing[line]
            if codes is None or any(code.startswith(listed) for listed in codes):
                return True
    return False


def _lines_ending_in_code(text: str, count: int) -> set[int]:
    """The 1-based lines a comment may be appended to: not ending in a string or a backslash continuation."""
    try:
        return {
            token.start[0]
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT)
        }
    except (tokenize.TokenError, SyntaxError):
        return set(range(1, count + 1))


def _with_codes(line: str, codes: Sequence[str], has_directive: bool) -> str:
    """The line with `codes` added to its `# noqa:`, or with a new `# noqa:` comment at its end."""
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    match = _DIRECTIVE.search(body) if has_directive else None
    if match is not None:
        at = match.end("codes")
        return f"{body[:at]}, {', '.join(codes)}{body[at:]}{ending}"
    code = body.rstrip(" \t")
    return f"{code}  # noqa: {', '.join(codes)}{ending}"
