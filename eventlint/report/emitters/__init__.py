"""Output formats: each is one function with the same signature."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from eventlint.report.emitters.github import emit_github
from eventlint.report.emitters.json import emit_json
from eventlint.report.emitters.sarif import emit_sarif
from eventlint.report.emitters.statistics import emit_statistics_json, emit_statistics_text
from eventlint.report.emitters.text import emit_text
from eventlint.report.result import Result

Emitter = Callable[[Result, TextIO], None]

EMITTERS: dict[str, Emitter] = {
    "text": emit_text,
    "json": emit_json,
    "sarif": emit_sarif,
    "github": emit_github,
}


def emitter_for(output_format: str, *, statistics: bool = False) -> Emitter:
    """The emitter of `output_format`; with `statistics`, a count per rule instead (JSON for json, else lines)."""
    if statistics:
        return emit_statistics_json if output_format == "json" else emit_statistics_text
    return EMITTERS[output_format]


__all__ = ["EMITTERS", "Emitter", "emitter_for"]
