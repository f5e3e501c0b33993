"""Does an event name say that something already happened?"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Irregular past tenses and past participles a business event is likely to use.
IRREGULAR_PAST = frozenset(
    """
    arisen arose awoke awoken beaten became become began begun bent bet bid bitten bled blown bore borne
    bought bound bred broadcast broke broken brought built burnt burst cast caught chose chosen clung came
    cost crept cut dealt did done drawn drew dreamt driven drove drunk dug dwelt eaten fallen fed felt
    fled flew flown forbade forbidden forecast forgave forgiven forgot forgotten forsaken fought found froze
    frozen gave given gone got gotten grew ground grown had heard held hid hidden hit hung hurt kept knelt
    knew known laid lain leapt learnt led left lent let lit lost made meant met mislaid misled mistaken
    overcame overdone overdrawn overheard overpaid overridden overrode overran overrun overseen oversold
    overtaken overthrown overwritten paid prepaid put quit ran rang read rebuilt redone refunded remade
    repaid reread reran rerun resent reset resold retaken retold rewritten rewound ridden risen rode rose
    rung said sat saw seen sent set sewn shaken shed shone shook shot shown shrank shrunk shut slain slept
    slid slit sold sought sown spat sped spent spilt split spoilt spoke spoken spread sprung stood stole
    stolen struck stuck stung stunk strewn stridden strode strove struck sung sunk swept swollen swore
    sworn swum swung taken taught thought threw thrown told took tore torn trod trodden underpaid undergone
    understood undertaken undertook underwent undid undone unbound unbuilt unlit unmade unpaid unsold
    upheld upset wed went wept withdrawn withdrew withheld withstood woke woken won wore worn wound
    written wrote wrung
    """.split()
)

# Words ending in "ed" that are not past tenses.
_NOT_PAST = frozenset(
    "bed bleed breed creed deed embed feed greed heed hundred need proceed red reed seed shred speed steed "
    "succeed exceed weed sled sacred naked wicked".split()
)


# Verbs whose past form is their base form: past only after the thing they
# happened to (`PriceSet`), a command when they lead (`SetPrice`).
_SAME_AS_BASE = frozenset(
    "bet bid broadcast burst cast cost cut forecast hit hurt let put quit read rerun reset set shed shut split spread upset".split()
)


# The past of "to be": `HighestBidderWasOutbid`, `OrdersWereMerged`.
_PAST_AUXILIARIES = frozenset({"was", "were", "been"})
# Prefixes that keep an irregular past irregular: outbid, oversold, rebuilt, undone.
_PREFIXES = ("out", "over", "under", "re", "mis", "up", "with", "fore", "un")


def words(name: str) -> list[str]:
    """The CamelCase words of a class name (`SMSSent` gives SMS, Sent)."""
    return _WORD.findall(name)


def is_past(word: str, extra: Iterable[str] = (), leading: bool = False) -> bool:
    """Whether one word is a past tense or past participle (`leading`: first in the name)."""
    lower = word.lower()
    if lower in {w.lower() for w in extra}:
        return True
    if lower in _SAME_AS_BASE:
        return not leading
    if lower in IRREGULAR_PAST or lower in _PAST_AUXILIARIES:
        return True
    for prefix in _PREFIXES:
        rest = lower[len(prefix) :]
        if lower.startswith(prefix) and len(rest) > 2 and (rest in IRREGULAR_PAST or rest in _SAME_AS_BASE):
            return not leading or rest not in _SAME_AS_BASE
    return len(lower) > 3 and lower.endswith("ed") and lower not in _NOT_PAST


def stem(name: str) -> str:
    """The name without its event suffix: what the event says happened."""
    for suffix in ("IntegrationEvent", "DomainEvent", "Event"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def names_past_event(name: str, extra: Iterable[str] = ()) -> bool:
    """Whether some word of the name (minus its suffix) is in the past tense."""
    extra = tuple(extra)
    return any(is_past(word, extra, leading=index == 0) for index, word in enumerate(words(stem(name))))
