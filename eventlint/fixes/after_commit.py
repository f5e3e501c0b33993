"""EVL302: a broker publish made before the commit, deferred into an after-commit hook.

`producer.publish(event)` becomes `transaction.on_commit(lambda: producer.publish(event))`.
The lambda reads its names when the hook runs it, after the commit, so the
rewrite is made only where that provably reads the same values as the call
did: a plain call statement, directly in a function (not in a loop, where the
lambdas would all see the last event, nor in a `try`, whose handlers would no
longer see the broker's errors), whose arguments are names or literals that
nothing rebinds or touches later in the function, whose callee is not
rebound later, and whose hook is already bound where the call stands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import BuiltinAssignment, CodeRange, MetadataWrapper, PositionProvider, ScopeProvider

from eventlint.extractor.flow import dotted_name

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*\Z")
_LITERALS = (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary)
# Between the function and the call: blocks that run the call at most once, with nothing to catch its errors.
_PLAIN_BLOCKS = (cst.IndentedBlock, cst.SimpleStatementSuite, cst.If, cst.Else, cst.With)


class NotDeferred(Exception):
    """Why a publish cannot be deferred as it is written, and what would make it possible."""


def move_publish_after_commit(text: str, line: int, hook: str) -> str | None:
    """`text` with the publish call statement starting on `line` (1-based) handed to `hook` as a lambda.

    `hook` is the after-commit callable as the module spells it
    (`transaction.on_commit`, `self.uow.on_commit`); it is not imported: its
    first name must already be bound where the call stands. None when the
    rewrite cannot be proved to keep what the call publishes (see the module
    docstring); the same text when the call already goes through `hook`.
    """
    try:
        return defer_publish(text, line, hook)
    except NotDeferred:
        return None


def defer_publish(text: str, line: int, hook: str) -> str:
    """As `move_publish_after_commit`, raising `NotDeferred` with the reason and the remedy."""
    if not _DOTTED.match(hook):
        raise NotDeferred(f"the after-commit hook `{hook}` is not a dotted name")
    try:
        wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        scopes = wrapper.resolve(ScopeProvider)
    except (cst.ParserSyntaxError, RecursionError):
        raise NotDeferred("the file cannot be parsed for the rewrite") from None
    finder = _Statement(line, positions)
    wrapper.module.visit(finder)
    if finder.statement is None or finder.function is None:
        raise NotDeferred("the publish is not a statement of a function")
    call = _single_call(finder.statement)
    if call is None:
        raise NotDeferred(
            "the publish is not a call standing alone as a statement; write it as one "
            "(`producer.publish(event)` on a line of its own, its result unused)"
        )
    if dotted_name(call.func) == hook and call.args and isinstance(call.args[0].value, cst.Lambda):
        return text  # already deferred
    reads = _reads(call, hook)
    if reads is None:
        raise NotDeferred(
            "the call computes what it sends (`publish(OrderPaid(...))`, `task.delay(order.pk)`), which a deferred "
            "call would compute only after the commit, when it may have changed; bind it to a name first "
            "(`event = OrderPaid(...)` then `publish(event)`; `order_id = order.pk` then `task.delay(order_id)`), "
            "and the fix can defer it"
        )
    if not all(isinstance(block, _PLAIN_BLOCKS) for block in finder.blocks):
        raise NotDeferred(
            "the publish stands in a loop, a `try` or a `match`: deferred, every callback would see the last "
            "value, or the handlers would no longer see the broker's errors; defer it by hand"
        )
    later = _Later(positions[finder.statement].end.line, positions, reads)
    finder.function.body.visit(later)
    root = hook.split(".")[0]
    scope = scopes.get(call)
    bound = scope is not None and any(not isinstance(a, BuiltinAssignment) for a in scope[root])
    if later.unsafe:
        raise NotDeferred(
            "a name the call reads is assigned or changed later in the function, so the deferred call would send "
            "the later value; send a value nothing changes afterwards"
        )
    if not bound:
        raise NotDeferred(f"`{root}` is not bound where the publish stands: import or assign it there first")
    deferred = cst.Call(func=cst.parse_expression(hook), args=[cst.Arg(cst.Lambda(cst.Parameters(), call))])
    statement = finder.statement
    replaced = statement.with_changes(body=[statement.body[0].with_changes(value=deferred)])
    module = wrapper.module.deep_replace(statement, replaced)
    if not isinstance(module, cst.Module):
        raise NotDeferred("the rewrite did not give a module")
    return module.code


@dataclass
class _Reads:
    """What the deferred call reads: the chains of its callee and hook (`self.event_bus.publish`), its arguments."""

    chains: list[str]
    arguments: set[str] = field(default_factory=set)

    @property
    def names(self) -> set[str]:
        return {chain.split(".")[0] for chain in self.chains} | self.arguments


def _single_call(statement: cst.SimpleStatementLine) -> cst.Call | None:
    if len(statement.body) != 1:
        return None
    small = statement.body[0]
    return small.value if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) else None


def _reads(call: cst.Call, hook: str) -> _Reads | None:
    """The names a call reads, when they are all it reads: None for computed arguments or callee."""
    callee = dotted_name(call.func)
    if callee is None:
        return None
    reads = _Reads([callee, hook])
    for arg in call.args:
        if arg.star:
            return None
        if isinstance(arg.value, cst.Name):
            if arg.value.value not in ("True", "False", "None"):
                reads.arguments.add(arg.value.value)
        elif not isinstance(arg.value, _LITERALS):
            return None
    return reads


class _Statement(cst.CSTVisitor):
    """Finds the statement starting on a line, its function and the blocks between them."""

    def __init__(self, line: int, positions: Mapping[cst.CSTNode, CodeRange]) -> None:
        super().__init__()
        self.line = line
        self.positions = positions
        self.stack: list[cst.CSTNode] = []
        self.statement: cst.SimpleStatementLine | None = None
        self.function: cst.FunctionDef | None = None
        self.blocks: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.statement is not None:
            return False
        if isinstance(node, cst.SimpleStatementLine) and self.positions[node].start.line == self.line:
            self.statement = node
            functions = [i for i, n in enumerate(self.stack) if isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda))]
            if functions and isinstance(self.stack[functions[-1]], cst.FunctionDef):
                function = self.stack[functions[-1]]
                assert isinstance(function, cst.FunctionDef)
                self.function = function
                self.blocks = self.stack[functions[-1] + 1 :]
            return False
        self.stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self.stack and self.stack[-1] is original_node:
            self.stack.pop()


class _Later(cst.CSTVisitor):
    """What the function does after the call's statement: names it binds, and whether it touches what the call read."""

    def __init__(self, after: int, positions: Mapping[cst.CSTNode, CodeRange], reads: _Reads) -> None:
        super().__init__()
        self.after = after
        self.positions = positions
        self.reads = reads
        self.rebound: set[str] = set()
        self.unsafe = False
        self._returned: set[int] = set()

    def _later(self, node: cst.CSTNode) -> bool:
        position = self.positions.get(node)
        return position is not None and position.start.line > self.after

    def on_visit(self, node: cst.CSTNode) -> bool:
        if not self._later(node):
            return True
        if isinstance(node, cst.Return) and isinstance(node.value, cst.Name):
            self._returned.add(id(node.value))  # returning the event does not change it
        for target in _targets(node):
            self._bind(target)
        if isinstance(node, cst.Name) and node.value in self.reads.arguments and id(node) not in self._returned:
            self.unsafe = True  # the event (or another argument) is used again: it may change before the commit
        return True

    def _bind(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.rebound.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            chain = dotted_name(target) if isinstance(target, cst.Attribute) else None
            if chain is None or any(read.startswith(f"{chain}.") for read in self.reads.chains):
                self.unsafe = True  # `self.event_bus = ...`, or a target too complex to tell
        if self.rebound & self.reads.names:
            self.unsafe = True


def _targets(node: cst.CSTNode) -> list[cst.BaseExpression]:
    """The expressions a statement or expression binds or assigns to."""
    if isinstance(node, cst.Assign):
        return [target.target for target in node.targets]
    if isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.NamedExpr, cst.For, cst.CompFor)):
        return [node.target]
    if isinstance(node, cst.Del):
        return [node.target]
    if isinstance(node, cst.WithItem) and node.asname is not None:
        return [node.asname.name]
    if isinstance(node, cst.ExceptHandler) and node.name is not None:
        return [node.name.name]
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return [node.name]
    if isinstance(node, (cst.Global, cst.Nonlocal)):
        return [item.name for item in node.names]
    if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
        return [alias.asname.name if alias.asname is not None else cst.Name(_first(alias)) for alias in node.names]
    return []


def _first(alias: cst.ImportAlias) -> str:
    return (dotted_name(alias.name) or "").split(".")[0]
