"""A function body as the ordered steps that matter: calls, bindings, control flow.

Only what the dispatch and transaction rules read is kept: every call in
evaluation order with its arguments as `Value`s, local bindings, `with`
blocks, branches, loops, `try` blocks and exits. Lambdas become functions
of their own, since their bodies do not run where they are written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from eventlint.facts.records import (
    OTHER,
    Arg,
    AssignStep,
    BranchStep,
    CallStep,
    ExitStep,
    FunctionFact,
    LoopStep,
    ParamFact,
    Step,
    TryStep,
    Value,
    WithStep,
)
from eventlint.model import Span

_MAX_DEPTH = 8
_MAX_TEXT = 80  # longer string literals (messages, SQL, docs) are kept as `other`: no rule reads them


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a pure Name/Attribute chain, None for anything else."""
    attributes: list[str] = []
    while isinstance(node, cst.Attribute):  # a loop: a generated chain may be thousands long
        attributes.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    return ".".join([node.value, *reversed(attributes)])


class _Names(cst.CSTVisitor):
    """Collects the dotted names of an expression, outermost chains only."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def visit_Name(self, node: cst.Name) -> bool:
        self.names.append(node.value)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        dotted = dotted_name(node)
        if dotted is not None:
            self.names.append(dotted)
            return False
        return True


class _Calls(cst.CSTVisitor):
    """Collects the calls of an expression, innermost first, leaving lambda bodies alone."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[cst.Call] = []

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False  # runs later, if at all: a function of its own

    def leave_Call(self, original_node: cst.Call) -> None:
        self.calls.append(original_node)


_LEAVES = (cst.Name, cst.BaseNumber, cst.SimpleString, cst.Ellipsis, cst.Lambda)


def _collect_calls(node: cst.CSTNode, found: list[cst.Call]) -> None:
    """The calls of an expression, innermost first, lambda bodies left alone.

    The common expression shapes are walked directly, which costs a fraction
    of a visitor; anything rarer is handed to the `_Calls` visitor. The walk
    keeps its own stack: a chain of `a + b + ...` or `q.where().where()...`
    is as deep as it is long. An entry is a node still to open, or (with
    True) a call to record once its callee and arguments are done.
    """
    stack: list[tuple[cst.CSTNode, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        if done:
            assert isinstance(current, cst.Call)
            found.append(current)
            continue
        if isinstance(current, _LEAVES):
            continue
        children: list[cst.CSTNode]
        if isinstance(current, cst.Call):
            stack.append((current, True))
            children = [current.func, *(arg.value for arg in current.args)]
        elif isinstance(current, cst.Attribute):
            children = [current.value]
        elif isinstance(current, cst.Await):
            children = [current.expression]
        elif isinstance(current, (cst.List, cst.Tuple, cst.Set)):
            children = [element.value for element in current.elements]
        elif isinstance(current, (cst.BinaryOperation, cst.BooleanOperation)):
            children = [current.left, current.right]
        elif isinstance(current, cst.Comparison):
            children = [current.left, *(target.comparator for target in current.comparisons)]
        elif isinstance(current, cst.UnaryOperation):
            children = [current.expression]
        else:
            collector = _Calls()
            current.visit(collector)
            found.extend(collector.calls)
            continue
        stack.extend((child, False) for child in reversed(children))  # the first child is opened first


def annotation_names(node: cst.BaseExpression) -> tuple[str, ...]:
    """Every dotted name inside a type expression (`list[Order]` gives list, Order)."""
    collector = _Names()
    node.visit(collector)
    return tuple(collector.names)


def params_of(parameters: cst.Parameters) -> tuple[ParamFact, ...]:
    """The parameters in order, each with its annotation's names."""
    every = (*parameters.posonly_params, *parameters.params, *parameters.kwonly_params)
    extra = [p for p in (parameters.star_arg, parameters.star_kwarg) if isinstance(p, cst.Param)]
    return tuple(
        ParamFact(p.name.value, annotation_names(p.annotation.annotation) if p.annotation else ()) for p in (*every, *extra)
    )


class FlowBuilder:
    """Turns statements into steps; `span` gives positions, `define` keeps lambdas."""

    def __init__(self, span: Callable[[cst.CSTNode], Span], define: Callable[[FunctionFact], None], owner: str) -> None:
        self.span = span
        self.define = define
        self.owner = owner  # qualname of the function being built, for lambda names

    # -- statements ------------------------------------------------------------
    # Blocks nest at most 100 deep (both Python's tokenizer and libcst's stop at
    # 100 levels of indentation), so recursing on them is bounded; an `elif`
    # chain, which nests without indenting, is read in a loop (`_if_chain`).
    def block(self, statements: Sequence[cst.CSTNode]) -> tuple[Step, ...]:
        steps: list[Step] = []
        for statement in statements:
            steps.extend(self.statement(statement))
        return tuple(steps)

    def suite(self, suite: cst.BaseSuite) -> tuple[Step, ...]:
        return self.block(suite.body)

    def statement(self, node: cst.CSTNode) -> list[Step]:
        if isinstance(node, cst.SimpleStatementLine):
            steps: list[Step] = []
            for small in node.body:
                steps.extend(self.small(small))
            return steps
        if isinstance(node, cst.If):
            return [*self.calls(node.test), self._if_chain(node)]
        if isinstance(node, cst.For):
            steps = [*self.calls(node.iter), *self.bind(node.target, OTHER)]
            return [*steps, LoopStep(self.suite(node.body), self.suite(node.orelse.body) if node.orelse else ())]
        if isinstance(node, cst.While):
            return [*self.calls(node.test), LoopStep(self.suite(node.body), self.suite(node.orelse.body) if node.orelse else ())]
        if isinstance(node, cst.With):
            steps, items = [], []
            for item in node.items:
                steps.extend(self.calls(item.item))
                value = self.value(item.item)
                items.append(value)
                if item.asname is not None:
                    steps.extend(self.bind(item.asname.name, value))
            return [*steps, WithStep(tuple(items), self.suite(node.body), _yields_in(node.body))]
        if isinstance(node, (cst.Try, cst.TryStar)):
            handlers = tuple(self.suite(handler.body) for handler in node.handlers)
            return [
                TryStep(
                    self.suite(node.body),
                    handlers,
                    self.suite(node.orelse.body) if node.orelse else (),
                    self.suite(node.finalbody.body) if node.finalbody else (),
                )
            ]
        if isinstance(node, cst.Match):
            branches = [self.suite(case.body) for case in node.cases]
            if not any(isinstance(case.pattern, cst.MatchAs) and case.pattern.pattern is None for case in node.cases):
                branches.append(())
            return [*self.calls(node.subject), BranchStep(tuple(branches))]
        if isinstance(node, cst.FunctionDef):
            # Defined here, run elsewhere: only its name is bound here.
            qualname = node.name.value if self.owner == "<module>" else f"{self.owner}.{node.name.value}"
            return [AssignStep(node.name.value, Value("function", qualname))]
        return []  # class definitions and anything else: nothing that runs here matters

    def _if_chain(self, node: cst.If) -> BranchStep:
        """An `if` with its `elif`s and `else` as one step (a loop: a chain may be thousands long)."""
        branches = [self.suite(node.body)]
        tests: list[tuple[Step, ...]] = []
        orelse = node.orelse
        while isinstance(orelse, cst.If):
            tests.append(tuple(self.calls(orelse.test)))
            branches.append(self.suite(orelse.body))
            orelse = orelse.orelse
        branches.append(self.suite(orelse.body) if orelse is not None else ())
        return BranchStep(tuple(branches), tuple(tests))

    def small(self, node: cst.BaseSmallStatement) -> list[Step]:
        if isinstance(node, cst.Expr):
            return self.calls(node.value)
        if isinstance(node, cst.Assign):
            steps = self.calls(node.value)
            value = self.value(node.value)
            for target in node.targets:
                steps.extend(self.bind(target.target, value))
            return steps
        if isinstance(node, cst.AnnAssign):
            steps = self.calls(node.value) if node.value is not None else []
            value = self.value(node.value) if node.value is not None else OTHER
            return [*steps, *self.bind(node.target, value, annotation_names(node.annotation.annotation))]
        if isinstance(node, cst.AugAssign):
            return self.calls(node.value)
        if isinstance(node, cst.Return):
            if node.value is None:
                return [ExitStep("return")]
            return [*self.calls(node.value), ExitStep("return", self.value(node.value))]
        if isinstance(node, cst.Raise):
            return [*(self.calls(node.exc) if node.exc is not None else []), ExitStep("raise")]
        if isinstance(node, cst.Break):
            return [ExitStep("break")]
        if isinstance(node, cst.Continue):
            return [ExitStep("continue")]
        return []

    def bind(self, target: cst.BaseExpression, value: Value, annotation: tuple[str, ...] = ()) -> list[Step]:
        dotted = dotted_name(target)
        if dotted is not None and (dotted.count(".") == 0 or dotted.startswith(("self.", "cls."))):
            return [AssignStep(dotted, value, annotation)]
        if isinstance(target, (cst.Tuple, cst.List)):
            return [step for element in target.elements for step in self.bind(element.value, OTHER)]
        return []

    # -- expressions -------------------------------------------------------------
    def calls(self, node: cst.BaseExpression) -> list[Step]:
        """Every call inside an expression, arguments before the call that takes them."""
        found: list[cst.Call] = []
        _collect_calls(node, found)
        return [CallStep(self.value(call), self.span(call)) for call in found]

    def value(self, node: cst.BaseExpression, depth: int = 0) -> Value:
        """What an expression is, as far as the rules need to know."""
        if depth > _MAX_DEPTH:
            return OTHER
        if isinstance(node, cst.Await):
            return self.value(node.expression, depth)
        dotted = dotted_name(node)
        if dotted is not None:
            return Value("name", dotted)
        if isinstance(node, cst.Call):
            args = tuple(
                Arg(arg.keyword.value if arg.keyword else None, self.value(arg.value, depth + 1))
                for arg in node.args
                if not arg.star
            )
            callee = dotted_name(node.func)
            if callee is not None:
                return Value("call", callee, args)
            if isinstance(node.func, cst.Attribute):
                return Value("call", node.func.attr.value, args, self.value(node.func.value, depth + 1))
            if isinstance(node.func, cst.Call):  # `chord(header)(callback)`: the object a call made, called
                return Value("call", "__call__", args, self.value(node.func, depth + 1))
            return Value("call", "", args)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return Value(
                "seq",
                args=tuple(Arg(None, self.value(e.value, depth + 1)) for e in node.elements if isinstance(e, cst.Element)),
            )
        if isinstance(node, cst.Lambda):
            return Value("function", self.lambda_function(node))
        if isinstance(node, cst.SimpleString) and len(node.value) <= _MAX_TEXT:
            text = node.evaluated_value
            return Value("text", text) if isinstance(text, str) else OTHER
        return OTHER

    def lambda_function(self, node: cst.Lambda) -> str:
        where = self.span(node)
        qualname = f"{self.owner}.<lambda@{where.line}:{where.column}>"
        inner = FlowBuilder(self.span, self.define, qualname)
        self.define(
            FunctionFact(
                qualname=qualname,
                name="<lambda>",
                class_name=None,
                params=params_of(node.params),
                decorators=(),
                body=tuple(inner.calls(node.body)),
                span=where,
                is_lambda=True,
            )
        )
        return qualname


def resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute module a relative import (`from ..x import y`) refers to."""
    parts = module.split(".") if module else []
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
    if name:
        parts.append(name)
    return ".".join(parts)


def base_expression(node: cst.BaseExpression) -> str | None:
    """The class a base expression names: `Base`, `pkg.Base`, or `Base` of `Base[T]`."""
    if isinstance(node, cst.Subscript):
        node = node.value
    return dotted_name(node)


def has_abstract_method(node: cst.ClassDef) -> bool:
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    for statement in body:
        if isinstance(statement, cst.FunctionDef):
            for decorator in statement.decorators:
                name = dotted_name(decorator.decorator)
                if name is not None and name.rsplit(".", 1)[-1] == "abstractmethod":
                    return True
    return False


class _Yields(cst.CSTVisitor):
    """Whether a block yields, in its own function (not in a function, lambda or class defined in it)."""

    def __init__(self) -> None:
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> bool:
        self.found = True
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


def _yields_in(body: cst.BaseSuite) -> bool:
    """Whether a `with` block's body yields (`with transaction.atomic(): yield` in a context manager)."""
    finder = _Yields()
    body.visit(finder)
    return finder.found
