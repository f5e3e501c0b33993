"""Output formats: each is one function with the same signature."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from eventlint.api import Result
from eventlint.emitters.github import emit_github
from eventlint.emitters.json import emit_json
from eventlint.emitters.sarif import emit_sarif
from eventlint.emitters.text import emit_text

Emitter = Callable[[Result, TextIO], None]

EMITTERS: dict[str, Emitter] = {
    "text": emit_text,
    "json": emit_json,
    "sarif": emit_sarif,
    "github": emit_github,
}

__all__ = ["EMITTERS", "Emitter"]
