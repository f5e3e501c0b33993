"""Source positions of the nodes facts are made of, from one code-generation pass.

libcst's `PositionProvider` records a position object for every node of the
tree; eventlint needs positions for a handful of node types only, and for
those it computes exactly the same ranges (whitespace the node does not own
left out) for a fraction of the cost. The pass drives libcst's own code
generator, so positions cannot drift from the source it reproduces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import libcst as cst
from libcst._nodes.internal import CodegenState

from eventlint.model import Span

# The node types eventlint reports or orders by; all others are passed over.
POSITIONED: frozenset[type[cst.CSTNode]] = frozenset(
    {
        cst.Name,
        cst.Attribute,
        cst.Call,
        cst.Lambda,
        cst.ImportAlias,
        cst.ImportFrom,
        cst.SimpleStatementLine,
        cst.SimpleStatementSuite,
        cst.TrailingWhitespace,
        cst.Decorator,
        cst.If,
        cst.For,
        cst.While,
        cst.With,
        cst.ClassDef,
        cst.FunctionDef,
    }
)
# Of these, only where they start is used (the first line of a statement a `# noqa` may trail).
STARTS_ONLY: frozenset[type[cst.CSTNode]] = frozenset(
    {cst.Decorator, cst.If, cst.For, cst.While, cst.With, cst.ClassDef, cst.FunctionDef}
)
_NEWLINE = re.compile(r"\r\n?|\n")

Range = tuple[int, int, int, int]  # line, column (0-based), end line, end column


class _PositionState(CodegenState):
    """Tracks line and column while libcst generates the code, recording wanted nodes only."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = 1
        self.column = 0
        self.ranges: dict[int, Range] = {}
        self._starts: list[tuple[int, int]] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.column += len(token)

    def add_token(self, value: str) -> None:
        if "\r" in value:
            segments = _NEWLINE.split(value)
            if len(segments) > 1:
                self.line += len(segments) - 1
                self.column = len(segments[-1])
            else:
                self.column += len(value)
            return
        newlines = value.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(value) - value.rfind("\n") - 1
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in POSITIONED:
            self._starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in POSITIONED:
            line, column = self._starts.pop()
            # A syntactic position recorded inside the node takes precedence.
            self.ranges.setdefault(id(node), (line, column, self.line, self.column))

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        if type(node) not in POSITIONED:
            yield
            return
        line, column = self.line, self.column
        try:
            yield
        finally:
            end_line, end_column = self.line, self.column
            if start_node is not None and id(start_node) in self.ranges:
                line, column = self.ranges[id(start_node)][:2]
            if end_node is not None and id(end_node) in self.ranges:
                end_line, end_column = self.ranges[id(end_node)][2:]
            self.ranges[id(node)] = (line, column, end_line, end_column)


class Positions:
    """1-based spans of a parsed module's positioned nodes (the tree must stay alive).

    `source`, when given, is the text the module was parsed from: where
    libcst's code differs from it (it drops a form feed that starts a line),
    columns are mapped back onto the source.
    """

    def __init__(self, module: cst.Module, source: str | None = None) -> None:
        state = _PositionState(module)
        module._codegen(state)
        self._ranges = state.ranges
        self._columns = _column_maps(module.code, source) if source is not None and "\f" in source else {}

    def span(self, node: cst.CSTNode) -> Span:
        """Where a node of one of the `POSITIONED` types stands."""
        line, column, end_line, end_column = self._ranges[id(node)]
        if self._columns:
            column = self._column(line, column)
            end_column = self._column(end_line, end_column)
        return Span(line, column + 1, end_line, end_column + 1)

    def _column(self, line: int, column: int) -> int:
        columns = self._columns.get(line)
        return columns[column] if columns is not None and column < len(columns) else column


def _column_maps(generated: str, source: str) -> dict[int, list[int]]:
    """For each line libcst regenerated without some form feeds: source column of each generated one."""
    maps: dict[int, list[int]] = {}
    generated_lines, source_lines = _NEWLINE.split(generated), _NEWLINE.split(source)
    if len(generated_lines) != len(source_lines):
        return maps
    for number, (ours, theirs) in enumerate(zip(generated_lines, source_lines), start=1):
        if ours == theirs:
            continue
        columns, at = [], 0
        for char in ours:
            while at < len(theirs) and theirs[at] != char and theirs[at] == "\f":
                at += 1
            columns.append(at)
            at += 1
        columns.append(at)  # the end of the line
        maps[number] = columns
    return maps
