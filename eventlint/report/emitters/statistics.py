"""`--statistics`: a count per rule instead of each finding, as lines or as JSON."""

from __future__ import annotations

import collections
import json
from typing import TextIO

from eventlint.checks.registry import by_code
from eventlint.report.result import Result


def counts(result: Result) -> list[tuple[str, int]]:
    """How many findings each rule made, by code."""
    return sorted(collections.Counter(d.code for d in result.diagnostics).items())


def emit_statistics_text(result: Result, out: TextIO) -> None:
    """`count  CODE  name`, one rule a line."""
    for code, count in counts(result):
        out.write(f"{count:5d}  {code}  {by_code()[code].name}\n")


def emit_statistics_json(result: Result, out: TextIO) -> None:
    """The counts as one JSON array of `{code, name, count}`."""
    rows = [{"code": code, "name": by_code()[code].name, "count": count} for code, count in counts(result)]
    out.write(json.dumps(rows, indent=2) + "\n")
