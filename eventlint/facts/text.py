"""What a file's raw text tells before any parse: its encoding, its `noqa` comments."""

from __future__ import annotations

import re
import tokenize

from eventlint.facts.model import ParseFailure
from eventlint.model import Span

_NOQA = re.compile(r"#\s*noqa\b(?P<colon>\s*:)?(?P<rest>[^#]*)", re.IGNORECASE)
_CODE = re.compile(r"[A-Za-z]+[0-9]+\Z")
_CODE_ATTEMPT = re.compile(r"[A-Za-z]+[0-9]")  # starts like a code, but is not one (`EVL2O1`)
_FILE_NOQA = re.compile(r"#\s*eventlint:\s*noqa\s*$", re.IGNORECASE)


def decode_failure(error: Exception) -> ParseFailure:
    """The EVL001 of a file whose bytes are not text in its declared encoding."""
    return ParseFailure(f"cannot decode the file: {error}", Span(1, 1, 1, 1))


def decode(data: bytes) -> str:
    """Decode source bytes as Python does: PEP 263 cookie or BOM, else UTF-8."""
    text = data.decode(source_encoding(data))
    return text[1:] if text.startswith("\ufeff") else text


def source_encoding(data: bytes) -> str:
    """The encoding Python reads source bytes in (`utf-8-sig` with a BOM); `SyntaxError` for a bad cookie.

    Lines end at CR too, as Python reads them: a cookie in a file of CR-only lines counts.
    """
    lines = iter(data.splitlines(keepends=True)[:2])
    encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
    return encoding


NoqaLines = tuple[tuple[int, tuple[str, ...] | None], ...]
InvalidNoqa = tuple[tuple[int, str], ...]


def scan_comments(text: str) -> tuple[NoqaLines, bool, InvalidNoqa]:
    """`# noqa` comments by line, whether the first comment block skips the file, and invalid ones.

    A physical-line scan, as flake8 does: cheap, and a `# noqa` inside a string
    literal on a reported line is rare enough not to pay for a tokenizer. A
    directive with a colon must list codes: one that does not (`# noqa: banana`,
    `# noqa: EVL2O1`) is invalid and suppresses nothing, since a typo must never
    silence a finding. Words after the codes are an explanation.
    """
    noqa: list[tuple[int, tuple[str, ...] | None]] = []
    invalid: list[tuple[int, str]] = []
    skip = False
    in_header = True
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_header:
            if stripped.startswith("#"):
                skip = skip or bool(_FILE_NOQA.match(stripped))
            elif stripped:
                in_header = False
        if "noqa" not in line.lower():
            continue
        match = _NOQA.search(line)
        if match is None or _FILE_NOQA.search(line):
            continue
        if match.group("colon") is None:
            noqa.append((number, None))
            continue
        codes, problem = _codes(match.group("rest"))
        if problem is not None:
            invalid.append((number, problem))
        else:
            noqa.append((number, codes))
    return tuple(noqa), skip, tuple(invalid)


def _codes(listed: str) -> tuple[tuple[str, ...], str | None]:
    """The codes a `# noqa:` lists, or why it lists none that can be trusted."""
    codes: list[str] = []
    for token in (token for token in re.split(r"[,\s]+", listed.strip()) if token):
        if _CODE.match(token):
            codes.append(token.upper())
        elif _CODE_ATTEMPT.match(token) or not codes:
            return (), f"`{token}` is not a rule code"
        else:
            break  # the codes are followed by an explanation
    if not codes:
        return (), "no rule code follows `noqa:`"
    return tuple(codes), None
