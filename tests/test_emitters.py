"""Every output format, on one shared set of findings."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from projects import CONFIG, SHOP

from eventlint import Diagnostic, InternalError, RelatedLocation, Result, Span, lint_sources
from eventlint.checks.registry import RULES as CODES
from eventlint.report.emitters import EMITTERS
from eventlint.report.emitters.sarif import sarif_log

# The OASIS SARIF 2.1.0 schema, a public OASIS document, vendored so that every clone validates offline
# (data/sarif/README.md says where it comes from and under which terms).
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

# A finding with two related locations: where its event is published and where it is defined.
FLOW = Diagnostic(
    "EVL401",
    "undeclared-event-flow",
    "integration event `ProductPriceChangedIntegrationEvent` flows from context 'catalog' to 'notifications' undeclared",
    "shop/notifications/handlers.py",
    Span(4, 5, 4, 21),
    context="notifications",
    event="shop.contracts.ProductPriceChangedIntegrationEvent",
    related=(
        RelatedLocation("shop/catalog/prices.py", Span(5, 5, 5, 22), "published here"),
        RelatedLocation("shop/contracts.py", Span(4, 7, 4, 41), "`ProductPriceChangedIntegrationEvent` is defined here"),
    ),
)
NOTICE = "cannot write the cache: .eventlint_cache: Permission denied"
CRASH = InternalError("shop/basket/cursed.py", "Traceback (most recent call last):\nRuntimeError: extractor bug")


@pytest.fixture(scope="module")
def every_shape() -> Result:
    """The one shared set every format is run over: a finding with context, event and a related location, one
    with none of them (a file that does not parse), one with a fix (the shop's misnamed event, its fix as the rule
    makes it), one with two related locations; an internal error, a notice and findings a baseline hid."""
    shop = lint_sources({path: text for path, text in SHOP.items() if path != "eventlint.toml"}, CONFIG)
    (fixable,) = [d for d in shop.diagnostics if d.fix is not None]
    return Result((*FINDINGS, fixable, FLOW), files=4, errors=(CRASH,), notices=(NOTICE,), baselined=2)


def emitted(name: str, result: Result = RESULT) -> str:
    out = io.StringIO()
    EMITTERS[name](result, out)
    return out.getvalue()


def validate_sarif(document: object) -> None:
    """Fail unless `document` is valid against the vendored SARIF 2.1.0 schema."""
    import jsonschema

    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(document)


def test_every_format_writes_every_finding() -> None:
    for name in EMITTERS:
        text = emitted(name)
        assert "EVL201" in text and "EVL001" in text, name


@pytest.mark.parametrize("name", sorted(EMITTERS))
def test_every_format_writes_every_shape_and_nothing_about_the_run(name: str, every_shape: Result) -> None:
    text = emitted(name, every_shape)
    assert text == emitted(name, every_shape)  # deterministic
    assert text.endswith("\n")
    assert all(finding.code in text for finding in every_shape.diagnostics), name
    # Notices and what the baseline hid go to standard error and the summary, never into a report; an internal
    # error only makes SARIF say that the run did not succeed.
    assert text == emitted(name, dataclasses.replace(every_shape, notices=(), baselined=0))
    assert NOTICE not in text and "extractor bug" not in text
    if name != "sarif":
        assert text == emitted(name, dataclasses.replace(every_shape, errors=()))


@pytest.mark.parametrize("name", sorted(EMITTERS))
def test_every_format_of_a_run_with_no_finding(name: str) -> None:
    text = emitted(name, Result((), files=0))
    if name == "sarif":
        assert json.loads(text)["runs"][0]["results"] == []
    else:
        assert text == {"text": "", "github": "", "json": "[]\n"}[name]


def test_text_gives_every_shape_its_line(every_shape: Result) -> None:
    lines = emitted("text", every_shape).splitlines()
    assert lines == [
        "shop/basket/handlers.py:3:34: EVL201 " + FINDINGS[0].message,
        "shop/a,b:c.py:1:7: EVL001 syntax error: invalid syntax",
        "second line, with: punctuation",  # the message as it is, on as many lines as it has
        *(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}" for d in every_shape.diagnostics[2:]),
    ]


def test_github_gives_every_shape_one_annotation(every_shape: Result) -> None:
    lines = emitted("github", every_shape).splitlines()
    assert len(lines) == len(every_shape.diagnostics)
    for line, finding in zip(lines, every_shape.diagnostics):
        assert line.startswith("::error file=") and f",line={finding.line},col={finding.column}," in line
        assert f",title={finding.code} {finding.name}::" in line


def test_json_gives_every_shape_the_same_keys(every_shape: Result) -> None:
    crossing, unparsable, fixable, flow = json.loads(emitted("json", every_shape))
    assert {frozenset(row) for row in (crossing, unparsable, fixable, flow)} == {frozenset(crossing)}
    assert (crossing["context"], crossing["event"], crossing["fix"]) == ("basket", "shop.ordering.events.OrderStartedDomainEvent", None)
    assert (unparsable["context"], unparsable["event"], unparsable["related"], unparsable["fix"]) == (None, None, [], None)
    assert fixable["fix"]["applicability"] == "unsafe" and "CreateOrderDomainEvent" in fixable["fix"]["message"]
    assert [r["path"] for r in flow["related"]] == ["shop/catalog/prices.py", "shop/contracts.py"]
    assert flow["related"][0] == {"path": "shop/catalog/prices.py", "line": 5, "column": 5, "end_line": 5, "end_column": 22, "message": "published here"}


def test_sarif_gives_every_shape_its_place(every_shape: Result) -> None:
    document = json.loads(emitted("sarif", every_shape))
    validate_sarif(document)
    run = document["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": False}]  # the run met an internal error
    crossing, unparsable, fixable, flow = run["results"]
    assert [result["ruleId"] for result in run["results"]] == [d.code for d in every_shape.diagnostics]
    assert [result["level"] for result in run["results"]] == ["warning", "error", "warning", "warning"]
    assert crossing["properties"] == {"context": "basket", "event": "shop.ordering.events.OrderStartedDomainEvent"}
    assert "properties" not in unparsable and "relatedLocations" not in unparsable
    assert fixable["properties"] == {"context": "ordering", "event": "shop.ordering.events.CreateOrder"}
    assert [(related["id"], related["message"]["text"]) for related in flow["relatedLocations"]] == [
        (1, "published here"),
        (2, "`ProductPriceChangedIntegrationEvent` is defined here"),
    ]


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
    document = json.loads(emitted("sarif"))
    validate_sarif(document)
    empty = json.loads(emitted("sarif", Result((), files=0)))
    validate_sarif(empty)


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
    from eventlint.cli import main

    monkeypatch.chdir(Path(__file__).parent.parent / "examples" / "shop-violations")
    assert main(["check", "--format", "sarif", "--no-cache"]) == 1
    document = json.loads(capsys.readouterr().out)
    validate_sarif(document)
    results = document["runs"][0]["results"]
    assert len(results) == 65
    assert len({r["partialFingerprints"]["eventlint/v1"] for r in results}) == 65


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

    from eventlint.cli import main

    (tmp_path / ".git").mkdir()
    shutil.copytree(Path(__file__).parent.parent / "examples" / "shop-violations", tmp_path / "services" / "shop")
    monkeypatch.chdir(tmp_path / "services" / "shop")
    assert main(["check", "--format", "sarif", "--no-cache"]) == 1
    document = json.loads(capsys.readouterr().out)
    validate_sarif(document)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert uris and all(uri.startswith("services/shop/src/shop/") for uri in uris), sorted(uris)[:3]
