"""Where a dotted key of a configuration problem is in the TOML text, to show the problem there.

A configuration problem names its key as `contexts.basket.modules[1]`; the
text may have several `modules` keys, the table may be written as a header,
a dotted key or an inline table, and pyproject.toml nests it all under
`[tool.eventlint]`. `key_places` reads the text once and notes where every
key, table and array element is, by its full path; `place_of` finds the
problem's key there, or the nearest enclosing one that is written (a missing
key is shown on its table). The reader only locates: the text was already
validated by the TOML parser, and on anything it does not expect it stops
with what it found so far.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Place:
    """A stretch of the text: 0-based line and column (in characters) of its start and end."""

    line: int
    column: int
    end_line: int
    end_column: int


_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = " \t"
_SYNTAX = re.compile(r"\(at line (\d+), column (\d+)\)\s*$")


class _Stop(Exception):
    """The text is not as expected: keep what was found."""


@dataclass
class _Reader:
    text: str
    keys: dict[KeyPath, Place] = field(default_factory=dict)
    values: dict[KeyPath, Place] = field(default_factory=dict)
    at: int = 0
    starts: list[int] = field(default_factory=list)
    tables: dict[KeyPath, int] = field(default_factory=dict)  # array of tables -> elements so far

    def __post_init__(self) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", self.text)]

    # -- positions -------------------------------------------------------------------------
    def place(self, start: int, end: int) -> Place:
        line = bisect_right(self.starts, start) - 1
        end_line = bisect_right(self.starts, end) - 1
        return Place(line, start - self.starts[line], end_line, end - self.starts[end_line])

    def note(self, found: dict[KeyPath, Place], path: KeyPath, start: int, end: int) -> None:
        if path not in found:  # the first place a table is named (a key is written only once)
            found[path] = self.place(start, end)

    # -- the document ------------------------------------------------------------------------
    def document(self) -> None:
        base: KeyPath = ()
        while True:
            self.blank(newlines=True)
            if self.at >= len(self.text):
                return
            start = self.at
            if self.text.startswith("[[", self.at):
                self.at += 2
                key = self.key((), start)
                self.expect("]]")
                number = self.tables.get(key, 0)
                self.tables[key] = number + 1
                base = (*key, number)
                self.note(self.keys, key, start, self.at)
                self.note(self.keys, base, start, self.at)
            elif self.text.startswith("[", self.at):
                self.at += 1
                key = self.key((), start)
                self.expect("]")
                base = key
                self.note(self.keys, key, start, self.at)
            else:
                self.pair(base)
            self.blank(newlines=False)
            if self.at < len(self.text) and self.text[self.at] not in "\r\n":
                raise _Stop

    def pair(self, base: KeyPath) -> None:
        """`key = value` under `base`."""
        start = self.at
        key = self.key(base, start)
        self.note(self.keys, (*base, *key), start, self.at)
        self.blank(newlines=False)
        self.expect("=")
        self.blank(newlines=False)
        self.value((*base, *key))

    def key(self, base: KeyPath, start: int) -> KeyPath:
        """A dotted key below `base`; each of its prefixes is noted from `start` (the tables it makes)."""
        self.blank(newlines=False)
        parts: list[str | int] = [self.simple_key()]
        while True:
            end = self.at
            self.blank(newlines=False)
            if not self.text.startswith(".", self.at):
                return tuple(parts)
            self.note(self.keys, (*base, *parts), start, end)
            self.at += 1
            self.blank(newlines=False)
            parts.append(self.simple_key())

    def simple_key(self) -> str:
        if self.text.startswith('"', self.at):
            return self.basic_string()
        if self.text.startswith("'", self.at):
            return self.literal_string()
        bare = _BARE.match(self.text, self.at)
        if bare is None:
            raise _Stop
        self.at = bare.end()
        return bare.group()

    # -- values ------------------------------------------------------------------------------
    def value(self, path: KeyPath) -> None:
        start = self.at
        ahead = self.text[self.at : self.at + 3]
        if ahead == '"""' or ahead == "'''":
            self.multiline(ahead)
        elif ahead.startswith('"'):
            self.basic_string()
        elif ahead.startswith("'"):
            self.literal_string()
        elif ahead.startswith("["):
            self.array(path)
        elif ahead.startswith("{"):
            self.inline_table(path)
        else:  # a number, boolean or date: up to what may follow a value
            end = self.at
            while end < len(self.text) and self.text[end] not in ",]}#\r\n":
                end += 1
            while end > start and self.text[end - 1] in _SPACE:
                end -= 1
            if end == start:
                raise _Stop
            self.at = end
        self.note(self.values, path, start, self.at)

    def array(self, path: KeyPath) -> None:
        self.at += 1
        index = 0
        while True:
            self.blank(newlines=True)
            if self.text.startswith("]", self.at):
                self.at += 1
                return
            self.value((*path, index))
            index += 1
            self.blank(newlines=True)
            if self.text.startswith(",", self.at):
                self.at += 1
            elif not self.text.startswith("]", self.at):
                raise _Stop

    def inline_table(self, path: KeyPath) -> None:
        self.at += 1
        while True:
            self.blank(newlines=True)
            if self.text.startswith("}", self.at):
                self.at += 1
                return
            self.pair(path)
            self.blank(newlines=True)
            if self.text.startswith(",", self.at):
                self.at += 1
            elif not self.text.startswith("}", self.at):
                raise _Stop

    def basic_string(self) -> str:
        start = self.at
        self.at += 1
        while True:
            if self.at >= len(self.text) or self.text[self.at] in "\r\n":
                raise _Stop
            if self.text[self.at] == "\\":
                self.at += 2
            elif self.text[self.at] == '"':
                self.at += 1
                try:
                    decoded = json.loads(self.text[start : self.at])
                except ValueError:  # an escape TOML has and JSON not (\U0001F600, \e)
                    decoded = self.text[start + 1 : self.at - 1]
                return str(decoded)
            else:
                self.at += 1

    def literal_string(self) -> str:
        end = self.text.find("'", self.at + 1)
        newline = self.text.find("\n", self.at + 1)
        if end < 0 or 0 <= newline < end:
            raise _Stop
        found = self.text[self.at + 1 : end]
        self.at = end + 1
        return found

    def multiline(self, quotes: str) -> None:
        self.at += 3
        while self.at < len(self.text):
            if quotes == '"""' and self.text[self.at] == "\\":
                self.at += 2
            elif self.text.startswith(quotes, self.at):
                self.at += 3
                extra = 0
                while extra < 2 and self.text.startswith(quotes[0], self.at):  # `""""` ends with a quote
                    self.at += 1
                    extra += 1
                return
            else:
                self.at += 1
        raise _Stop

    # -- spaces and comments -----------------------------------------------------------------
    def blank(self, newlines: bool) -> None:
        while self.at < len(self.text):
            here = self.text[self.at]
            if here in _SPACE or (newlines and here in "\r\n"):
                self.at += 1
            elif here == "#":
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            else:
                return

    def expect(self, token: str) -> None:
        self.blank(newlines=False)
        if not self.text.startswith(token, self.at):
            raise _Stop
        self.at += len(token)


def key_places(text: str) -> tuple[dict[KeyPath, Place], dict[KeyPath, Place]]:
    """Where each key (and table) and each value of a TOML text is, by full path: (keys, values)."""
    reader = _Reader(text)
    try:
        reader.document()
    except (_Stop, IndexError):
        pass
    return reader.keys, reader.values


def dotted_key(text: str) -> tuple[KeyPath, int] | None:
    """The path a problem's dotted key names (`a."b.c"[1]`) and where it ends in `text`; None if it is none."""
    parts: list[str | int] = []
    at = 0
    while at < len(text):
        if text[at] == '"':
            end = at + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                return None
            parts.append(re.sub(r"\\(.)", r"\1", text[at + 1 : end]))
            at = end + 1
        elif text[at] == "[":
            end = text.find("]", at)
            if end < 0 or not text[at + 1 : end].isdigit():
                return None
            parts.append(int(text[at + 1 : end]))
            at = end + 1
        else:
            bare = _BARE.match(text, at)
            if bare is None:
                return None
            parts.append(bare.group())
            at = bare.end()
        if text.startswith(".", at):
            at += 1
        elif at >= len(text) or text[at] in ":[":
            if at < len(text) and text[at] == "[":
                continue
            return tuple(parts), at
        else:
            return None
    return (tuple(parts), at) if parts else None


def place_of(problem: str, source: str) -> Place | None:
    """Where the key a problem (`dotted.key: what is wrong`) names is in `source`, or the syntax error it reports."""
    syntax = _SYNTAX.search(problem)
    if syntax is not None:
        line, column = int(syntax.group(1)) - 1, int(syntax.group(2)) - 1
        lines = source.splitlines() or [""]
        if line >= len(lines):
            return None
        return Place(line, column, line, max(len(lines[line]), column + 1))
    named = dotted_key(problem)
    if named is None or not problem[named[1] :].startswith(": "):
        return None
    path = named[0]
    keys, values = key_places(source)
    for end in range(len(path), 0, -1):
        wanted = path[:end]
        found = values.get(wanted) if isinstance(wanted[-1], int) else keys.get(wanted) or values.get(wanted)
        if found is not None:
            return found
    return None
