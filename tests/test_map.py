"""`eventlint map`: the context map as the code is, in JSON, Mermaid and Graphviz, on the command line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from projects import run, shop_config, write

EXAMPLES = Path(__file__).parent.parent / "examples"
README = Path(__file__).parent.parent / "README.md"

CONFIG = shop_config(
    "catalog", "basket", "notifications", published_language=True, relationships=["catalog -> basket"], dispatch=["broker"]
)

# Catalog publishes a price change; the basket consumes it (declared) and the catalog's domain
# event too (EVL201); notifications consumes the price change with no relationship (EVL401).
SMALL = {
    "eventlint.toml": CONFIG,
    "shop/__init__.py": "",
    "shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
    "shop/contracts.py": (
        "from shop.seedwork import IntegrationEvent\n\n\n"
        "class ProductPriceChangedIntegrationEvent(IntegrationEvent):\n    product_id: int\n"
    ),
    "shop/catalog/__init__.py": "",
    "shop/catalog/events.py": (
        "from shop.seedwork import DomainEvent\n\n\nclass ProductPriceChangedDomainEvent(DomainEvent):\n    product_id: int\n"
    ),
    "shop/catalog/prices.py": (
        "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
        "def announce(event_bus, product_id: int) -> None:\n"
        "    event_bus.publish(ProductPriceChangedIntegrationEvent(product_id=product_id))\n"
    ),
    "shop/basket/__init__.py": "",
    "shop/basket/handlers.py": (
        "from shop.catalog.events import ProductPriceChangedDomainEvent\n"
        "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
        "def on_price_changed(event: ProductPriceChangedIntegrationEvent) -> None:\n    print(event)\n\n\n"
        "def on_catalog_price_changed(event: ProductPriceChangedDomainEvent) -> None:\n    print(event)\n"
    ),
    "shop/notifications/__init__.py": "",
    "shop/notifications/handlers.py": (
        "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
        "def on_price_changed(event: ProductPriceChangedIntegrationEvent) -> None:\n    print(event)\n"
    ),
}

SMALL_MERMAID = """\
flowchart LR
    ctx_basket["basket"]
    ctx_catalog["catalog"]
    ctx_notifications["notifications"]
    ctx_catalog -.->|"ProductPriceChangedDomainEvent (EVL201)<br>ProductPriceChangedIntegrationEvent"| ctx_basket
    ctx_catalog -.->|"ProductPriceChangedIntegrationEvent (EVL401)"| ctx_notifications
    linkStyle 0,1 stroke:red,color:red
"""

SMALL_DOT = """\
digraph context_map {
    rankdir=LR;
    node [shape=box];
    "basket";
    "catalog";
    "notifications";
    "catalog" -> "basket" [label="ProductPriceChangedDomainEvent (EVL201)\\nProductPriceChangedIntegrationEvent", \
color=red, fontcolor=red, style=dashed];
    "catalog" -> "notifications" [label="ProductPriceChangedIntegrationEvent (EVL401)", color=red, fontcolor=red, style=dashed];
}
"""


def flows(project: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, str, list[str], bool | None]]:
    code, out, err = run(capsys, "map", str(project), "--format", "json")
    assert (code, err) == (0, "")
    return [(f["from"], f["to"], f["event"].rpartition(".")[2], f["violations"], f["declared"]) for f in json.loads(out)["flows"]]


def test_the_clean_services_flow_only_along_declared_relationships(capsys: pytest.CaptureFixture[str]) -> None:
    assert flows(EXAMPLES / "shop", capsys) == [
        ("basket", "ordering", "BasketCheckedOutIntegrationEvent", [], True),
        ("catalog", "basket", "ProductPriceChangedIntegrationEvent", [], True),
        ("identity", "notifications", "UserRegisteredIntegrationEvent", [], True),
        ("ordering", "basket", "OrderStartedIntegrationEvent", [], True),
        ("ordering", "notifications", "OrderCompletedIntegrationEvent", [], True),
        ("ordering", "payment", "OrderSubmittedForPaymentIntegrationEvent", [], True),
        ("ordering", "payment", "OrderCancelledDomainEvent", [], None),  # a shared kernel
        ("payment", "ordering", "PaymentCompletedIntegrationEvent", [], True),
        ("payment", "ordering", "PaymentFailedIntegrationEvent", [], True),
        ("payment", "ordering", "PaymentVoidedDomainEvent", [], None),
    ]


def test_the_violating_services_mark_the_flows_that_break_a_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert flows(EXAMPLES / "shop-violations", capsys) == [
        ("basket", "ordering", "CheckoutBasketIntegrationEvent", [], True),
        ("catalog", "basket", "ProductPriceChangedDomainEvent", ["EVL201"], None),
        ("catalog", "basket", "StockReplenished", ["EVL201", "EVL202"], None),
        ("catalog", "basket", "ProductDiscontinued", ["EVL301"], True),
        ("catalog", "basket", "ProductPriceChangedIntegrationEvent", ["EVL301", "EVL302"], True),
        ("identity", "notifications", "UserRegisteredIntegrationEvent", [], True),
        ("ordering", "basket", "OrderStartedIntegrationEvent", ["EVL301"], True),
        ("ordering", "catalog", "OrderCompletedIntegrationEvent", ["EVL401"], False),
        ("ordering", "catalog", "OrderCancelledDomainEvent", ["EVL201"], None),
        ("ordering", "catalog", "OrderPaidDomainEvent", ["EVL201"], None),
        # Used in the identity context without a handler there (an `isinstance` test): EVL201 makes it a flow.
        ("ordering", "identity", "OrderPaidDomainEvent", ["EVL201"], None),
        ("ordering", "identity", "OrderStartedDomainEvent", ["EVL201"], None),
        # Straight into a notifications handler (EVL301): that flow only, not the one to the catalog.
        ("ordering", "notifications", "OrderCompletedIntegrationEvent", ["EVL301"], True),
        ("ordering", "notifications", "SendOrderConfirmationEmail", [], True),
        ("ordering", "notifications", "OrderCancelledDomainEvent", ["EVL201"], None),
        ("ordering", "notifications", "OrderPaidDomainEvent", ["EVL201"], None),
        # Handled in a file that skips eventlint: the flow is there, its EVL201 is suppressed.
        ("ordering", "notifications", "OrderShipped", ["EVL202"], None),
        ("ordering", "notifications", "OrderStartedDomainEvent", ["EVL201"], None),
        ("ordering", "payment", "OrderSubmittedForPaymentIntegrationEvent", [], True),
        ("ordering", "payment", "OrderCancelledDomainEvent", [], None),
        ("payment", "ordering", "PaymentCompletedIntegrationEvent", [], True),
        ("payment", "ordering", "PaymentFailedIntegrationEvent", [], True),
        ("payment", "ordering", "PaymentVoidedDomainEvent", [], None),
    ]


def test_json_lists_every_context_with_its_events_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "map", str(EXAMPLES / "shop"), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"contexts", "flows"}
    names = [context["name"] for context in document["contexts"]]
    assert names == ["basket", "catalog", "identity", "notifications", "ordering", "payment"]
    for context in document["contexts"]:
        assert set(context) == {"name", "defines", "publishes", "consumes"}
        for key in ("defines", "publishes", "consumes"):
            events = context[key]
            assert all(set(e) == {"event", "kind"} and e["kind"] in ("domain", "integration") for e in events)
            assert events == sorted(events, key=lambda e: e["event"])
    for flow in document["flows"]:
        assert set(flow) == {"event", "kind", "from", "to", "violations", "declared"}
    catalog = next(context for context in document["contexts"] if context["name"] == "catalog")
    assert catalog["defines"] == [
        {"event": "shop.catalog.domain.events.ProductPriceChangedDomainEvent", "kind": "domain"},
        {"event": "shop.catalog.domain.events.ProductStockReplenishedDomainEvent", "kind": "domain"},
    ]
    assert catalog["publishes"] == [{"event": "shop.contracts.catalog.ProductPriceChangedIntegrationEvent", "kind": "integration"}]
    notifications = next(context for context in document["contexts"] if context["name"] == "notifications")
    assert [e["event"].rpartition(".")[2] for e in notifications["consumes"]] == [
        "OrderCompletedIntegrationEvent",  # shop.contracts.ordering
        "UserRegisteredIntegrationEvent",  # shop.identity.integration_events
    ]
    assert run(capsys, "map", str(EXAMPLES / "shop"), "--format", "json")[1] == out  # warm, and the same


def test_mermaid_of_a_small_project(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(write(tmp_path, SMALL))
    assert run(capsys, "map") == (0, SMALL_MERMAID, "")
    assert run(capsys, "map", "--format", "mermaid", "shop/basket") == (0, SMALL_MERMAID, "")


def test_dot_of_a_small_project(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(write(tmp_path, SMALL))
    assert run(capsys, "map", "--format", "dot") == (0, SMALL_DOT, "")


@pytest.mark.parametrize("project", ["shop", "shop-violations"])
def test_graphviz_reads_the_dot_output(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Graphviz renders it where installed; pydot's parser of the DOT language reads it everywhere."""
    import pydot

    code, out, _ = run(capsys, "map", str(EXAMPLES / project), "--format", "dot")
    assert code == 0
    [graph] = pydot.graph_from_dot_data(out) or [None]
    assert graph is not None and graph.get_nodes() and graph.get_edges()
    if shutil.which("dot") is not None:
        rendered = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True, check=False)
        assert rendered.returncode == 0, rendered.stderr
        assert "<svg" in rendered.stdout


def test_node_ids_are_safe_and_labels_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    config = (
        '[contexts.end]\nmodules = ["shop.end"]\n'
        '[contexts."back-office"]\nmodules = ["shop.back"]\n'
        '[contexts."back office"]\nmodules = ["shop.office"]\n'
        '[contexts."say \\"hi\\""]\nmodules = ["shop.hi"]\n'
    )
    files = {"eventlint.toml": config, **{f"shop/{name}/__init__.py": "" for name in ("end", "back", "office", "hi")}}
    monkeypatch.chdir(write(tmp_path, files))
    code, out, err = run(capsys, "map")
    assert (code, err) == (0, "")
    assert out == (
        "flowchart LR\n"
        '    ctx_back_office["back office"]\n'
        '    ctx_back_office_2["back-office"]\n'
        '    ctx_end["end"]\n'
        '    ctx_say__hi_["say #34;hi#34;"]\n'
    )
    code, out, _ = run(capsys, "map", "--format", "dot")
    assert '    "say \\"hi\\"";\n' in out


def test_output_file_and_the_errors_check_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(write(tmp_path, SMALL))
    assert run(capsys, "map", "--output-file", "map.mmd") == (0, "", "")
    assert (tmp_path / "map.mmd").read_text(encoding="utf-8") == SMALL_MERMAID
    code, out, err = run(capsys, "map", "--output-file", "missing/map.mmd")
    assert (code, out) == (2, "")
    assert err == "eventlint: --output-file: cannot write 'missing/map.mmd' (a folder, or in a folder that does not exist)\n"
    assert run(capsys, "map", "nowhere")[::2] == (2, "eventlint: path 'nowhere' does not exist\n")
    assert run(capsys, "map", "--format", "svg")[0] == 2
    write(tmp_path, {"eventlint.toml": CONFIG.replace('modules = ["shop.basket"]', 'modules = ["shop.basket", 3]')})
    assert run(capsys, "map") == (2, "", "eventlint.toml: contexts.basket.modules[1]: expected a string, got an integer\n")


def test_setup_warnings_are_those_of_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    config = CONFIG + '[contexts.shipping]\nmodules = ["shop.shiping"]\n'
    monkeypatch.chdir(write(tmp_path, {**SMALL, "eventlint.toml": config}))
    code, _, err = run(capsys, "map")
    _, _, checked = run(capsys, "check")
    assert code == 0
    assert err == checked == (
        "eventlint: warning: eventlint.toml: contexts.shipping.modules[0]: 'shop.shiping' matches no module of the project\n"
    )


def test_without_configuration_the_map_is_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(write(tmp_path, {"app.py": "x = 1\n"}))
    code, out, err = run(capsys, "map", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"contexts": [], "flows": []}
    assert err == (
        "eventlint: no eventlint.toml or [tool.eventlint] found; mapping . as the project "
        "(no bounded contexts: the map is empty; `eventlint init` proposes a context map)\n"
    )


def test_the_readme_diagram_is_the_map_of_the_clean_services(capsys: pytest.CaptureFixture[str]) -> None:
    section = README.read_text(encoding="utf-8").split("## The context map as the code is", 1)[1]
    match = re.search(r"^```mermaid\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert match, "the README section shows the map in a mermaid block"
    code, out, _ = run(capsys, "map", str(EXAMPLES / "shop"))
    assert code == 0
    assert match[1] == out
