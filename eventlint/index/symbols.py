"""What name resolution reads: each module's bindings and definitions, and what is known outside the project."""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from eventlint.facts import ClassFact, FunctionFact, ImportFact, ModuleFacts

BUILTINS = frozenset(name for name in dir(builtins) if isinstance(getattr(builtins, name), type))

# Bases from outside the project whose whole hierarchy is known to hold no event base.
KNOWN_NON_EVENT_BASES = frozenset(
    {
        "abc.ABC",
        "typing.NamedTuple",
        "typing.TypedDict",
        "typing.Generic",
        "typing.Protocol",
        "typing_extensions.TypedDict",
        "typing_extensions.Protocol",
        "typing_extensions.NamedTuple",
        "enum.Enum",
        "enum.IntEnum",
        "enum.StrEnum",
        "pydantic.BaseModel",
        "pydantic.main.BaseModel",
    }
)

# How a name is bound: "class" and "function" (defined here), "alias" and
# "instance" (a module-level assignment), "import" (`from a import b`: the
# attribute `b` of the module `a`) and "module" (`import a.b as m`: the module).
Binding = tuple[str, str]


@dataclass(frozen=True)
class Tables:
    """What one module binds and defines, looked up by name."""

    exports: dict[str, Binding]
    scoped: dict[str, Binding]  # imports inside functions
    stars: tuple[str, ...]
    classes: dict[str, ClassFact]
    functions: dict[str, FunctionFact]
    methods: dict[str, list[FunctionFact]]  # by the qualname of their class
    loaded: dict[str, bool]  # submodules `import a.b.c` names (a.b, a.b.c): at module level or not


def _import(fact: ImportFact) -> Binding:
    return ("module", fact.target) if fact.module else ("import", fact.target)


def _loaded(imports: tuple[ImportFact, ...]) -> dict[str, bool]:
    """The dotted submodules each plain `import a.b.c` names, whether at module level."""
    loaded: dict[str, bool] = {}
    for fact in imports:
        if fact.module and fact.name == fact.target:
            parts = fact.module.split(".")
            for cut in range(2, len(parts) + 1):
                dotted = ".".join(parts[:cut])
                loaded[dotted] = loaded.get(dotted, False) or fact.module_level
    return loaded


def build_tables(module: str, facts: ModuleFacts) -> Tables:
    """The tables of one module from its facts."""
    exports: dict[str, Binding] = {}
    for name, callee in facts.instances:
        exports[name] = ("instance", callee)
    for name, dotted in facts.aliases:
        exports[name] = ("alias", dotted)
    for fact in facts.imports:
        if fact.module_level and not fact.star:
            exports[fact.name] = _import(fact)
    functions: dict[str, FunctionFact] = {}
    methods: dict[str, list[FunctionFact]] = {}
    for function in facts.functions:
        if "." not in function.qualname and not function.qualname.startswith("<"):
            exports[function.name] = ("function", f"{module}.{function.name}")
        functions.setdefault(function.qualname, function)
        if function.class_name is not None:
            methods.setdefault(function.class_name, []).append(function)
    classes: dict[str, ClassFact] = {}
    for cls in facts.classes:
        classes.setdefault(cls.qualname, cls)
        if "." not in cls.qualname:
            exports[cls.name] = ("class", f"{module}.{cls.name}")
    # Imports inside functions bind names only there; we read them as
    # module-wide, which is right for every name that is not shadowed.
    scoped = {fact.name: _import(fact) for fact in facts.imports if not fact.star and not fact.module_level}
    stars = tuple(fact.target for fact in facts.imports if fact.star)
    return Tables(exports, scoped, stars, classes, functions, methods, _loaded(facts.imports))


EMPTY = Tables({}, {}, (), {}, {}, {}, {})
