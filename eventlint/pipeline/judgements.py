"""What the rules judged, module by module, and what each module's findings depend on.

An edit re-judges only the modules whose findings it can change
(`eventlint.checks.judging`); every other module keeps the findings stored
here. Per module of the project the rules judge, a `ModuleJudgement` holds:

* `depends`: the files its findings were read from, each with the key of the
  bytes it had: the module itself and every module its names can lead to
  (its imports, followed through the modules they name, with their packages);
* what it brings to the project-wide views the rules share: the events it
  handles, publishes and imports, and the functions of it that open a
  transaction;
* its findings, and the files they point into (`referenced`) with their keys.

`Judgements` adds what every module's findings depend on alike: a digest of
the inputs (engine, configuration, file list, names leading to events, the
event catalogue) and one of the project-wide views. All of it is plain data,
kept in memory by a long-running process and in the cache's manifest.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from dataclasses import dataclass, field

from eventlint.model import Diagnostic, EventKind, RelatedLocation, Role, Span

Keyed = tuple[tuple[str, str], ...]  # (path as shown, key of its bytes), sorted


@dataclass(frozen=True)
class HandlingRecord:
    """An event handled in a module: a subscription, a subscriber decorator, a typed handler or a mapping."""

    event: str
    kind: EventKind
    module: str  # where it is found (for a mapping: the handler's module)
    span: Span
    how: str
    handler: tuple[str, str, Span] | None  # the handler function: key, module, span (None: made by a call)


@dataclass(frozen=True)
class PublicationRecord:
    """An event class passed to a broker, an outbox or an in-process bus in a module."""

    event: str
    span: Span
    transport: Role


@dataclass(frozen=True)
class ModuleJudgement:
    """One module's findings, what they depend on, and what the module brings to the project-wide views."""

    depends: Keyed
    handlings: tuple[HandlingRecord, ...]
    publications: tuple[PublicationRecord, ...]
    imported: tuple[tuple[str | None, Span], ...]  # the event classes it imports (None: a name that is none)
    openers: tuple[str, ...]  # its functions that open a transaction themselves
    publishers: tuple[str, ...]  # its functions whose own body publishes an integration event (and does not commit)
    findings: tuple[Diagnostic, ...]
    referenced: Keyed  # the other files its findings point into
    shape: str = ""  # the digest of what it brings to the project-wide views, positions left out

    def sound(self) -> bool:
        """Whether what was read back holds what its fields say."""
        return (
            _keyed(self.depends)
            and _keyed(self.referenced)
            and _all(self.handlings, HandlingRecord)
            and _all(self.publications, PublicationRecord)
            and isinstance(self.imported, tuple)
            and _all(self.openers, str)
            and _all(self.publishers, str)
            and _all(self.findings, Diagnostic)
            and isinstance(self.shape, str)
        )


@dataclass(frozen=True)
class Judgements:
    """The judgement of every module, under one digest of the inputs and one of the project-wide views."""

    inputs: str = ""
    views: str = ""
    modules: dict[str, ModuleJudgement] = field(default_factory=dict)

    def sound(self) -> bool:
        """Whether what was read back holds what its fields say, module by module."""
        return (
            isinstance(self.inputs, str)
            and isinstance(self.views, str)
            and isinstance(self.modules, dict)
            and all(
                isinstance(name, str) and isinstance(one, ModuleJudgement) and one.sound() for name, one in self.modules.items()
            )
        )


def _all(values: object, kind: type) -> bool:
    return isinstance(values, tuple) and all(isinstance(value, kind) for value in values)


def _keyed(values: object) -> bool:
    return isinstance(values, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(part, str) for part in pair) for pair in values
    )


def shape_digest(*values: object) -> str:
    """A digest of plain data without its positions: what stays when lines move but nothing else changes.

    Where a finding points (its positions in other files) is compared apart,
    through each judgement's `referenced` files.
    """
    return hashlib.blake2b(repr(tuple(map(_shape, values))).encode("utf-8"), digest_size=16).hexdigest()


def _shape(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, enum.Enum)):
        return value
    if isinstance(value, Span):
        return None
    if isinstance(value, RelatedLocation):
        return (value.path, value.message)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_shape(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(map(_shape, value))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(map(repr, map(_shape, value))))
    if isinstance(value, dict):
        return tuple(sorted((repr(key), _shape(item)) for key, item in value.items()))
    return repr(value)
