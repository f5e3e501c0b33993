"""What a block of plain code is: a function adding one top-level block to a module, drawing on the topic it is given."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from monorepo_gen.module import Module
from monorepo_gen.vocabulary import GENERIC_NOUNS, QUALIFIERS


@dataclass
class Ctx:
    """What a plain block generator may use: the context's vocabulary and the module's topic."""

    service: str
    nouns: tuple[str, ...]
    topic: str
    counters: Counter[str]

    def noun(self, rng: random.Random) -> str:
        """A noun for a block: often the module's topic, else one of the context's or a generic one."""
        draw = rng.random()
        if draw < 0.35:
            head, _, rest = self.topic.partition("_")
            return rest if rest and head in QUALIFIERS else self.topic
        if draw < 0.8:
            return rng.choice(self.nouns)
        return rng.choice(GENERIC_NOUNS)


#: Adds one block (a class, a function, constants) and the imports it needs to the module.
Block = Callable[[Module, random.Random, Ctx], None]
