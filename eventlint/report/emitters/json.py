"""A JSON list of findings with stable keys."""

from __future__ import annotations

import json
from typing import TextIO

from eventlint.model import Diagnostic
from eventlint.report.result import Result


def as_dict(d: Diagnostic) -> dict[str, object]:
    """A finding as the JSON object users script against."""
    return {
        "code": d.code,
        "name": d.name,
        "message": d.message,
        "path": d.path,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "context": d.context,
        "event": d.event,
        "symbol": d.symbol,
        "related": [
            {
                "path": r.path,
                "line": r.span.line,
                "column": r.span.column,
                "end_line": r.span.end_line,
                "end_column": r.span.end_column,
                "message": r.message,
            }
            for r in d.related
        ],
        "fix": (
            {"message": d.fix.title, "applicability": "safe" if d.fix.safe else "unsafe"}
            if d.fix is not None and not d.fix.refused  # a fix the rule refused here is none
            else None
        ),
    }


def emit_json(result: Result, out: TextIO) -> None:
    """The findings as one JSON array."""
    json.dump([as_dict(d) for d in result.diagnostics], out, indent=2)
    out.write("\n")
