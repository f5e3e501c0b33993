"""Every output format, on one shared set of findings."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from eventlint import Diagnostic, RelatedLocation, Result, Span
from eventlint.checks import RULES as CODES
from eventlint.emitters import EMITTERS
from eventlint.emitters.sarif import sarif_log

SCHEMA = Path(__file__).parent.parent.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

FINDINGS = (
    Diagnostic(
        "EVL201",
        "domain-event-crosses-context",
        "domain event `OrderStartedDomainEvent` of context 'ordering' is used in context 'basket'; 100% wrong",
        "shop/basket/handlers.py",
        Span(3, 34, 3, 57),
        context="basket",
        event="shop.ordering.events.OrderStartedDomainEvent",
        related=(RelatedLocation("shop/ordering/events.py", Span(4, 7, 4, 30), "`OrderStartedDomainEvent` is defined here"),),
    ),
    Diagnostic("EVL001", "unparsable-file", "syntax error: invalid syntax\nsecond line, with: punctuation", "shop/a,b:c.py", Span(1, 7, 1, 7)),
)
RESULT = Result(FINDINGS, files=3)


def emitted(name: str, result: Result = RESULT) -> str:
    out = io.StringIO()
    EMITTERS[name](result, out)
    return out.getvalue()


def test_every_format_writes_every_finding() -> None:
    for name in EMITTERS:
        text = emitted(name)
        assert "EVL201" in text and "EVL001" in text, name


def test_text_is_one_line_per_finding() -> None:
    assert emitted("text").splitlines()[0].startswith("shop/basket/handlers.py:3:34: EVL201 domain event")


def test_json_keys() -> None:
    [first, _] = json.loads(emitted("json"))
    assert (first["code"], first["line"], first["column"], first["end_column"]) == ("EVL201", 3, 34, 57)
    assert first["related"][0]["path"] == "shop/ordering/events.py"


def test_github_annotations_escape_as_the_runner_unescapes() -> None:
    first, second = emitted("github").splitlines()
    assert first == (
        "::error file=shop/basket/handlers.py,line=3,col=34,endLine=3,endColumn=57,title=EVL201 domain-event-crosses-context"
        "::domain event `OrderStartedDomainEvent` of context 'ordering' is used in context 'basket'; 100%25 wrong"
    )
    assert second == (
        "::error file=shop/a%2Cb%3Ac.py,line=1,col=7,endLine=1,endColumn=7,title=EVL001 unparsable-file"
        "::syntax error: invalid syntax%0Asecond line, with: punctuation"
    )


@pytest.mark.skipif(not SCHEMA.is_file(), reason="the SARIF 2.1.0 schema lives in ../shared/schemas/, absent here")
def test_sarif_is_valid_against_the_official_schema() -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    document = json.loads(emitted("sarif"))
    jsonschema.Draft4Validator(schema).validate(document)
    empty = json.loads(emitted("sarif", Result((), files=0)))
    jsonschema.Draft4Validator(schema).validate(empty)


def test_sarif_rules_come_from_the_registry_with_their_documents() -> None:
    run = json.loads(emitted("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [row.code for row in CODES]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["EVL201"]["help"]["markdown"].startswith("# EVL201: domain-event-crosses-context")
    help_uri = by_id["EVL201"]["helpUri"]
    assert help_uri.startswith("file://") and help_uri.endswith("/EVL201-domain-event-crosses-context.md")
    assert Path(help_uri.removeprefix("file://")).is_file()
    assert by_id["EVL002"]["defaultConfiguration"]["enabled"] is False
    [crossing, _] = run["results"]
    assert rules[crossing["ruleIndex"]]["id"] == "EVL201"
    region = crossing["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 34, "endLine": 3, "endColumn": 57}
    related = crossing["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"] == {"uri": "shop/ordering/events.py", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")


def test_sarif_fingerprints_survive_moved_lines_and_tell_twins_apart() -> None:
    moved = dataclasses.replace(FINDINGS[0], span=Span(30, 34, 30, 57))
    twin = dataclasses.replace(FINDINGS[0], span=Span(40, 34, 40, 57))

    def prints(*findings: Diagnostic) -> list[str]:
        return [r["partialFingerprints"]["eventlint/v1"] for r in sarif_log(Result(findings, 1))["runs"][0]["results"]]

    assert prints(FINDINGS[0]) == prints(moved)
    first, second = prints(moved, twin)
    assert first != second
    assert first == prints(FINDINGS[0])[0]


@pytest.mark.skipif(not SCHEMA.is_file(), reason="the SARIF 2.1.0 schema lives in ../shared/schemas/, absent here")
def test_sarif_of_the_violating_services_is_valid(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    from eventlint.cli import main

    monkeypatch.chdir(Path(__file__).parent.parent / "examples" / "shop-violations")
    assert main(["check", "--format", "sarif", "--no-cache"]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(document)
    results = document["runs"][0]["results"]
    assert len(results) == 61
    assert len({r["partialFingerprints"]["eventlint/v1"] for r in results}) == 61
