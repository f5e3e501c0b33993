"""SARIF 2.1.0 for code-scanning services: rules from the registry, results with stable fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from eventlint.api import Result
from eventlint.codes import registry
from eventlint.docs import rule_document, rule_uri
from eventlint.model import Diagnostic, Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE = "%SRCROOT%"


def _region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}


def _location(path: str, span: Span, message: str | None = None, number: int | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": path, "uriBaseId": BASE}, "region": _region(span)}
    }
    if number is not None:
        location["id"] = number
    if message is not None:
        location["message"] = {"text": message}
    return location


def _description(code: str) -> str:
    """The first paragraph of the rule's "What it does", for `fullDescription`."""
    document = rule_document(code) or ""
    section = document.partition("## What it does")[2].partition("\n## ")[0]
    paragraph = section.strip().split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def _rules() -> list[dict[str, Any]]:
    rules = []
    for row in registry():
        document = rule_document(row.code)
        rule: dict[str, Any] = {
            "id": row.code,
            "name": row.name,
            "shortDescription": {"text": row.summary},
            "fullDescription": {"text": _description(row.code) or row.summary},
            "defaultConfiguration": {"enabled": row.default_on, "level": "error" if row.code == "EVL001" else "warning"},
            "properties": {"tags": ["ddd", "events"]},
        }
        if document:
            rule["help"] = {"text": document, "markdown": document}
        uri = rule_uri(row.code)
        if uri is not None:
            rule["helpUri"] = uri
        rules.append(rule)
    return rules


def fingerprint(diagnostic: Diagnostic, occurrence: int) -> str:
    """What identifies a finding without its line: rule, file, context, event, message, and which of its kind."""
    parts = (diagnostic.code, diagnostic.path, diagnostic.context or "", diagnostic.event or "", diagnostic.message)
    digest = hashlib.sha256("\0".join(parts).encode("utf-8"))
    digest.update(str(occurrence).encode("ascii"))
    return digest.hexdigest()[:32]


def sarif_log(result: Result, base: Path | None = None) -> dict[str, Any]:
    """The SARIF document of a run; paths are relative to `base` (the current directory)."""
    index = {row.code: number for number, row in enumerate(registry())}
    seen: Counter[tuple[str, ...]] = Counter()
    results = []
    for d in result.diagnostics:
        key = (d.code, d.path, d.context or "", d.event or "", d.message)
        seen[key] += 1
        entry: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": "error" if d.code == "EVL001" else "warning",
            "message": {"text": d.message},
            "locations": [_location(d.path, d.span)],
            "partialFingerprints": {"eventlint/v1": fingerprint(d, seen[key])},
        }
        if d.related:
            entry["relatedLocations"] = [
                _location(related.path, related.span, related.message, number)
                for number, related in enumerate(d.related, start=1)
            ]
        properties = {name: value for name, value in (("context", d.context), ("event", d.event)) if value}
        if properties:
            entry["properties"] = properties
        results.append(entry)
    from eventlint import __version__

    root = (base or Path.cwd()).resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "eventlint", "version": __version__, "rules": _rules()}},
                "invocations": [{"executionSuccessful": not result.errors}],
                "originalUriBaseIds": {BASE: {"uri": root}},
                "results": results,
            }
        ],
    }


def emit_sarif(result: Result, out: TextIO) -> None:
    """The run as one SARIF 2.1.0 log."""
    json.dump(sarif_log(result), out, indent=2)
    out.write("\n")
