"""One summary of the rules, generated from the registry: `eventlint rules` prints it, both READMEs show it."""

from __future__ import annotations

from eventlint.checks.registry import registry
from eventlint.checks.rule import Rule

HEADINGS = ("code", "name", "default", "fix", "summary")


def summary_row(rule: Rule) -> tuple[str, ...]:
    """What the summary says of a rule: code, name, default (`on`, `off`), fix (its safety; `-`: none), summary."""
    fix = "-" if rule.fix is None else rule.fix.safety.value
    return rule.code, rule.name, "on" if rule.default_on else "off", fix, rule.summary


def summary_text() -> str:
    """The summary in aligned columns, for a terminal."""
    rows = [HEADINGS, *(summary_row(rule) for rule in registry())]
    widths = [max(len(row[column]) for row in rows) + 2 for column in range(len(HEADINGS) - 1)]
    return "\n".join("".join(cell.ljust(width) for cell, width in zip(row, widths)) + row[-1] for row in rows)


def summary_markdown(documents: str) -> str:
    """The summary as a Markdown table, each code linked to its document in the folder `documents`
    (as seen from the file the table stands in: `rules/` from the project's README, `` from the folder's own)."""
    lines = ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
    for rule in registry():
        code, *cells = (cell.replace("|", "\\|") for cell in summary_row(rule))
        lines.append(f"| [{code}]({documents}{rule.code}-{rule.name}.md) | " + " | ".join(cells) + " |")
    return "\n".join(lines)
