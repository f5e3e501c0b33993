"""SARIF 2.1.0 for code-scanning services: rules from the registry, results with stable fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from eventlint.checks.documents import rule_document
from eventlint.checks.registry import by_code, registry
from eventlint.model import Diagnostic, Span
from eventlint.report.emitters.printable import printable_result
from eventlint.report.result import Result
from eventlint.sources.discovery import reported_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE = "%SRCROOT%"


def _region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}


def repository_root(start: Path) -> Path:
    """The root of the repository holding `start` (the nearest folder with `.git`), else `start`."""
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start


def artifact(shown: str, base: Path, root: Path) -> dict[str, str]:
    """Where a reported file is, as SARIF names it: percent-encoded, relative to the repository root."""
    path = Path(os.path.abspath(reported_path(shown, base)))
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        return {"uri": "file://" + _quoted(path.as_posix())}
    return {"uri": _quoted(relative), "uriBaseId": BASE}


def _quoted(path: str) -> str:
    """`path` percent-encoded; a file name's undecodable bytes (surrogate escapes) as the bytes they were."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _location(where: dict[str, str], span: Span, message: str | None = None, number: int | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": dict(where), "region": _region(span)}}
    if number is not None:
        location["id"] = number
    if message is not None:
        location["message"] = {"text": message}
    return location


def _description(code: str) -> str:
    """The opening of the rule's "What it does", for `fullDescription`: its first paragraph, and
    the list that paragraph introduces when it ends in a colon."""
    document = rule_document(code) or ""
    section = document.partition("## What it does")[2].partition("\n## ")[0]
    taken: list[str] = []
    for paragraph in section.strip().split("\n\n"):
        taken.append(" ".join(paragraph.split()))
        if not taken[-1].endswith(":"):
            break
    return " ".join(taken)


def _rules() -> list[dict[str, Any]]:
    rules = []
    for row in registry():
        document = rule_document(row.code)
        rule: dict[str, Any] = {
            "id": row.code,
            "name": row.name,
            "shortDescription": {"text": row.summary},
            "fullDescription": {"text": _description(row.code) or row.summary},
            "defaultConfiguration": {"enabled": row.default_on, "level": row.severity.value},
            "properties": {"tags": ["ddd", "events"]},
        }
        if document:
            # The document itself, never a link: a path into this machine's site-packages is
            # a dead link wherever the log is read.
            rule["help"] = {"text": document, "markdown": document}
        rules.append(rule)
    return rules


def fingerprint(diagnostic: Diagnostic, occurrence: int) -> str:
    """What identifies a finding without its line: rule, file, context, event, message, and which of its kind."""
    parts = (diagnostic.code, diagnostic.path, diagnostic.context or "", diagnostic.event or "", diagnostic.message)
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape"))
    digest.update(str(occurrence).encode("ascii"))
    return digest.hexdigest()[:32]


def sarif_log(result: Result, base: Path | None = None) -> dict[str, Any]:
    """The SARIF document of a run whose report paths are shown from `base` (the current
    directory); its locations are relative to the repository root, as code scanning reads them."""
    base = Path(os.path.abspath(base or Path.cwd()))
    root = repository_root(base)
    index = {row.code: number for number, row in enumerate(registry())}
    seen: Counter[tuple[str, ...]] = Counter()
    results = []
    # The URIs name files by their bytes, from the paths as found; every text shown is printable.
    for found, d in zip(result.diagnostics, printable_result(result).diagnostics):
        key = (d.code, d.path, d.context or "", d.event or "", d.message)
        seen[key] += 1
        entry: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": by_code()[d.code].severity.value,
            "message": {"text": d.message},
            "locations": [_location(artifact(found.path, base, root), d.span)],
            "partialFingerprints": {"eventlint/v1": fingerprint(d, seen[key])},
        }
        if d.related:
            entry["relatedLocations"] = [
                _location(artifact(where.path, base, root), related.span, related.message, number)
                for number, (where, related) in enumerate(zip(found.related, d.related), start=1)
            ]
        properties = {name: value for name, value in (("context", d.context), ("event", d.event)) if value}
        if properties:
            entry["properties"] = properties
        results.append(entry)
    from eventlint.version import __version__

    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "eventlint", "version": __version__, "rules": _rules()}},
                "invocations": [{"executionSuccessful": not result.errors}],
                "originalUriBaseIds": {BASE: {"uri": "file://" + _quoted(root.as_posix()).rstrip("/") + "/"}},
                "results": results,
            }
        ],
    }


def emit_sarif(result: Result, out: TextIO) -> None:
    """The run as one SARIF 2.1.0 log."""
    json.dump(sarif_log(result), out, indent=2)
    out.write("\n")
