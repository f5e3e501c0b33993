"""Blocks built field by field from the field pool: value objects, row mappers and API schemas."""

from __future__ import annotations

import random
from collections.abc import Sequence

from monorepo_gen.module import Module
from monorepo_gen.plain.block import Ctx
from monorepo_gen.templates.values import HAS_TAG, IS_DUE, NORMALIZED_TEXT, ROUNDED_MONEY, VALUE_OBJECT_DOCS, WITH_COUNT
from monorepo_gen.text import camel, indented, lines_of, plural, words
from monorepo_gen.vocabulary import FIELD_IMPORTS, FIELD_POOL, QUALIFIERS, VO_SUFFIXES


def _fields(rng: random.Random, low: int, high: int) -> list[tuple[str, str, str]]:
    return rng.sample(FIELD_POOL, rng.randint(low, high))


def _need_field_imports(m: Module, fields: Sequence[tuple[str, str, str]]) -> None:
    for _, _, kind in fields:
        if kind in FIELD_IMPORTS:
            module, name = FIELD_IMPORTS[kind]
            m.frm(module, name)


def _to_json(name: str, kind: str) -> str:
    if kind in ("money", "id"):
        return f"str(self.{name})"
    if kind == "time":
        return f"self.{name}.isoformat()"
    if kind == "tags":
        return f"list(self.{name})"
    return f"self.{name}"


def _from_json(name: str, kind: str) -> str:
    raw = f'data["{name}"]'
    if kind in ("str", "currency"):
        return f"str({raw})"
    if kind == "count":
        return f"int(str({raw}))"
    if kind == "money":
        return f"Decimal(str({raw}))"
    if kind == "ratio":
        return f"float(str({raw}))"
    if kind == "flag":
        return f'str({raw}).lower() in ("1", "true", "yes")'
    if kind == "time":
        return f"datetime.fromisoformat(str({raw}))"
    if kind == "id":
        return f"UUID(str({raw}))"
    return f'tuple(part for part in str({raw}).split(",") if part)'


def _validation(name: str, kind: str) -> list[str]:
    if kind == "str":
        return [f"if not self.{name}.strip():", f'    raise ValueError("{name} must not be blank")']
    if kind == "currency":
        return [
            f"if len(self.{name}) != 3 or not self.{name}.isalpha():",
            f'    raise ValueError(f"invalid currency code {{self.{name}!r}}")',
        ]
    if kind in ("count", "money"):
        return [f"if self.{name} < 0:", f'    raise ValueError(f"{name} must not be negative, got {{self.{name}}}")']
    if kind == "ratio":
        return [
            f"if not 0.0 <= self.{name} <= 1.0:",
            f'    raise ValueError(f"{name} must lie between 0 and 1, got {{self.{name}}}")',
        ]
    if kind == "tags":
        return [
            f"if any(not tag.strip() for tag in self.{name}):",
            f'    raise ValueError("{name} must not contain blank entries")',
        ]
    return []


def block_value_object(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A frozen dataclass with validation and a few helpers."""
    noun = ctx.noun(rng)
    prefix = camel(rng.choice(QUALIFIERS)) if rng.random() < 0.4 else ""
    name = m.export(m.unique(prefix + camel(noun) + rng.choice(VO_SUFFIXES)))
    fields = sorted(_fields(rng, 2, 5), key=lambda f: f[2] in ("tags", "flag"))
    m.frm("dataclasses", "dataclass")
    _need_field_imports(m, fields)
    out = [
        "@dataclass(frozen=True)",
        f"class {name}:",
        f'    """{rng.choice(VALUE_OBJECT_DOCS).format(noun=words(noun), svc=ctx.service)}"""',
        "",
    ]
    for fname, annotation, kind in fields:
        default = ""
        if kind == "tags":
            default = " = ()"
        elif kind == "flag":
            default = f" = {rng.choice(['True', 'False'])}"
        out.append(f"    {fname}: {annotation}{default}")
    checks = [line for fname, _, kind in fields for line in _validation(fname, kind)]
    if checks:
        out += ["", "    def __post_init__(self) -> None:"] + [f"        {line}" for line in checks]
    methods: list[list[str]] = []
    for fname, _annotation, kind in fields:
        if kind == "count" and rng.random() < 0.6:
            m.frm("dataclasses", "replace")
            methods.append(lines_of(WITH_COUNT, f=fname, cls=name))
        elif kind == "str" and rng.random() < 0.6:
            methods.append(lines_of(NORMALIZED_TEXT, f=fname))
        elif kind == "money" and rng.random() < 0.7:
            m.frm("decimal", "ROUND_HALF_UP")
            methods.append(lines_of(ROUNDED_MONEY, f=fname))
        elif kind == "tags":
            methods.append(lines_of(HAS_TAG, f=fname))
        elif kind == "time" and rng.random() < 0.6:
            m.frm("datetime", "timedelta")
            methods.append(lines_of(IS_DUE, f=fname, g=rng.choice([5, 10, 15, 30, 60])))
    if rng.random() < 0.7:
        pairs = ", ".join(f'"{fname}": {_to_json(fname, kind)}' for fname, _, kind in fields)
        as_dict = [
            "def as_dict(self) -> dict[str, object]:",
            '    """A JSON-friendly representation."""',
            f"    return {{{pairs}}}",
        ]
        if len(as_dict[-1]) > 92:
            as_dict = (
                as_dict[:2]
                + ["    return {"]
                + [f'        "{fname}": {_to_json(fname, kind)},' for fname, _, kind in fields]
                + ["    }"]
            )
        methods.append(as_dict)
    if rng.random() < 0.5:
        m.frm("collections.abc", "Mapping")
        body = [f"            {fname}={_from_json(fname, kind)}," for fname, _, kind in fields]
        methods.append(
            [
                "@classmethod",
                f"def from_dict(cls, data: Mapping[str, object]) -> {name}:",
                '    """Build the value from its JSON representation."""',
                "    return cls(",
            ]
            + [line[4:] for line in body]
            + ["    )"]
        )
    for method in methods:
        out.append("")
        out.extend(indented(method))
    m.add(out)


def block_mapper(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A row mapper between a dataclass and a database row."""
    noun = ctx.noun(rng)
    row = m.export(m.unique(camel(noun) + "Row"))
    mapper = m.export(m.unique(camel(noun) + "RowMapper"))
    fields = _fields(rng, 2, 5)
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Mapping")
    _need_field_imports(m, fields)
    out = [
        "@dataclass(frozen=True)",
        f"class {row}:",
        f'    """A {words(noun)} as stored in the ``{plural(noun)}`` table."""',
        "",
        "    id: int",
    ]
    out += [f"    {fname}: {annotation}" for fname, annotation, _ in fields]
    out += [
        "",
        "",
        f"class {mapper}:",
        f'    """Converts between :class:`{row}` and database rows."""',
        "",
        f'    table = "{plural(noun)}"',
        f"    columns = ({', '.join(repr(c) for c in ['id'] + [f[0] for f in fields])},)".replace("'", '"'),
        "",
        f"    def to_row(self, value: {row}) -> dict[str, object]:",
        '        """The column values of ``value``."""',
        "        return {",
        '            "id": value.id,',
    ]
    for fname, _, kind in fields:
        out.append(f'            "{fname}": ' + _to_json(fname, kind).replace("self.", "value.") + ",")
    out += [
        "        }",
        "",
        f"    def from_row(self, data: Mapping[str, object]) -> {row}:",
        '        """The value stored in a row; raise ``KeyError`` if a column is missing."""',
        "        missing = [column for column in self.columns if column not in data]",
        "        if missing:",
        '            raise KeyError(f"missing columns: {missing}")',
        f"        return {row}(",
        '            id=int(str(data["id"])),',
    ]
    out += [f"            {fname}={_from_json(fname, kind)}," for fname, _, kind in fields]
    out += ["        )"]
    m.add(out)


def block_schema(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A request schema with validation and a response schema."""
    noun = ctx.noun(rng)
    request = m.export(m.unique(camel(noun) + rng.choice(["Request", "Input", "Payload"])))
    response = m.export(m.unique(camel(noun) + rng.choice(["Response", "View", "Output"])))
    fields = _fields(rng, 2, 4)
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Mapping")
    _need_field_imports(m, fields)
    out = ["@dataclass(frozen=True)", f"class {request}:", f'    """The body of a request about a {words(noun)}."""', ""]
    out += [f"    {fname}: {annotation}" for fname, annotation, _ in fields]
    out += [
        "",
        "    @classmethod",
        f"    def from_json(cls, data: Mapping[str, object]) -> {request}:",
        '        """Parse the JSON body; raise ``ValueError`` naming the missing fields."""',
        f"        missing = sorted({{{', '.join(repr(f[0]) for f in fields)}}} - data.keys())".replace("'", '"'),
        "        if missing:",
        '            raise ValueError(f"missing fields: {missing}")',
        "        return cls(",
    ]
    out += [f"            {fname}={_from_json(fname, kind)}," for fname, _, kind in fields]
    out += [
        "        )",
        "",
        "",
        "@dataclass(frozen=True)",
        f"class {response}:",
        f'    """What the API answers about a {words(noun)}."""',
        "",
        "    id: str",
    ]
    out += [f"    {fname}: {annotation}" for fname, annotation, _ in fields]
    out += [
        "    links: tuple[str, ...] = ()",
        "",
        "    def to_json(self) -> dict[str, object]:",
        '        """The JSON body."""',
        '        body: dict[str, object] = {"id": self.id}',
    ]
    for fname, _, kind in fields:
        out.append(f'        body["{fname}"] = {_to_json(fname, kind)}')
    out += ["        if self.links:", '            body["links"] = list(self.links)', "        return body"]
    m.add(out)
