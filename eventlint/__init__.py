"""eventlint: static analysis of domain-event and integration-event boundaries."""

from __future__ import annotations

from eventlint.api import InternalError, Result, lint_paths, lint_sources
from eventlint.config.settings import Config, ConfigError
from eventlint.model import Diagnostic, EventKind, RelatedLocation, Span
from eventlint.version import __version__

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
