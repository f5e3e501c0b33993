"""The facts of one module: plain, frozen, picklable data, free of libcst.

The small, numerous facts (names, values, calls, spans) are named tuples: a
warm run unpickles hundreds of thousands of them, and a tuple is rebuilt many
times faster than a data class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from eventlint.model import Span


class ImportFact(NamedTuple):
    """A name bound by an import: `name` locally, `target` its absolute dotted name."""

    name: str
    target: str
    span: Span
    module_level: bool
    star: bool = False
    module: str = ""  # the module an `import` statement names (`import a.b`, `import a.b as m`); "" for `from`


class FieldFact(NamedTuple):
    """A typed field of a class: class-level annotation or `__init__` parameter."""

    name: str
    annotation: tuple[str, ...]
    span: Span
    parameter: bool = False  # an `__init__` parameter, not (yet) an attribute


@dataclass(frozen=True)
class ClassFact:
    """A class definition with its base expressions as written (dotted names)."""

    name: str
    qualname: str
    bases: tuple[str, ...]
    opaque_bases: bool
    abstract: bool
    fields: tuple[FieldFact, ...]
    span: Span
    lines: tuple[int, int] = (0, 0)  # first (decorators included) and last line of the whole statement
    decorators: tuple[Value, ...] = ()  # as written (`@admin.register(Order)`)


class Reference(NamedTuple):
    """A dotted name used in code (not in an import), whose head a binding may resolve."""

    dotted: str
    span: Span


class Binding(NamedTuple):
    """A name the module binds at its top level, and what its statement mentions.

    `mentions_vocabulary` says whether the statement (the whole class or
    function, the import, the assignment) uses a word of the event vocabulary;
    `uses` holds the module-level names, and the attributes read from them, the
    statement uses. Together they tell which names of the project can lead to
    an event, a dispatch call or a commit, without resolving anything.
    """

    name: str
    mentions_vocabulary: bool
    uses: tuple[str, ...]
    alias: bool = False  # an import or `name = other.name`: it stands for what it uses


class SettingFact(NamedTuple):
    """A module-level assignment of a literal to an upper-case setting, or to a key inside one.

    `path` is the setting and the string keys down to the value
    (`DATABASES["default"]["ATOMIC_REQUESTS"] = True` and the same key in a
    `DATABASES = {...}` literal both give DATABASES, default, ATOMIC_REQUESTS);
    `value` is `True`, `False`, `None`, `{}` for a dict literal (whose keys
    follow as facts of their own), `=name` for another top-level name of the
    module (an alias), or `?` for anything else. In statement order:
    a later fact replaces what an earlier one set at or below its path.
    """

    path: tuple[str, ...]
    value: str
    span: Span


def is_settings_module(module: str) -> bool:
    """Whether a module is read as Django settings: a `settings.py` or a module of a `settings` package."""
    return "settings" in module.split(".")


@dataclass(frozen=True)
class ModuleFacts:
    """Everything the index and the rules need to know about one module."""

    module: str
    is_package: bool
    imports: tuple[ImportFact, ...]
    classes: tuple[ClassFact, ...]
    aliases: tuple[tuple[str, str], ...]
    all_names: tuple[str, ...] | None
    references: tuple[Reference, ...]
    noqa: tuple[tuple[int, tuple[str, ...] | None], ...]
    statements: tuple[tuple[int, int], ...]
    skip_file: bool
    functions: tuple[FunctionFact, ...] = ()
    instances: tuple[tuple[str, str], ...] = ()  # module-level `name = factory(...)`
    mappings: tuple[tuple[str, tuple[str, ...]], ...] = ()  # `{EventClass: [handler, ...]}`
    bindings: tuple[Binding, ...] = ()
    invalid_noqa: tuple[tuple[int, str], ...] = ()  # (line, why): directives that suppress nothing
    noqa_columns: tuple[tuple[int, str, int], ...] = ()  # (line, code, 1-based column) of each code a `# noqa:` lists
    settings: tuple[SettingFact, ...] = ()  # literal settings, of a settings module only (`is_settings_module`)


@dataclass(frozen=True)
class ParseFailure:
    """Why a file yielded no facts: unreadable, undecodable or unparsable."""

    message: str
    span: Span


# -- what functions do, in order -------------------------------------------------


class Value(NamedTuple):
    """An expression, as far as telling events, clients and callbacks apart needs.

    `kind` is one of:
    * ``name``: a dotted name (`event`, `self.producer`), in `dotted`;
    * ``call``: a call of `dotted` (`KafkaProducer`, `self.bus.publish`), with `args`;
      for a method of a value that has no dotted name (`X(...).to_json()`),
      `dotted` is the method and `receiver` the value;
    * ``seq``: a list, tuple or set literal, its elements in `args`;
    * ``function``: a lambda or nested function, its `FunctionFact` qualname in `dotted`;
    * ``text``: a short string literal, its value in `dotted` (`"replica"` of `atomic(using="replica")`);
    * ``other``: anything else.

    A call of what another call returns (`chord(header)(callback)`) is a call
    of `__call__` with that call as `receiver`.
    """

    kind: str
    dotted: str = ""
    args: tuple[Arg, ...] = ()
    receiver: Value | None = None


OTHER = Value("other")


class Arg(NamedTuple):
    """One argument of a call (`keyword` None when positional) or element of a literal."""

    keyword: str | None
    value: Value


class CallStep(NamedTuple):
    """A call, where it happens in the function's order of evaluation."""

    call: Value
    span: Span


class AssignStep(NamedTuple):
    """A local name (or `self.attr`) bound to a value, optionally annotated."""

    target: str
    value: Value
    annotation: tuple[str, ...] = ()


@dataclass(frozen=True)
class WithStep:
    """`with a, b:`: the context managers entered and the body run inside them."""

    items: tuple[Value, ...]
    body: tuple[Step, ...]
    yields: bool = False  # a `yield` of the function runs inside it: a context manager wrapping its own


@dataclass(frozen=True)
class BranchStep:
    """`if`/`elif`/`else` or `match`: exactly one branch runs (an empty one when none applies).

    A chain of `elif`s is one step, however long: `tests[i]` holds the calls of
    the `elif` test that chooses `branches[i + 1]`, which run only once
    `branches[i]` was not chosen. The `else` branch (or the empty one) follows
    the last test. Nesting the chain instead would make facts as deep as a
    generated dispatcher is long.
    """

    branches: tuple[tuple[Step, ...], ...]
    tests: tuple[tuple[Step, ...], ...] = ()


@dataclass(frozen=True)
class LoopStep:
    """`for` or `while`: the body runs zero or more times, then the `else` block."""

    body: tuple[Step, ...]
    orelse: tuple[Step, ...]


@dataclass(frozen=True)
class TryStep:
    """`try`: body, exception handlers, `else`, `finally`."""

    body: tuple[Step, ...]
    handlers: tuple[tuple[Step, ...], ...]
    orelse: tuple[Step, ...]
    final: tuple[Step, ...]


class ExitStep(NamedTuple):
    """`return`, `raise`, `break` or `continue`: the path goes no further here (`value`: what a `return` returns)."""

    kind: str
    value: Value | None = None


Step = CallStep | AssignStep | WithStep | BranchStep | LoopStep | TryStep | ExitStep


class ParamFact(NamedTuple):
    """A parameter with the dotted names in its annotation."""

    name: str
    annotation: tuple[str, ...]


@dataclass(frozen=True)
class FunctionFact:
    """A function, method, lambda or the module's own top-level code, as steps."""

    qualname: str
    name: str
    class_name: str | None
    params: tuple[ParamFact, ...]
    decorators: tuple[Value, ...]
    body: tuple[Step, ...]
    span: Span
    is_lambda: bool = False
    lines: tuple[int, int] = (0, 0)  # first (decorators included) and last line of the whole statement
