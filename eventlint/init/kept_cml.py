"""A Context Mapper (`.cml`) file read as a context map: its bounded contexts and their relationships.

`BoundedContext <Name>` declares a context. A `ContextMap { ... }` relates
them: `A [U,OHS]->[D,CF] B`, `A -> B`, `[U]A -> [D]B` (A upstream), `B <- A`
(A upstream), `A Customer-Supplier B` (B, the supplier, upstream), `A
Supplier-Customer B`, `A Upstream-Downstream B`, `A Downstream-Upstream B`;
the symmetric `A [SK]<->[SK] B`, `A <-> B` and `A Shared-Kernel B` share a
kernel, and `A [P]<->[P] B` and `A Partnership B` are partners, whose events
may flow either way. Comments, strings and the bodies of relationships and
contexts are skipped; the names stay the map's own, matched to the
project's packages by name afterwards.
"""

from __future__ import annotations

import re

from eventlint.init.kept_declared import Declared, Flow

_NOISE = re.compile(r'"|//|/\*')
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_CONTEXT = re.compile(r"\bBoundedContext\s+([A-Za-z_]\w*)")
_MAP = re.compile(r"\bContextMap\b[^{}]{0,500}\{")  # a map's name and spaces before its body
_ROLES = r"(?:\[\s*([A-Za-z]+(?:\s*,\s*[A-Za-z]+)*)\s*\])"
_NAME = r"([A-Za-z_]\w*)"
_ARROW = re.compile(rf"{_ROLES}?\s*\b{_NAME}\s*{_ROLES}?\s*(<->|->|<-)\s*{_ROLES}?\s*{_NAME}(?:\s*{_ROLES})?")
_KEYWORD = re.compile(
    rf"\b{_NAME}\s+(Customer-Supplier|Supplier-Customer|Upstream-Downstream|Downstream-Upstream|Shared-Kernel|Partnership)\s+{_NAME}"
)
_UPSTREAM_FIRST = frozenset({"Supplier-Customer", "Upstream-Downstream"})
_DOWNSTREAM_FIRST = frozenset({"Customer-Supplier", "Downstream-Upstream"})


def read_cml(text: str, file: str) -> Declared:
    """The bounded contexts and relationships of one `.cml` file, by their names in it."""
    text = _without_noise(text)
    declared = Declared(file, by_name=True)
    for match in _CONTEXT.finditer(text):
        declared.unit(match[1], f"{file}: BoundedContext {match[1]}")
    for body in _map_bodies(text):
        for match in _ARROW.finditer(body):
            first, second, arrow = match[2], match[6], match[4]
            roles = {role.strip().upper() for group in (1, 3, 5, 7) if match[group] for role in match[group].split(",")}
            shown = " ".join(match[0].split())
            if arrow == "<->":
                _symmetric(declared, first, second, "P" not in roles, f"{file}: {shown}")
            elif arrow == "->":
                declared.flows.append(Flow(first, second, f"{file}: {shown}"))
            else:
                declared.flows.append(Flow(second, first, f"{file}: {shown}"))
        for match in _KEYWORD.finditer(body):
            first, kind, second = match[1], match[2], match[3]
            shown = f"{file}: {first} {kind} {second}"
            if kind in _UPSTREAM_FIRST:
                declared.flows.append(Flow(first, second, shown))
            elif kind in _DOWNSTREAM_FIRST:
                declared.flows.append(Flow(second, first, shown))
            else:
                _symmetric(declared, first, second, kind == "Shared-Kernel", shown)
    for flow in declared.flows:  # a name only a relationship uses is a context of the map too
        for name in (flow.upstream, flow.downstream):
            declared.unit(name, f"{file}: {name} on the ContextMap")
    for kernel in declared.kernels:
        for name in (kernel.upstream, kernel.downstream):
            declared.unit(name, f"{file}: {name} on the ContextMap")
    return declared


def _symmetric(declared: Declared, first: str, second: str, kernel: bool, evidence: str) -> None:
    if kernel:
        declared.kernels.append(Flow(first, second, evidence))
    else:  # partners: events may flow either way
        declared.flows.append(Flow(first, second, evidence))
        declared.flows.append(Flow(second, first, evidence))


def _without_noise(text: str) -> str:
    """The text with comments gone and strings emptied, in one pass (a string left open ends at its line)."""
    kept: list[str] = []
    at = 0
    while (found := _NOISE.search(text, at)) is not None:
        kept.append(text[at : found.start()])
        if found[0] == "//":
            at = _end(text, "\n", found.end(), 0)
        elif found[0] == "/*":
            at = _end(text, "*/", found.end(), 2)
            kept.append(" ")
        else:
            string = _STRING.match(text, found.start())
            at = string.end() if string else _end(text, "\n", found.end(), 0)
            kept.append('""')
    kept.append(text[at:])
    return "".join(kept)


def _end(text: str, mark: str, start: int, length: int) -> int:
    """Where the text after the next `mark` starts (`length` past it), or the end of the text."""
    place = text.find(mark, start)
    return len(text) if place < 0 else place + length


def _map_bodies(text: str) -> list[str]:
    """The text of each `ContextMap { ... }` at its own level, nested blocks (relationship bodies) left out,
    and its blanks made single spaces (so no pattern ever scans a long run of them twice)."""
    bodies = []
    at = 0
    while (found := _MAP.search(text, at)) is not None:
        depth, kept, at = 1, [], len(text)
        for place in range(found.end(), len(text)):
            char = text[place]
            depth += (char == "{") - (char == "}")
            if depth == 0:
                at = place + 1
                break
            if depth == 1 and char != "}":
                kept.append(char)
            elif char == "{":
                kept.append("\n")  # what precedes the body ends a statement
        bodies.append(" ".join("".join(kept).split()))
    return bodies
