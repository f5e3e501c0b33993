"""Output formats: each is one function with the same signature."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from eventlint.report.emitters.github import emit_github
from eventlint.report.emitters.json import emit_json
from eventlint.report.emitters.sarif import emit_sarif
from eventlint.report.emitters.text import emit_text
from eventlint.report.result import Result

Emitter = Callable[[Result, TextIO], None]

EMITTERS: dict[str, Emitter] = {
    "text": emit_text,
    "json": emit_json,
    "sarif": emit_sarif,
    "github": emit_github,
}

__all__ = ["EMITTERS", "Emitter"]
