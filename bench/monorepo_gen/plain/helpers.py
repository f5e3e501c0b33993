"""Blocks of helper functions: counting, chunking, parsing, paging, slugs, dates, retries, grouping, money, validation, diffs, buckets and constants."""

from __future__ import annotations

import random

from monorepo_gen.module import Module
from monorepo_gen.plain.block import Ctx
from monorepo_gen.templates.helpers import (
    BUCKET,
    CHUNKED,
    COUNT_BY,
    DAYS,
    DIFF,
    GROUP_BY,
    MONEY_TOTAL,
    PAGINATE,
    PARSE_OPTIONS,
    RETRYING,
    SLUG,
    UNIQUE,
    VALIDATE,
    WEIGHTED_SCORE,
)
from monorepo_gen.text import lines_of, plural, words


def block_count_by(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A loop with conditionals that counts rows by a key."""
    noun = ctx.noun(rng)
    key = rng.choice(["status", "region", "kind", "owner", "channel", "source"])
    name = m.export(m.unique(f"count_{plural(noun)}_by_{key}"))
    m.frm("collections.abc", "Iterable", "Mapping")
    m.add(
        lines_of(
            COUNT_BY,
            name=name,
            what=words(noun),
            key=key,
            limit=rng.choice([100, 500, 1000, 10_000]),
            fallback=rng.choice(["unknown", "other", "none"]),
        )
    )


def block_chunked(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A generator function splitting a sequence into chunks."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"chunked_{plural(noun)}"))
    m.frm("collections.abc", "Iterator", "Sequence")
    m.frm("typing", "TypeVar")
    m.declare("_T", '_T = TypeVar("_T")')
    m.add(lines_of(CHUNKED, name=name, size=rng.choice([10, 25, 50, 100, 250]), what=words(noun)))


def block_parse_pairs(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A small parser with partition, continue and raise."""
    noun = ctx.noun(rng)
    sep = rng.choice([";", ",", "|"])
    name = m.export(m.unique(f"parse_{noun}_options"))
    m.add(lines_of(PARSE_OPTIONS, name=name, sep=sep, what=words(noun)))


def block_weighted(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Arithmetic over two mappings."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"weighted_{noun}_score"))
    m.frm("collections.abc", "Mapping")
    m.add(lines_of(WEIGHTED_SCORE, name=name, default=rng.choice(["0.0", "1.0", "0.5"]), places=rng.randint(2, 4)))


def block_dedupe(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Order-preserving de-duplication with a key function."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"unique_{plural(noun)}"))
    m.frm("collections.abc", "Callable", "Hashable", "Iterable")
    m.frm("typing", "TypeVar")
    m.declare("_T", '_T = TypeVar("_T")')
    m.add(lines_of(UNIQUE, name=name, what=words(noun)))


def block_paginate(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Bounds checks and slicing."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"paginate_{plural(noun)}"))
    m.frm("collections.abc", "Sequence")
    m.frm("typing", "TypeVar")
    m.declare("_T", '_T = TypeVar("_T")')
    m.add(lines_of(PAGINATE, name=name, what=words(noun), per=rng.choice([20, 25, 50]), cap=rng.choice([100, 200, 500])))


def block_slugify(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Regular expressions and string methods."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_slug"))
    pattern = m.unique(f"_{noun.upper()}_NON_WORD")
    m.imp("re")
    m.imp("unicodedata")
    m.add([f'{pattern} = re.compile(r"[^a-z0-9]+")'])
    m.add(
        lines_of(
            SLUG,
            name=name,
            what=words(noun),
            pattern=pattern,
            max=rng.choice([40, 60, 80]),
            fallback=rng.choice(["untitled", "item", noun.replace("_", "-")]),
        )
    )


def block_date_range(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A date iterator with timedelta arithmetic."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_days"))
    m.frm("collections.abc", "Iterator")
    m.frm("datetime", "date", "timedelta")
    m.add(lines_of(DAYS, name=name, what=words(noun), skip=rng.choice(["True", "False"])))


def block_retry(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A decorator with functools.wraps and a loop with try/except."""
    name = m.export(m.unique("retrying" if rng.random() < 0.5 else "with_retries"))
    m.imp("functools")
    m.imp("logging")
    m.imp("time")
    m.frm("collections.abc", "Callable")
    m.frm("typing", "ParamSpec", "TypeVar")
    m.declare("_logger", "_logger = logging.getLogger(__name__)")
    m.declare("_P", '_P = ParamSpec("_P")')
    m.declare("_R", '_R = TypeVar("_R")')
    m.add(lines_of(RETRYING, name=name, attempts=rng.choice([3, 4, 5]), delay=rng.choice(["0.1", "0.25", "0.5", "1.0"])))


def block_group_by(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Comprehensions and a defaultdict."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"group_{plural(noun)}"))
    m.frm("collections", "defaultdict")
    m.frm("collections.abc", "Iterable", "Mapping")
    field_name = rng.choice(["owner", "region", "status", "kind"])
    m.add(lines_of(GROUP_BY, name=name, what=words(noun), field=field_name))


def block_money_total(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Decimal arithmetic with quantize."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_total"))
    m.frm("decimal", "Decimal", "ROUND_HALF_EVEN")
    m.frm("collections.abc", "Iterable")
    m.add(lines_of(MONEY_TOTAL, name=name, what=words(noun), fee=rng.choice(["0", "0.015", "0.029", "0.05"])))


def block_validate(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A validator collecting error messages."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"validate_{noun}"))
    m.frm("collections.abc", "Mapping")
    required = rng.sample(["id", "name", "owner", "region", "currency", "status", "email"], rng.randint(2, 4))
    m.add(
        lines_of(
            VALIDATE,
            name=name,
            what=words(noun),
            required=", ".join(f'"{r}"' for r in required),
            max=rng.choice([99, 999, 10_000]),
        )
    )


def block_diff(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Set operations on mapping keys."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"diff_{plural(noun)}"))
    m.frm("collections.abc", "Mapping")
    m.add(lines_of(DIFF, name=name, what=words(noun)))


def block_bucket(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """bisect over a sorted tuple of thresholds."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_bucket"))
    const = m.unique(f"_{noun.upper()}_BOUNDS")
    bounds = sorted(rng.sample(range(1, 500), rng.randint(3, 6)))
    labels = [
        f'"{label}"'
        for label in rng.sample(["tiny", "small", "medium", "large", "huge", "bulk", "extreme", "xl", "xxl"], len(bounds) + 1)
    ]
    m.imp("bisect")
    m.add([f"{const} = ({', '.join(str(b) for b in bounds)})", f"{const}_LABELS = ({', '.join(labels)})"])
    m.add(lines_of(BUCKET, name=name, what=words(noun), const=const))


def block_constants(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Module-level configuration constants."""
    noun = ctx.noun(rng)
    prefix = noun.upper()
    out = [
        f"#: Defaults of the {words(noun)} handling.",
        m.unique(f"{prefix}_PAGE_SIZE") + f" = {rng.choice([20, 50, 100])}",
        m.unique(f"{prefix}_TIMEOUT_SECONDS") + f" = {rng.choice(['2.5', '5.0', '10.0', '30.0'])}",
        m.unique(f"{prefix}_MAX_RETRIES") + f" = {rng.randint(1, 6)}",
    ]
    keys = rng.sample(["eu", "us", "uk", "ca", "au", "jp", "br", "in"], rng.randint(3, 5))
    out.append(m.unique(f"{prefix}_REGIONS") + f": tuple[str, ...] = ({', '.join(repr(k) for k in keys)})".replace("'", '"'))
    m.add(out)
