"""Blocks of test modules: tests on plain data, and tests that a service's modules import and document their public names."""

from __future__ import annotations

import random
from collections.abc import Sequence

from monorepo_gen.module import Module
from monorepo_gen.plain.block import Ctx
from monorepo_gen.templates.tests import IMPORT_CHECK, TEST_BODIES
from monorepo_gen.text import camel, lines_of, snake, words
from monorepo_gen.vocabulary import QUALIFIERS


def block_test(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """One or a few test functions."""
    noun = ctx.noun(rng)
    index = rng.randrange(len(TEST_BODIES))
    template = TEST_BODIES[index]
    name = m.unique(noun + ("" if index % 2 else "_" + rng.choice(QUALIFIERS)))
    if "pytest" in template:
        m.imp("pytest")
    if "Decimal(" in template:
        m.frm("decimal", "Decimal")
    if "datetime." in template:
        m.frm("datetime", "datetime")
    count = rng.randint(4, 40)
    size = rng.randint(2, 9)
    keys = [rng.choice("abcdefgh") for _ in range(rng.randint(3, 8))]
    prices = [rng.randint(1, 99_999) for _ in range(3)]
    year = rng.randint(2015, 2030)
    iso = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    a = rng.choice([0.5, 1.5, 2.5, 3.5])
    b = rng.choice([4.5, 5.5, 6.5])
    labels = rng.sample(["  Mixed  Case ", "UPPER", "lower", "two  words", " padded "], 3)
    pairs = ", ".join(f'("{label}", "{" ".join(label.split()).lower()}")' for label in labels)
    m.add(
        lines_of(
            template,
            name=name,
            cls=camel(name),
            what=words(noun),
            values=", ".join(str(rng.randint(-50, 500)) for _ in range(rng.randint(3, 8))),
            bad=rng.choice(["12a", "x", "1.5.2", ""]),
            pairs=pairs,
            mod=rng.randint(2, 6),
            count=count,
            half=count // 2,
            a=a,
            ra=round(a),
            b=b,
            rb=round(b),
            keys=", ".join(f'"{key}"' for key in keys),
            distinct=len(set(keys)),
            ordered=", ".join(f'"{key}"' for key in dict.fromkeys(keys)),
            p1=f"{prices[0] / 100:.2f}",
            p2=f"{prices[1] / 100:.2f}",
            p3=f"{prices[2] / 100:.2f}",
            ptotal=f"{sum(prices) / 100:.2f}",
            iso=iso,
            year=year,
            size=size,
            nchunks=-(-count // size),
        )
    )


def block_import_check(m: Module, rng: random.Random, ctx: Ctx, targets: Sequence[tuple[str, str]]) -> None:
    """Tests that modules of the service import and document their public names."""
    for module, name in targets:
        m.frm(module, name)
        m.add(lines_of(IMPORT_CHECK, lower=m.unique(snake(name).lstrip("_")), name=name, module=module))
