"""What a file's raw text tells before any parse: its encoding, its `noqa` comments."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from eventlint.facts.records import ParseFailure
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
NoqaColumns = tuple[tuple[int, str, int], ...]

# Python ends a line at \n, \r\n or \r only; `str.splitlines` also splits at form
# feeds, \v, \x1c-\x1e, \x85, \u2028 and \u2029, which would shift every later line.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_NEWLINE = re.compile(r"\r\n?")
_MENTIONS_NOQA = re.compile(r"noqa", re.IGNORECASE)


def source_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines of a source text as Python (and the language server protocol) counts them."""
    lines = _LINE.findall(text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def one_line_ending(text: str) -> str:
    """`text` with every line ending `\\n`: the same lines and columns, for a tokenizer (Python 3.13's
    fails on some CR-only texts)."""
    return _NEWLINE.sub("\n", text)


def tokens(text: str) -> Iterator[tokenize.TokenInfo]:
    """The tokens of a source text, lines counted as Python counts them.

    Where the text stops being valid Python to the tokenizer, the tokens
    stop: what came before is certain, nothing after is guessed.
    """
    readline = io.StringIO(one_line_ending(text)).readline  # same lines and columns, one line ending
    try:
        for token in tokenize.generate_tokens(readline):
            if token.type == tokenize.ERRORTOKEN or (token.type == tokenize.STRING and _cut_f_string(token.string)):
                return  # not Python to this tokenizer from here on: no comment can be told from code
            yield token
    except (tokenize.TokenError, SyntaxError, ValueError):
        return


def _cut_f_string(string: str) -> bool:
    """Whether an f-string token ends inside a replacement field: a tokenizer older than Python 3.12
    reads `f"{x["#"]}"` (PEP 701) as the string `f"{x["` and a comment."""
    body = string.lstrip("rRbBuUfF")
    if "f" not in string[: len(string) - len(body)].lower():
        return False
    quote = 3 if body[:3] in ('"""', "'''") else 1
    content, depth, at = body[quote:-quote], 0, 0
    while at < len(content):
        if depth == 0 and content.startswith(("{{", "}}"), at):
            at += 2  # an escaped brace
            continue
        if content[at] == "{":
            depth += 1
        elif content[at] == "}" and depth:
            depth -= 1
        at += 1
    return depth != 0


class CommentScan(NamedTuple):
    """What a file's comments say to eventlint."""

    noqa: NoqaLines  # (line, codes) of each `# noqa` (codes None: a bare one)
    skip_file: bool  # `# eventlint: noqa` in the first comment block
    invalid: InvalidNoqa  # (line, why) of each directive that suppresses nothing
    columns: NoqaColumns  # (line, code, 1-based column) of each code a `# noqa:` lists


def scan_comments(text: str) -> CommentScan:
    """`# noqa` comments by line, whether the first comment block skips the file, and invalid ones.

    Comments are read as the tokenizer reads them, so `# noqa` inside a string
    (single-line, triple-quoted, f-string) is no directive, and lines are
    counted as Python counts them. A file mentioning no `noqa` is not
    tokenized at all. A directive with a colon must list codes: one that does
    not (`# noqa: banana`, `# noqa: EVL2O1`) is invalid and suppresses
    nothing, since a typo must never silence a finding. Words after the codes
    are an explanation.
    """
    if not _MENTIONS_NOQA.search(text):
        return CommentScan((), False, (), ())
    noqa: list[tuple[int, tuple[str, ...] | None]] = []
    invalid: list[tuple[int, str]] = []
    columns: list[tuple[int, str, int]] = []
    skip = False
    in_header = True
    for token in tokens(text):
        if token.type != tokenize.COMMENT:
            in_header = in_header and token.type in (tokenize.NL, tokenize.NEWLINE, tokenize.ENCODING)
            continue
        comment = token.string
        if in_header:
            skip = skip or bool(_FILE_NOQA.match(comment))
        match = _NOQA.search(comment)
        if match is None or _FILE_NOQA.search(comment):
            continue
        number, column = token.start
        if match.group("colon") is None:
            noqa.append((number, None))
            continue
        codes, problem = _codes(match.group("rest"))
        if problem is not None:
            invalid.append((number, problem))
            continue
        noqa.append((number, tuple(code for code, _ in codes)))
        at = column + match.start("rest") + 1
        columns.extend((number, code, at + offset) for code, offset in codes)
    return CommentScan(tuple(noqa), skip, tuple(invalid), tuple(columns))


def honouring_lines(line: int, statements: Sequence[tuple[int, int]]) -> list[int]:
    """The lines whose `# noqa` covers a finding on `line`, in the order a comment is credited.

    The line itself, then the last lines of the multi-line statements holding
    it (innermost first), then their first lines (a decorator's, for a class
    or function). `--add-noqa` writes to the first of these that can carry a
    comment, and a finding is credited to the first that covers it, so the
    comment it adds is the one the unused-noqa check finds in use.
    """
    around = sorted((s for s in statements if s[0] <= line <= s[1]), key=lambda s: s[1] - s[0])
    return list(dict.fromkeys([line, *(last for _, last in around), *(first for first, _ in around)]))


def _codes(listed: str) -> tuple[tuple[tuple[str, int], ...], str | None]:
    """The codes a `# noqa:` lists with their offsets in `listed`, or why it lists none that can be trusted."""
    codes: list[tuple[str, int]] = []
    for found in re.finditer(r"[^,\s]+", listed):
        token = found.group()
        if _CODE.match(token):
            codes.append((token.upper(), found.start()))
        elif _CODE_ATTEMPT.match(token) or not codes:
            return (), f"`{token}` is not a rule code"
        else:
            break  # the codes are followed by an explanation
    if not codes:
        return (), "no rule code follows `noqa:`"
    return tuple(codes), None
