"""What a check prints: the report in its format, with a count per rule or the summary, written
to standard output or to the file asked for."""

from __future__ import annotations

import collections
import errno
import json
import os
from pathlib import Path
from typing import TextIO

from eventlint.checks.registry import by_code
from eventlint.report.emitters import EMITTERS
from eventlint.report.emitters.printable import printable_result
from eventlint.report.result import Result


def report(result: Result, out: TextIO, output_format: str, statistics: bool, quiet: bool) -> None:
    """The report of `result` in `output_format`, or its statistics; the summary after text unless quiet."""
    raw, result = result, printable_result(result)
    if statistics:
        counts = sorted(collections.Counter(d.code for d in result.diagnostics).items())
        if output_format == "json":
            rows = [{"code": code, "name": by_code()[code].name, "count": count} for code, count in counts]
            out.write(json.dumps(rows, indent=2) + "\n")
        else:
            for code, count in counts:
                out.write(f"{count:5d}  {code}  {by_code()[code].name}\n")
    else:
        # SARIF percent-encodes a file name's real bytes (and makes the rest printable itself).
        EMITTERS[output_format](raw if output_format == "sarif" else result, out)
    if output_format == "text" and not quiet:
        out.write(summary(result) + "\n")


def summary(result: Result) -> str:
    """The closing line of a text report: what was checked and found."""
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    hidden = result.baselined
    if not result.files:
        return "Nothing checked: no Python file of the project is under the given paths."
    if not result.diagnostics:
        extra = f"; {hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline" if hidden else ""
        return f"All checks passed ({files} checked{extra})."
    count = len(result.diagnostics)
    with_findings = len({d.path for d in result.diagnostics})
    extra = f" ({hidden} more hidden by the baseline)" if hidden else ""
    return f"Found {count} finding{'s' if count != 1 else ''} in {with_findings} of {files}{extra}."


def write_output(path: Path, text: str) -> None:
    """Write a report to `path` without ever waiting to open it: a named pipe no process reads is an
    error at once (`ENXIO`), not a hang; one that a process reads (`/dev/stdout` in a pipeline) takes it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(error.errno, "it is a named pipe that no process reads") from None
        raise
    os.set_blocking(fd, True)
    with open(fd, "w", encoding="utf-8") as out:
        out.write(text)
