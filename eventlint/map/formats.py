"""The context map written out: JSON, a Mermaid flowchart, a Graphviz digraph.

Every format is one function of the same signature, `(map) -> text`, and
its output is deterministic: contexts by name, flows by publisher, consumer
and event. In the diagrams, one edge joins a publisher to a consumer,
labelled with the events that flow along it; an edge carrying a finding is
drawn dashed and red, its events followed by the codes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import groupby

from eventlint.map.view import ContextMapView, EventRef, Flow


def to_json(view: ContextMapView) -> str:
    """`{"contexts": [...], "flows": [...]}`, sorted."""

    def events(refs: tuple[EventRef, ...]) -> list[dict[str, str]]:
        return [{"event": ref.event, "kind": ref.kind.value} for ref in refs]

    document = {
        "contexts": [
            {
                "name": context.name,
                "defines": events(context.defines),
                "publishes": events(context.publishes),
                "consumes": events(context.consumes),
            }
            for context in view.contexts
        ],
        "flows": [
            {
                "event": flow.event.event,
                "kind": flow.event.kind.value,
                "from": flow.source,
                "to": flow.target,
                "violations": list(flow.violations),
                "declared": flow.declared,
            }
            for flow in view.flows
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _edges(view: ContextMapView) -> list[tuple[str, str, list[Flow]]]:
    """The flows grouped by (publisher, consumer): one edge each, its events by name."""
    grouped = groupby(view.flows, lambda flow: (flow.source, flow.target))
    return [(source, target, sorted(flows, key=lambda flow: flow.event.name)) for (source, target), flows in grouped]


def _event_label(flow: Flow) -> str:
    codes = f" ({', '.join(flow.violations)})" if flow.violations else ""
    return f"{flow.event.name}{codes}"


def to_mermaid(view: ContextMapView) -> str:
    """A `flowchart LR` that GitHub renders: one node per context, one edge per publisher and consumer."""
    ids = _node_ids([context.name for context in view.contexts])
    lines = ["flowchart LR"]
    lines.extend(f'    {ids[context.name]}["{_mermaid_text(context.name)}"]' for context in view.contexts)
    violating = []
    for number, (source, target, flows) in enumerate(_edges(view)):
        label = "<br>".join(_mermaid_text(_event_label(flow)) for flow in flows)
        arrow = "-.->" if any(flow.violations for flow in flows) else "-->"
        if arrow == "-.->":
            violating.append(str(number))
        lines.append(f'    {ids[source]} {arrow}|"{label}"| {ids[target]}')
    if violating:
        lines.append(f"    linkStyle {','.join(violating)} stroke:red,color:red")
    return "\n".join(lines) + "\n"


def _node_ids(names: list[str]) -> dict[str, str]:
    """A safe, distinct Mermaid identifier per context (`end` and punctuation would break the chart)."""
    ids: dict[str, str] = {}
    for name in names:
        candidate = base = "ctx_" + re.sub(r"\W", "_", name, flags=re.ASCII)
        number = 2
        while candidate in ids.values():
            candidate, number = f"{base}_{number}", number + 1
        ids[name] = candidate
    return ids


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: quotes and markup characters as entity codes."""
    return "".join(f"#{ord(char)};" if char in '"<>#&' else char for char in text)


def to_dot(view: ContextMapView) -> str:
    """A Graphviz digraph: one node per context, one edge per publisher and consumer, findings in red."""
    lines = ["digraph context_map {", "    rankdir=LR;", "    node [shape=box];"]
    lines.extend(f'    "{_dot_text(context.name)}";' for context in view.contexts)
    for source, target, flows in _edges(view):
        label = "\\n".join(_dot_text(_event_label(flow)) for flow in flows)
        style = ", color=red, fontcolor=red, style=dashed" if any(flow.violations for flow in flows) else ""
        lines.append(f'    "{_dot_text(source)}" -> "{_dot_text(target)}" [label="{label}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    """Text safe inside a quoted DOT string: backslashes and quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


MAP_FORMATS: dict[str, Callable[[ContextMapView], str]] = {"json": to_json, "mermaid": to_mermaid, "dot": to_dot}
