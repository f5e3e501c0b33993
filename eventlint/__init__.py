"""eventlint: static analysis of domain-event and integration-event boundaries."""

from __future__ import annotations

from eventlint.api import InternalError, Result, lint_paths, lint_sources
from eventlint.config import Config, ConfigError
from eventlint.model import Diagnostic, EventKind, RelatedLocation, Span

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "Diagnostic",
    "EventKind",
    "InternalError",
    "RelatedLocation",
    "Result",
    "Span",
    "__version__",
    "lint_paths",
    "lint_sources",
]
