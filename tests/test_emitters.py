"""Every output format, on one shared set of findings."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from eventlint import Diagnostic, RelatedLocation, Result, Span
from eventlint.checks.registry import RULES as CODES
from eventlint.report.emitters import EMITTERS
from eventlint.report.emitters.sarif import sarif_log

SCHEMA = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"

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
    assert all("helpUri" not in rule for rule in rules)  # a local file is a dead link where the log is read
    assert all(rule["help"]["text"] == rule["help"]["markdown"] for rule in rules)
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


@pytest.mark.parametrize("code", [row.code for row in CODES])
def test_sarif_full_description_is_never_cut_at_a_colon(code: str) -> None:
    rules = {rule["id"]: rule for rule in json.loads(emitted("sarif"))["runs"][0]["tool"]["driver"]["rules"]}
    description = rules[code]["fullDescription"]["text"]
    assert description and not description.endswith(":"), description


@pytest.mark.parametrize(
    ("shown", "uri"),
    [
        ("shop/basket/handlers.py", "svc/shop/basket/handlers.py"),
        ("shop/a b/c#d%e.py", "svc/shop/a%20b/c%23d%25e.py"),
        ("shop/ünï.py", "svc/shop/%C3%BCn%C3%AF.py"),
        ("shop/\udcff.py", "svc/shop/%FF.py"),  # a file name that is not UTF-8, as os.fsdecode gives it
        ("../svc/shop/x.py", "svc/shop/x.py"),
    ],
)
def test_sarif_locations_are_percent_encoded_and_relative_to_the_repository(tmp_path: Path, shown: str, uri: str) -> None:
    (tmp_path / ".git").mkdir()
    base = tmp_path / "svc"  # the folder the report paths are shown from, below the repository root
    base.mkdir()
    finding = dataclasses.replace(FINDINGS[0], path=shown)
    run = sarif_log(Result((finding,), 1), base=base)["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    related = run["results"][0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert related == {"uri": "svc/shop/ordering/events.py", "uriBaseId": "%SRCROOT%"}


def test_sarif_location_outside_the_repository_is_an_absolute_file_uri(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    finding = dataclasses.replace(FINDINGS[0], path=str(tmp_path / "elsewhere" / "a b.py"))
    run = sarif_log(Result((finding,), 1), base=tmp_path / "repo")["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "elsewhere").as_uri() + "/a%20b.py"}


def test_sarif_of_a_run_from_a_subfolder_names_files_from_the_repository_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import jsonschema

    from eventlint.cli import main

    (tmp_path / ".git").mkdir()
    shutil.copytree(Path(__file__).parent.parent / "examples" / "shop-violations", tmp_path / "services" / "shop")
    monkeypatch.chdir(tmp_path / "services" / "shop")
    assert main(["check", "--format", "sarif", "--no-cache"]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(document)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert uris and all(uri.startswith("services/shop/src/shop/") for uri in uris), sorted(uris)[:3]
