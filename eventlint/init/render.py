"""A proposal as configuration text: `eventlint.toml`, or a `[tool.eventlint]` table for pyproject.toml.

Every value carries its evidence as a trailing comment; what the code does
not decide (an event base named as both kinds, a call whose role is unclear)
is written as a commented-out line with the reason, so the file loads as it
is and the user decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventlint.config import keys
from eventlint.init.proposal import Entry, Proposal

HEADER = (
    "# Proposed by `eventlint init` from the code of this project: each value says what in the\n"
    "# code it rests on. Review it (the contexts above all), then run `eventlint check`.\n"
)
NOTHING_FOUND = (
    "# Nothing event-like was found: no class derives from a base named like an event\n"
    "# (DomainEvent, IntegrationEvent, *Event) and none is named *DomainEvent or *IntegrationEvent,\n"
    "# so there are no event bases or contexts to propose yet.\n"
)


def render(proposal: Proposal, pyproject: bool = False) -> str:
    """The configuration text of a proposal."""
    prefix = "tool.eventlint." if pyproject else ""
    lines = [HEADER]
    if proposal.separate and not proposal.found_events:
        lines.append("# This configuration covers the code beside the services below, which have their own.\n")
    elif not proposal.found_events:
        lines.append(NOTHING_FOUND)
    if pyproject:
        lines.append("[tool.eventlint]\n")
    if proposal.separate:
        lines.append(
            "# These services name their modules alike, and one configuration reads one file per module name:\n"
            "# `eventlint init --write` also writes an eventlint.toml in each, which its files are judged by.\n"
        )
        lines.extend(f"#   {_comment(entry.value)}/eventlint.toml: {_comment(entry.evidence)}\n" for entry in proposal.separate)
    lines.append(_array(keys.SRC.leaf, proposal.src))
    if proposal.exclude:
        lines.append(_array(keys.EXCLUDE.leaf, proposal.exclude))
    if proposal.found_events:
        lines.extend(_events(proposal, prefix))
        if proposal.kept_maps:
            lines.append("\n# The maps this project keeps of its contexts, and what was taken from each:\n")
            lines.extend(f"#   {_comment(entry.value)}: {_comment(entry.evidence)}\n" for entry in proposal.kept_maps)
        for context in proposal.contexts:
            modules = ", ".join(_string(module) for module in context.modules)
            lines.append(f"\n[{prefix}contexts.{context.name}]\nmodules = [{modules}]  # {_comment(context.evidence)}\n")
        if proposal.left_out:
            lines.append("\n# Not proposed as contexts:\n")
            lines.extend(f"#   {_string(entry.value)}  # {_comment(entry.evidence)}\n" for entry in proposal.left_out)
        lines.extend(_context_map(proposal, prefix))
        lines.extend(_dispatch(proposal, prefix))
    return "".join(lines)


def _events(proposal: Proposal, prefix: str) -> list[str]:
    bases = proposal.bases
    if not bases.found:
        return []
    lines = [f"\n[{prefix}events]\n"]
    if bases.domain:
        lines.append(_array(keys.DOMAIN_BASES.leaf, bases.domain))
    if bases.integration:
        lines.append(_array(keys.INTEGRATION_BASES.leaf, bases.integration))
    if bases.undecided:
        lines.append("# Undecided: add each under domain-bases or integration-bases, as the comment says.\n")
        lines.extend(f"#   {_string(entry.value)},  # {_comment(entry.evidence)}\n" for entry in bases.undecided)
    return lines


def _context_map(proposal: Proposal, prefix: str) -> list[str]:
    if not (proposal.published_language or proposal.relationships or proposal.shared_kernels):
        return []
    lines = [f"\n[{prefix}context-map]\n"]
    if proposal.published_language:
        lines.append(_array(keys.PUBLISHED_LANGUAGE.leaf, proposal.published_language))
    if proposal.relationships:
        lines.append(
            "# The flows between contexts, upstream -> downstream, each with what shows it. Confirm them and\n"
            "# uncomment: then an integration event consumed with no declared relationship is reported (EVL401).\n"
        )
        lines.append(f"# {keys.RELATIONSHIPS.leaf} = [\n")
        lines.extend(f"#     {_string(entry.value)},  # {_comment(entry.evidence)}\n" for entry in proposal.relationships)
        lines.append("# ]\n")
    if proposal.shared_kernels:
        lines.append("# The contexts the project's own map says share a kernel. Confirm them and uncomment.\n")
        lines.append(f"# {keys.SHARED_KERNELS.leaf} = [\n")
        for entry in proposal.shared_kernels:
            pair = ", ".join(_string(name) for name in entry.value.split(", "))
            lines.append(f"#     [{pair}],  # {_comment(entry.evidence)}\n")
        lines.append("# ]\n")
    return lines


def _dispatch(proposal: Proposal, prefix: str) -> list[str]:
    dispatch = proposal.dispatch
    if not (dispatch.by_role or dispatch.undecided):
        return []
    lines = [f"\n[{prefix}dispatch]  # the project's own calls; the built-in presets cover the libraries\n"]
    lines.extend(_array(role.key, entries) for role, entries in dispatch.by_role)
    if dispatch.undecided:
        lines.append("# Seen in the code, role not told by it:\n")
        lines.extend(f"#   {_string(entry.value)},  # {_comment(entry.evidence)}\n" for entry in dispatch.undecided)
    return lines


def _array(key: str, entries: Sequence[Entry]) -> str:
    """`key = [` one value a line, each with its evidence (and, below it, any doubt) `]`."""
    items = "".join(f"    {_string(entry.value)},  # {_comment(entry.evidence)}\n{_doubt(entry)}" for entry in entries)
    return f"{key} = [\n{items}]\n"


def _doubt(entry: Entry) -> str:
    return f"    #   but: {_comment(entry.doubt)}\n" if entry.doubt else ""


def _comment(text: str) -> str:
    """Text kept on one comment line, whatever it holds (TOML allows no control character in a comment)."""
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def _string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and what cannot be printed escaped, so it stays on its line."""
    return '"' + "".join(_escaped(char) for char in value) + '"'


def _escaped(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    if char.isprintable():
        return char
    return "\\uFFFD" if 0xD800 <= ord(char) <= 0xDFFF else f"\\U{ord(char):08X}"  # a lone surrogate is no TOML text
