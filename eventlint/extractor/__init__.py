"""The extractor: one libcst pass per file into `eventlint.facts`; the only package importing libcst."""

from __future__ import annotations

from eventlint.extractor.extract import extract

__all__ = ["extract"]
