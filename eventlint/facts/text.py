"""What a file's raw text tells before any parse: its encoding, its `noqa` comments."""

from __future__ import annotations

import io
import re
import tokenize

from eventlint.facts.model import ParseFailure
from eventlint.model import Span

_NOQA = re.compile(r"#\s*noqa(?::\s?(?P<codes>[A-Za-z]+[0-9]+(?:[,\s]+[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)
_FILE_NOQA = re.compile(r"#\s*eventlint:\s*noqa\s*$", re.IGNORECASE)


def decode_failure(error: Exception) -> ParseFailure:
    """The EVL001 of a file whose bytes are not text in its declared encoding."""
    return ParseFailure(f"cannot decode the file: {error}", Span(1, 1, 1, 1))


def decode(data: bytes) -> str:
    """Decode source bytes as Python does: PEP 263 cookie or BOM, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def scan_comments(text: str) -> tuple[tuple[tuple[int, tuple[str, ...] | None], ...], bool]:
    """`# noqa` comments by line, and whether the first comment block skips the file.

    A physical-line scan, as flake8 does: cheap, and a `# noqa` inside a string
    literal on a reported line is rare enough not to pay for a tokenizer.
    """
    noqa: list[tuple[int, tuple[str, ...] | None]] = []
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
        codes = match.group("codes")
        noqa.append((number, tuple(c.upper() for c in re.split(r"[,\s]+", codes) if c) if codes else None))
    return tuple(noqa), skip
