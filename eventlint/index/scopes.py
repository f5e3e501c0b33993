"""What a name means inside one function: locals, parameters, `self`, closures, imports.

Resolution gives a `Resolved`: the qualified name a dotted expression stands
for (for an object, the qualified name of what made it: `producer` bound to
`KafkaProducer(...)` resolves to `kafka.KafkaProducer`) and whether it is an
instance or the class/function itself. Anything not statically clear
resolves to None: no guess is made.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from eventlint.facts import (
    AssignStep,
    BranchStep,
    CallStep,
    FunctionFact,
    LoopStep,
    Step,
    TryStep,
    Value,
    WithStep,
)
from eventlint.index.names import ProjectIndex
from eventlint.index.unwind import Task, unwind

# Steps of one resolution chain followed before giving up (an unknown, never a guess).
MAX_RESOLUTION_DEPTH = 64
_NOT_A_TYPE = frozenset({"None", "Optional", "typing.Optional", "Union", "typing.Union", "Any", "typing.Any"})


@dataclass(frozen=True)
class Resolved:
    """A qualified name, and whether the expression is an instance of it."""

    name: str
    instance: bool

    def attribute(self, rest: str) -> Resolved:
        """The same with an attribute chain appended (an attribute of an instance is one too)."""
        return Resolved(f"{self.name}.{rest}", self.instance) if rest else self


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step, nested ones included, in source order (with a stack of its own: blocks nest deep)."""
    pending: list[Iterator[Step]] = [iter(steps)]
    while pending:
        step = next(pending[-1], None)
        if step is None:
            pending.pop()
            continue
        yield step
        inner = nested_blocks(step)
        if inner:
            pending.append(itertools.chain.from_iterable(inner))


def local_assignments(function: FunctionFact) -> dict[str, list[AssignStep]]:
    """A function's own assignments to plain local names (not `self.x`), by name, in source order."""
    found: dict[str, list[AssignStep]] = {}
    for step in walk(function.body):
        if isinstance(step, AssignStep) and "." not in step.target:
            found.setdefault(step.target, []).append(step)
    return found


def nested_blocks(step: Step) -> tuple[tuple[Step, ...], ...]:
    """The blocks a step holds, in source order (an `elif` test between the branches it separates)."""
    if isinstance(step, WithStep):
        return (step.body,)
    if isinstance(step, BranchStep):
        if not step.tests:
            return step.branches
        ordered: list[tuple[Step, ...]] = []
        for number, branch in enumerate(step.branches):
            ordered.append(branch)
            if number < len(step.tests):
                ordered.append(step.tests[number])
        return tuple(ordered)
    if isinstance(step, LoopStep):
        return (step.body, step.orelse)
    if isinstance(step, TryStep):
        return (step.body, *step.handlers, step.orelse, step.final)
    return ()


@dataclass
class _Declarations:
    """Where one attribute of a class is declared or assigned (found without resolving anything)."""

    fields: list[tuple[str, ...]]  # class-level annotations
    steps: list[tuple[str, FunctionFact, AssignStep]]  # `self.x = ...` / `self.x: T = ...` in methods


class ClassAttributes:
    """Types of `self.x` across a class's methods and annotations, each resolved when first asked."""

    def __init__(self, index: ProjectIndex, constructs: Callable[[str], bool] = lambda name: False) -> None:
        self.index = index
        self.constructs = constructs
        self._declarations: dict[str, dict[str, _Declarations]] = {}
        self._types: dict[tuple[str, str], Resolved | None] = {}
        self._scopes: dict[tuple[str, str], FunctionScope] = {}
        self.depth = 0  # resolutions under way, across every scope sharing these attributes

    def type_of(self, class_qualname: str, attribute: str) -> Resolved | None:
        """The type of `self.attribute` on instances of a project class, if unambiguous."""
        for owner in self.index.lineage(class_qualname):
            found = self._of(owner).get(attribute)
            if found is not None:
                return self._type(owner, attribute, found)
        return None

    def is_data(self, class_qualname: str, attribute: str) -> bool:
        """Whether `self.attribute` is assigned or annotated as data (not a method) anywhere."""
        return any(attribute in self._of(owner) for owner in self.index.lineage(class_qualname))

    def _of(self, owner: str) -> dict[str, _Declarations]:
        table = self._declarations.get(owner)
        if table is not None:
            return table
        table = self._declarations[owner] = {}
        info = self.index.class_info(owner)
        if info is None:
            return table
        for field in info.fact.fields:
            if not field.parameter:  # `__init__(self, bus: EventBus)` says nothing certain about `self.bus`
                table.setdefault(field.name, _Declarations([], [])).fields.append(field.annotation)
        for module, function in self.index.methods_of(owner):
            for step in walk(function.body):
                if isinstance(step, AssignStep) and step.target.startswith("self.") and step.target.count(".") == 1:
                    table.setdefault(step.target[5:], _Declarations([], [])).steps.append((module, function, step))
        return table

    def _type(self, owner: str, attribute: str, found: _Declarations) -> Resolved | None:
        key = (owner, attribute)
        if key in self._types:
            return self._types[key]
        self._types[key] = None  # guards recursion through self-referencing attributes
        info = self.index.class_info(owner)
        # A declared type (class-level or `self.x: T = ...`) wins over what
        # assignments suggest; without one, every assignment must agree.
        declared: set[Resolved | None] = set()
        assigned: set[Resolved | None] = set()
        for annotation in found.fields:
            declared.add(_annotation_type(self.index, info.module if info else owner, annotation))
        for module, function, step in found.steps:
            scope = self._scopes.get((module, function.qualname))
            if scope is None:
                scope = FunctionScope(self.index, self, module, function, constructs=self.constructs)
                self._scopes[(module, function.qualname)] = scope
            (declared if step.annotation else assigned).add(scope.binding_type(step))
        types = declared or assigned
        known = {t for t in types if t is not None}
        result = known.pop() if len(known) == 1 and len(types) == 1 else None
        self._types[key] = result
        return result


def _annotation_type(index: ProjectIndex, module: str, names: tuple[str, ...]) -> Resolved | None:
    """The type an annotation names: its one meaningful name (`X | None` gives X)."""
    candidates = [name for name in names if name not in _NOT_A_TYPE]
    if len(candidates) != 1:
        return None
    resolved = index.resolve(module, candidates[0])
    return Resolved(resolved, instance=True) if resolved else None


class FunctionScope:
    """Name resolution inside one function of a module."""

    def __init__(
        self,
        index: ProjectIndex,
        attributes: ClassAttributes,
        module: str,
        function: FunctionFact,
        parent: FunctionScope | None = None,
        constructs: Callable[[str], bool] = lambda name: False,
    ) -> None:
        self.index = index
        self.constructs = constructs  # classes whose class-level calls make instances of them
        self.attributes = attributes
        self.module = module
        self.function = function
        self.parent = parent
        if function.class_name is not None:
            self.owner_class: str | None = f"{module}.{function.class_name}"
        else:
            self.owner_class = parent.owner_class if parent else None
        self.locals = local_assignments(function)
        self.params = {param.name: param for param in function.params}
        self._resolving: set[tuple[str, int]] = set()
        self._reaching: dict[int, dict[str, tuple[AssignStep, ...]]] | None = None

    def binds(self, name: str) -> bool:
        """Whether the function (or one it is nested in) binds `name` itself: a local or parameter."""
        scope: FunctionScope | None = self
        while scope is not None:
            if name in scope.locals or name in scope.params:
                return True
            scope = scope.parent
        return False

    def resolve(self, dotted: str, at: CallStep | None = None) -> Resolved | None:
        """What a dotted expression used in this function stands for (`at` a call: as it runs there).

        Unknown (None) past `MAX_RESOLUTION_DEPTH` steps of one chain (`b = a`,
        `c = b`, ... or an attribute typed by another's): a chain the user
        wrote must not take the run's stack.
        """
        key = (dotted, id(at))
        if key in self._resolving or self.attributes.depth >= MAX_RESOLUTION_DEPTH:
            return None
        self._resolving.add(key)
        self.attributes.depth += 1
        try:
            return self._resolve(dotted, at)
        finally:
            self.attributes.depth -= 1
            self._resolving.discard(key)

    def reaching(self, name: str, at: CallStep) -> list[AssignStep]:
        """The assignments of a local that may have given it its value when the call `at` runs.

        The last assignment on each path decides, as at run time: a name bound
        to an integration event, then rebound to a domain event, carries the
        domain event past the second binding.
        """
        if self._reaching is None:
            self._reaching = reaching_assignments(self.function.body)
        found = self._reaching.get(id(at), {}).get(name)
        return list(found) if found else self.locals.get(name, [])

    def _resolve(self, dotted: str, at: CallStep | None = None) -> Resolved | None:
        head, _, rest = dotted.partition(".")
        if head in ("self", "cls") and self.owner_class and (head in self.params or self.parent is not None):
            if not rest:
                return Resolved(self.owner_class, instance=head == "self")
            attribute, _, more = rest.partition(".")
            typed = self.attributes.type_of(self.owner_class, attribute) if head == "self" else None
            if typed is not None:
                return typed.attribute(more)
            if head == "self" and self.attributes.is_data(self.owner_class, attribute):
                return None  # data of no single known type
            return Resolved(f"{self.owner_class}.{rest}", instance=False)  # a method or class attribute
        if head in self.locals:
            steps = self.reaching(head, at) if at is not None else self.locals[head]
            types = {self.binding_type(step) for step in steps}
            known = {t for t in types if t is not None}
            if len(types) != 1 or not known:
                return None
            return known.pop().attribute(rest)
        if head in self.params:
            param = self.params[head]
            typed = _annotation_type(self.index, self.module, param.annotation)
            return typed.attribute(rest) if typed else None
        if self.parent is not None:
            return self.parent.resolve(dotted)
        resolved = self.index.resolve(self.module, dotted)
        return Resolved(resolved, instance=False) if resolved else None

    def binding_type(self, step: AssignStep) -> Resolved | None:
        """The type a binding gives its name: its annotation, else its value's type."""
        if step.annotation:
            typed = _annotation_type(self.index, self.module, step.annotation)
            if typed is not None:
                return typed
        return self.value_type(step.value)

    def value_type(self, value: Value, at: CallStep | None = None) -> Resolved | None:
        """What a value is: a name's meaning, or an instance of what a call made."""
        if value.kind == "name":
            return self.resolve(value.dotted, at)
        if value.kind == "call":
            made = self.callee(value, at)
            if made is None:
                return None
            owner = made.name.rpartition(".")[0]
            if not made.instance and self.constructs(owner) and self.index.is_class(owner):
                return Resolved(owner, instance=True)  # `OrderPaidIntegrationEvent.from_order(...)`
            return Resolved(made.name, instance=True)
        if value.kind == "function":
            return Resolved(f"{self.module}.{value.dotted}", instance=False)
        return None

    def callee(self, call: Value, at: CallStep | None = None) -> Resolved | None:
        """What a call calls: `producer.send` gives kafka.KafkaProducer.send (an instance's method).

        Calling an object a call made is calling its `__call__`: `chord(header)(callback)`,
        or `job()` where every binding of the local `job` that may reach the call is
        a call (`job = chain(...)`), give `celery.chord.__call__` and `celery.chain.__call__`.
        """
        if call.receiver is not None:
            receiver = self.value_type(call.receiver, at)
            return receiver.attribute(call.dotted) if receiver else None
        if not call.dotted:
            return None
        resolved = self.resolve(call.dotted, at)
        if resolved is not None and "." not in call.dotted and self._holds_made_object(call.dotted, at):
            return resolved.attribute("__call__")
        return resolved

    def _holds_made_object(self, name: str, at: CallStep | None) -> bool:
        """Whether a local of this function holds what a call returned, on every binding that may reach `at`."""
        if name not in self.locals:
            return False
        steps = self.reaching(name, at) if at is not None else self.locals[name]
        return bool(steps) and all(step.value.kind == "call" and not step.annotation for step in steps)


State = dict[str, tuple[AssignStep, ...]]


def reaching_assignments(body: tuple[Step, ...]) -> dict[int, State]:
    """For each call of a function (by id), the assignments of each local that may reach it.

    A forward pass over the steps: an assignment replaces what reached its
    name; branches join; what a loop body binds reaches its own next round
    and what follows the loop; an exception handler may follow any part of
    its `try`. Exits (`return`, `raise`, ...) are read as falling through,
    which only ever adds assignments: ambiguity, never a wrong certainty.

    Each block is passed at most twice, however deep loops nest: the state at
    a loop's head is what reaches the loop joined with what its body binds
    from nothing (`generated`, once per loop), since an assignment either
    replaces what reached its name or leaves it. The pass runs on a stack of
    its own (`unwind`).
    """
    seen: dict[int, State] = {}
    generated: dict[int, State] = {}  # by id of a loop body: what reaches its end from an empty state

    def join(*states: State) -> State:
        out: dict[str, tuple[AssignStep, ...]] = {}
        for state in states:
            for name, steps in state.items():
                out[name] = tuple(dict.fromkeys((*out.get(name, ()), *steps)))
        return out

    def run(steps: tuple[Step, ...], state: State, record: bool) -> Task[State]:
        for step in steps:
            if isinstance(step, CallStep):
                if record:
                    seen[id(step)] = join(seen[id(step)], state) if id(step) in seen else state
            elif isinstance(step, AssignStep):
                if "." not in step.target:
                    state = {**state, step.target: (step,)}
            elif isinstance(step, WithStep):
                state = yield run(step.body, state, record)
            elif isinstance(step, BranchStep):
                if not step.branches:
                    continue
                ends: list[State] = []
                chosen = state  # what reaches the next test and the branches after it
                for number, branch in enumerate(step.branches):
                    if 0 < number <= len(step.tests):
                        chosen = yield run(step.tests[number - 1], chosen, record)
                    ends.append((yield run(branch, chosen, record)))
                state = join(*ends)
            elif isinstance(step, LoopStep):
                if id(step.body) not in generated:
                    generated[id(step.body)] = yield run(step.body, {}, False)
                state = join(state, generated[id(step.body)])  # at the head, and after the last round
                if record:
                    yield run(step.body, state, True)
                state = yield run(step.orelse, state, record)
            elif isinstance(step, TryStep):
                tried = yield run(step.body, state, record)
                handled: list[State] = []
                for handler in step.handlers:
                    handled.append((yield run(handler, join(state, tried), record)))
                otherwise = yield run(step.orelse, tried, record)
                state = yield run(step.final, join(otherwise, *handled), record)
        return state

    unwind(run(body, {}, True))
    return seen
