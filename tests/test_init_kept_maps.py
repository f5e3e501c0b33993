"""`eventlint init` reads the maps a team already keeps: tach, import-linter contracts, Context Mapper.

Where the project states its own boundaries, those are the contexts proposed, each naming the file
and entry it comes from; what the map names that is no package here is left out with the reason; a
map that cannot be read costs only itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from projects import run, write

from eventlint.checks.registry import codes_matching
from eventlint.config.loading import parse_config
from eventlint.init import render, survey

SHOP = {
    "shop/__init__.py": "",
    "shop/seedwork/__init__.py": "",
    "shop/seedwork/events.py": "class DomainEvent: ...\n",
    "shop/ordering/__init__.py": "",
    "shop/ordering/events.py": "from shop.seedwork.events import DomainEvent\n\n\nclass OrderPlacedDomainEvent(DomainEvent): ...\n",
    "shop/billing/__init__.py": "",
    "shop/billing/events.py": "from shop.seedwork.events import DomainEvent\n\n\nclass InvoiceIssuedDomainEvent(DomainEvent): ...\n",
    "shop/catalog/__init__.py": "",
    "shop/catalog/views.py": "def list_products() -> list[str]:\n    return []\n",
}
TACH_TOML = """\
source_roots = ["."]

[[modules]]
path = "shop.ordering"
depends_on = ["shop.seedwork", "shop.catalog"]

[[modules]]
path = "shop.billing"
depends_on = [{ path = "shop.ordering" }, "shop.seedwork"]

[[modules]]
path = "shop.catalog"
depends_on = []

[[modules]]
path = "shop.shipping"
depends_on = ["shop.ordering"]

[[modules]]
path = "shop.seedwork"
utility = true
"""
FIRST_CHECK = "eventlint: a first `eventlint check` with this configuration would report no findings (9 files)\n"


def proposed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
    """`eventlint init` on SHOP with `files` beside it: the proposal, and its contexts as the real loader reads them.

    The proposal loads without a problem and its first check gives no setup warning.
    """
    write(tmp_path, {**SHOP, **files})
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0, err
    assert err == FIRST_CHECK
    config = parse_config(out, root=tmp_path, rule_codes=codes_matching)
    return out, [(context.name, context.modules) for context in config.contexts]


def test_tach_modules_are_the_contexts_and_depends_on_the_flows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, contexts = proposed(tmp_path, capsys, {"tach.toml": TACH_TOML})
    # catalog holds no event: the team's map names it, so it is a context all the same.
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert (
        "# The maps this project keeps of its contexts, and what was taken from each:\n"
        "#   tach.toml: 3 contexts, 2 relationships taken from it\n"
        "\n"
        "[contexts.billing]\n"
        'modules = ["shop.billing"]  # tach.toml: module shop.billing\n'
    ) in out
    assert '#   "shop.seedwork"  # tach.toml: module shop.seedwork is `utility = true`: shared code, no context\n' in out
    assert '#   "shop.shipping"  # tach.toml: module shop.shipping, which names no package of this project\n' in out
    assert (
        "# relationships = [\n"
        '#     "catalog -> ordering",  # tach.toml: shop.ordering depends_on shop.catalog\n'
        '#     "ordering -> billing",  # tach.toml: shop.billing depends_on shop.ordering\n'
        "# ]\n"
    ) in out


def test_the_relationships_load_once_uncommented(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = proposed(tmp_path, capsys, {"tach.toml": TACH_TOML})
    uncommented = out.replace("# relationships = [", "relationships = [").replace('#     "', '    "').replace("# ]", "]")
    config = parse_config(uncommented, root=tmp_path, rule_codes=codes_matching)
    assert config.relationships == (("catalog", "ordering"), ("ordering", "billing"))


TACH_YML = """\
modules:
- path: shop.ordering
  depends_on:
  - shop.catalog   # browsing before ordering
  strict: true
- path: shop.billing
  depends_on:
  - path: shop.ordering
- path: shop.catalog
  depends_on: []
- path: shop.seedwork
  utility: true
exclude:
- tests/
source_root: .
"""


def test_tach_yml_of_the_plain_list_shape_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, contexts = proposed(tmp_path, capsys, {"tach.yml": TACH_YML})
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert "#   tach.yml: 3 contexts, 2 relationships taken from it\n" in out
    assert '#     "ordering -> billing",  # tach.yml: shop.billing depends_on shop.ordering\n' in out
    assert '#   "shop.seedwork"  # tach.yml: module shop.seedwork is `utility = true`: shared code, no context\n' in out


def test_tach_yml_of_another_shape_is_reported_not_guessed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = "modules: [{path: shop.ordering}, {path: shop.billing}]\n"
    out, contexts = proposed(tmp_path, capsys, {"tach.yml": flow})
    assert contexts == [("billing", ("shop.billing",)), ("ordering", ("shop.ordering",))]  # from the code
    assert "#   tach.yml: could not be read (line 1 is not of the plain `- path: module` shape): nothing taken from it\n" in out
    assert "# relationships" not in out


PYPROJECT = """\
[project]
name = "shop"

[tool.importlinter]
root_package = "shop"

[[tool.importlinter.contracts]]
name = "Contexts are independent"
type = "independence"
modules = ["shop.ordering", "shop.billing", "shop.catalog", "shop.*.models", "shop.returns"]

[[tool.importlinter.contracts]]
name = "Layers"
type = "layers"
containers = ["shop.ordering"]
layers = ["api", "domain"]
"""


def test_an_independence_contract_names_contexts_with_no_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, contexts = proposed(tmp_path, capsys, {"pyproject.toml": PYPROJECT})
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert (
        'modules = ["shop.ordering"]  # pyproject.toml: independence contract "Contexts are independent", module shop.ordering\n'
        in out
    )
    assert (
        '#   "shop.*.models"  # pyproject.toml: independence contract "Contexts are independent" names a pattern of modules, '
        "which names no one package: not read\n"
    ) in out
    assert "which names no package of this project" in out and '"shop.returns"' in out
    assert "the one container" not in out  # shop.ordering is a context by the independence contract
    assert "# relationships" not in out


def test_one_layered_application_names_no_context(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layers_only = (
        PYPROJECT[: PYPROJECT.index("[[tool.importlinter.contracts]]")]
        + PYPROJECT[PYPROJECT.index('[[tool.importlinter.contracts]]\nname = "Layers"') :]
    )
    out, contexts = proposed(tmp_path, capsys, {"pyproject.toml": layers_only.replace('"shop.ordering"', '"shop"')})
    assert contexts == [("billing", ("shop.billing",)), ("ordering", ("shop.ordering",))]  # from the code
    assert (
        '#   "shop"  # pyproject.toml: the one container of layers contract "Layers": the layers of one application, no contexts\n'
    ) in out
    assert "#   pyproject.toml: 0 contexts, 0 relationships taken from it\n" in out


def test_a_tach_module_holding_others_is_their_container(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tach = '[[modules]]\npath = "shop"\ndepends_on = []\n\n' + TACH_TOML
    out, contexts = proposed(tmp_path, capsys, {"tach.toml": tach})
    assert [name for name, _ in contexts] == ["billing", "catalog", "ordering"]
    assert '#   "shop"  # tach.toml: module shop, which holds shop.billing, named there too: a container, no context\n' in out


def test_layers_containers_and_forbidden_contracts_in_ini_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    importlinter = (
        "[importlinter]\nroot_package = shop\n\n"
        "[importlinter:contract:layered]\nname = Each context is layered\ntype = layers\n"
        "containers =\n    shop.ordering\n    shop.billing\nlayers =\n    api\n    (application)\n    domain\n"
    )
    setup_cfg = (
        "[metadata]\nname = shop\n\n"
        "[importlinter:contract:catalog]\nname = Catalog stays apart\ntype = forbidden\n"
        "source_modules =\n    shop.catalog\nforbidden_modules =\n    shop.ordering\n    shop.domain\n"
    )
    out, contexts = proposed(tmp_path, capsys, {".importlinter": importlinter, "setup.cfg": setup_cfg})
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert (
        'modules = ["shop.billing"]  # .importlinter: layers contract "Each context is layered", container, module shop.billing\n'
        in out
    )
    assert 'modules = ["shop.catalog"]  # setup.cfg: forbidden contract "Catalog stays apart", module shop.catalog\n' in out
    assert (
        '#   "shop.domain"  # setup.cfg: forbidden contract "Catalog stays apart" names it, '
        "but it is named like a layer or shared code, no context\n"
    ) in out
    assert (
        "#   .importlinter: 2 contexts, 0 relationships taken from it\n#   setup.cfg: 2 contexts, 0 relationships taken from it\n"
        in out
    )


CML = """\
/* The shop's context map, kept by the team. */
ContextMap ShopMap {
  type = SYSTEM_LANDSCAPE
  contains OrderingContext, BillingContext
  contains CatalogContext, ShippingContext

  OrderingContext [U,OHS,PL]->[D,CF] BillingContext {
    implementationTechnology = "Messaging -> Kafka"
  }
  ShippingContext Customer-Supplier OrderingContext
  BillingContext <- CatalogContext : PriceList
  CatalogContext [SK]<->[SK] OrderingContext
}

BoundedContext OrderingContext implements Sales // the heart of it
BoundedContext BillingContext
BoundedContext CatalogContext {
  Aggregate Products { }
}
BoundedContext ShippingContext
"""


def test_context_mapper_bounded_contexts_and_relationships(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, contexts = proposed(tmp_path, capsys, {"docs/architecture/shop.cml": CML})
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert 'modules = ["shop.ordering"]  # docs/architecture/shop.cml: BoundedContext OrderingContext\n' in out
    assert (
        '#   "ShippingContext"  # docs/architecture/shop.cml: BoundedContext ShippingContext, '
        "which matches no package of this project by name (shipping, shipping_context, shippingcontext)\n"
    ) in out
    assert (
        "# relationships = [\n"
        '#     "ordering -> billing",  # docs/architecture/shop.cml: OrderingContext [U,OHS,PL]->[D,CF] BillingContext\n'
        '#     "catalog -> billing",  # docs/architecture/shop.cml: BillingContext <- CatalogContext\n'
        "# ]\n"
        "# The contexts the project's own map says share a kernel. Confirm them and uncomment.\n"
        "# shared-kernels = [\n"
        '#     ["catalog", "ordering"],  # docs/architecture/shop.cml: CatalogContext [SK]<->[SK] OrderingContext\n'
        "# ]\n"
    ) in out
    uncommented = out.replace("# shared-kernels = [", "shared-kernels = [").replace("#     [", "    [").replace("# ]\n", "]\n")
    uncommented = uncommented.replace("# relationships = [", "relationships = [").replace('#     "', '    "')
    config = parse_config(uncommented, root=tmp_path, rule_codes=codes_matching)
    assert config.shared_kernels == (("catalog", "ordering"),)


def test_a_partnership_lets_events_flow_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cml = "ContextMap {\n  Ordering [P]<->[P] Billing\n  Catalog Supplier-Customer Ordering\n}\n"
    out, contexts = proposed(tmp_path, capsys, {"shop.cml": cml})
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert '#     "ordering -> billing",  # shop.cml: Ordering [P]<->[P] Billing\n' in out
    assert '#     "billing -> ordering",  # shop.cml: Ordering [P]<->[P] Billing\n' in out
    assert '#     "catalog -> ordering",  # shop.cml: Catalog Supplier-Customer Ordering\n' in out
    assert "shared-kernels" not in out


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("tach.toml", '[[modules]\npath = "shop.ordering"\n', "it is not valid TOML (line 1)"),
        ("tach.toml", "modules = 3\n", "`modules` is not an array of tables"),
        (".importlinter", "[importlinter\nroot_package = shop\n", "it is not valid INI (line 1)"),
        ("shop.cml", b"BoundedContext Ordering\xff\n", "it is not UTF-8 text"),
    ],
)
def test_a_map_that_cannot_be_read_costs_only_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str | bytes, why: str
) -> None:
    out, contexts = proposed(tmp_path, capsys, {name: text, "tach.yml": TACH_YML})  # type: ignore[dict-item]
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert f"#   {name}: could not be read ({why}): nothing taken from it\n" in out
    assert "#   tach.yml: 3 contexts, 2 relationships taken from it\n" in out


def test_a_map_linked_from_outside_the_project_is_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere"
    write(outside, {"tach.toml": TACH_TOML, "maps/shop.cml": CML})
    project = tmp_path / "project"
    project.mkdir()
    os.symlink(outside / "tach.toml", project / "tach.toml")
    os.symlink(outside / "maps", project / "maps")  # a linked folder is not searched
    out, contexts = proposed(project, capsys, {})
    assert contexts == [("billing", ("shop.billing",)), ("ordering", ("shop.ordering",))]  # from the code
    assert (
        "#   tach.toml: could not be read (it is a link to a file outside the project, which eventlint does not follow): "
        "nothing taken from it\n"
    ) in out
    assert "shop.cml" not in out


def test_survey_carries_the_kept_map(tmp_path: Path) -> None:
    write(tmp_path, {**SHOP, "tach.toml": TACH_TOML})
    proposal = survey(tmp_path, jobs=1)
    assert [context.name for context in proposal.contexts] == ["billing", "catalog", "ordering"]
    assert [entry.value for entry in proposal.relationships] == ["catalog -> ordering", "ordering -> billing"]
    assert [entry.value for entry in proposal.left_out] == ["shop.seedwork", "shop.shipping"]
    assert [entry.value for entry in proposal.kept_maps] == ["tach.toml"]
    assert "[contexts.catalog]\n" in render(proposal)


def test_a_project_without_a_kept_map_is_proposed_from_its_code(tmp_path: Path) -> None:
    write(tmp_path, {**SHOP, "pyproject.toml": '[project]\nname = "shop"\n', "setup.cfg": "[metadata]\nname = shop\n"})
    proposal = survey(tmp_path, jobs=1)
    assert [context.name for context in proposal.contexts] == ["billing", "ordering"]
    assert proposal.kept_maps == proposal.relationships == ()
    assert [entry.value for entry in proposal.left_out] == ["shop.seedwork"]  # shared code, told by the code alone
    assert "maps this project keeps" not in render(proposal)


def test_names_in_a_map_cannot_break_out_of_their_comment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A map is the project's text: a name holding a line break or a control character stays a comment."""
    tach = (
        '[[modules]]\npath = "shop.ordering"\n\n[[modules]]\npath = "shop.billing"\n\n'
        '[[modules]]\npath = "x\\n[contexts.evil]\\nmodules = [\\"shop\\"]\\u0001"\ndepends_on = ["shop\\u0000"]\n'
    )
    contracts = '[[tool.importlinter.contracts]]\nname = "a\\nb\\u0007"\ntype = "independence"\nmodules = ["shop.catalog"]\n'
    out, contexts = proposed(tmp_path, capsys, {"tach.toml": tach, "pyproject.toml": "[tool.importlinter]\n" + contracts})
    assert contexts == [("billing", ("shop.billing",)), ("catalog", ("shop.catalog",)), ("ordering", ("shop.ordering",))]
    assert "evil" not in [name for name, _ in contexts]
    assert 'modules = ["shop.catalog"]  # pyproject.toml: independence contract "a b ", module shop.catalog\n' in out
    assert "\n[contexts.evil]" not in out and "\x01" not in out and "\x07" not in out


def test_a_map_naming_some_contexts_keeps_those_the_code_shows_beside_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `.cml` in the documentation naming one context: the others the code shows are still proposed."""
    cml = "BoundedContext OrderingContext\n"
    out, contexts = proposed(tmp_path, capsys, {"docs/ordering.cml": cml})
    assert contexts == [("ordering", ("shop.ordering",)), ("billing", ("shop.billing",))]
    assert 'modules = ["shop.ordering"]  # docs/ordering.cml: BoundedContext OrderingContext\n' in out
    assert 'modules = ["shop.billing"]  # holds 1 event\n' in out
