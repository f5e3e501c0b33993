"""The fixes as pure functions: the exact text they produce, what they refuse, and that the finding is gone."""

from __future__ import annotations

import ast
from collections.abc import Mapping

import pytest
from projects import CONFIG, shop_config

from eventlint import lint_sources
from eventlint.fixes import Edit, RenameRefused, add_noqa, move_publish_after_commit, rename_class

OLD = "shop.ordering.events.OrderStarted"
NEW = "OrderStartedDomainEvent"


def modules_of(sources: Mapping[str, str]) -> dict[str, str]:
    """`{path: module}` for files below `src/`, as `src = ["src"]` names them."""
    return {
        path: path.removeprefix("src/").removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for path in sources
        if path.endswith(".py")
    }


def renamed(sources: Mapping[str, str], qualname: str = OLD, new: str = NEW) -> dict[str, str]:
    """The project after the rename, and a check that every edit parses and a second rename changes nothing."""
    edits = rename_class(sources, modules_of(sources), qualname, new)
    after = dict(sources)
    for edit in edits:
        assert isinstance(edit, Edit) and edit.before == sources[edit.path] and edit.after != edit.before
        ast.parse(edit.after)
        after[edit.path] = edit.after
    assert rename_class(after, modules_of(after), qualname, new) == []
    alias = f"\n{qualname.rsplit('.', 1)[-1]} = {new}  # kept for old imports\n"
    with_alias = {path: text + alias if path == "src/shop/ordering/events.py" else text for path, text in after.items()}
    assert rename_class(with_alias, modules_of(with_alias), qualname, new) == []
    return after


SEEDWORK = "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n"
EVENTS = '''\
from dataclasses import dataclass

from shop.seedwork import DomainEvent

__all__ = ["OrderStarted", "OrderStartedSerializer"]


@dataclass(frozen=True)
class OrderStarted(DomainEvent):  # OrderStarted: the buyer checked out
    """OrderStarted makes the user a buyer."""

    order_id: int


class OrderStartedSerializer:
    kind = "OrderStarted"

    def load(self, data: dict[str, int]) -> OrderStarted:
        return OrderStarted(**data)
'''


def project(**files: str) -> dict[str, str]:
    return {
        "src/shop/__init__.py": "",
        "src/shop/seedwork.py": SEEDWORK,
        "src/shop/ordering/__init__.py": "",
        "src/shop/ordering/events.py": EVENTS,
        **{f"src/shop/{name.replace('__', '/')}.py": text for name, text in files.items()},
    }


def test_the_class_statement_its_module_and_its_all_entry_are_renamed() -> None:
    assert renamed(project())["src/shop/ordering/events.py"] == EVENTS.replace(
        '__all__ = ["OrderStarted",', '__all__ = ["OrderStartedDomainEvent",'
    ).replace("class OrderStarted(", "class OrderStartedDomainEvent(").replace(
        "-> OrderStarted:\n        return OrderStarted(", "-> OrderStartedDomainEvent:\n        return OrderStartedDomainEvent("
    )


def test_every_kind_of_reference_is_renamed() -> None:
    handlers = '''\
from __future__ import annotations

import shop.ordering.events
import shop.ordering.events as ordering_events
from shop.ordering import events
from shop.ordering.events import OrderStarted
from shop.ordering.events import OrderStarted as Started


class OrderStartedWithNote(OrderStarted):
    note: str


@OrderStarted.register
def on_order_started(event: OrderStarted, log: list[OrderStarted], seen: "OrderStarted") -> "events.OrderStarted":
    if isinstance(event, (OrderStarted, events.OrderStarted, ordering_events.OrderStarted)):
        return shop.ordering.events.OrderStarted(order_id=1)
    started: dict[int, "list[OrderStarted]"] = {}
    return Started(order_id=len(started))
'''
    assert renamed(project(basket__handlers=handlers))["src/shop/basket/handlers.py"] == '''\
from __future__ import annotations

import shop.ordering.events
import shop.ordering.events as ordering_events
from shop.ordering import events
from shop.ordering.events import OrderStartedDomainEvent
from shop.ordering.events import OrderStartedDomainEvent as Started


class OrderStartedWithNote(OrderStartedDomainEvent):
    note: str


@OrderStartedDomainEvent.register
def on_order_started(event: OrderStartedDomainEvent, log: list[OrderStartedDomainEvent], seen: "OrderStartedDomainEvent") -> "events.OrderStartedDomainEvent":
    if isinstance(event, (OrderStartedDomainEvent, events.OrderStartedDomainEvent, ordering_events.OrderStartedDomainEvent)):
        return shop.ordering.events.OrderStartedDomainEvent(order_id=1)
    started: dict[int, "list[OrderStartedDomainEvent]"] = {}
    return Started(order_id=len(started))
'''


def test_a_re_export_carries_the_new_name_on_to_its_importers() -> None:
    sources = project(
        ordering__api="from .events import OrderStarted\n\n__all__ = ('OrderStarted',)\n",
        basket__relative="from ..ordering.api import OrderStarted\n\n\ndef f(e: OrderStarted) -> None: ...\n",
        basket__through="import shop.ordering.api as api\n\nx: api.OrderStarted | None = None\n",
        basket__star="from shop.ordering.api import *\n\nSTARTED = OrderStarted(order_id=1)\n",
    )
    sources["src/shop/ordering/__init__.py"] = "from .events import *\n"
    sources["src/shop/basket/package.py"] = "from shop.ordering import OrderStarted\n"
    after = renamed(sources)
    assert after["src/shop/ordering/api.py"] == (
        "from .events import OrderStartedDomainEvent\n\n__all__ = ('OrderStartedDomainEvent',)\n"
    )
    assert after["src/shop/basket/relative.py"] == (
        "from ..ordering.api import OrderStartedDomainEvent\n\n\ndef f(e: OrderStartedDomainEvent) -> None: ...\n"
    )
    assert after["src/shop/basket/through.py"] == "import shop.ordering.api as api\n\nx: api.OrderStartedDomainEvent | None = None\n"
    assert after["src/shop/basket/star.py"] == "from shop.ordering.api import *\n\nSTARTED = OrderStartedDomainEvent(order_id=1)\n"
    assert after["src/shop/basket/package.py"] == "from shop.ordering import OrderStartedDomainEvent\n"
    assert after["src/shop/ordering/__init__.py"] == "from .events import *\n"


def test_an_alias_keeps_its_name_and_so_do_its_users() -> None:
    sources = project(
        ordering__api="from .events import OrderStarted as Started\n",
        basket__users="from shop.ordering.api import Started\n\nx = Started(order_id=1)\n",
    )
    after = renamed(sources)
    assert after["src/shop/ordering/api.py"] == "from .events import OrderStartedDomainEvent as Started\n"
    assert after["src/shop/basket/users.py"] == sources["src/shop/basket/users.py"]


UNRELATED = '''\
"""OrderStarted, as the catalog knows it: a class of its own."""


class OrderStarted:
    pass


def announce(obj: object) -> OrderStarted:
    # OrderStarted is ours here
    return OrderStarted()
'''
NOT_THE_CLASS = '''\
import shop.ordering.events as events


class Projection:
    OrderStarted = "an attribute"

    def __init__(self, source: object) -> None:
        self.OrderStarted = source.OrderStarted
        print("OrderStarted", f"{self.OrderStarted}")


def local() -> int:
    OrderStarted = 1
    return OrderStarted


def keyword(**kwargs: int) -> None:
    keyword(OrderStarted=1)
    events.OrderStartedSerializer().load({"OrderStarted": 1})
'''
DATA_IN_ANNOTATIONS = '''\
from typing import Annotated, Literal

from shop.ordering.events import OrderStarted

kind: Literal["OrderStarted"] = "OrderStarted"
started: Annotated["OrderStarted", "OrderStarted"]
'''


def test_other_bindings_of_the_name_strings_comments_and_docstrings_are_left_alone() -> None:
    after = renamed(project(catalog__events=UNRELATED, basket__projection=NOT_THE_CLASS, basket__data=DATA_IN_ANNOTATIONS))
    assert after["src/shop/catalog/events.py"] == UNRELATED
    assert after["src/shop/basket/projection.py"] == NOT_THE_CLASS
    assert after["src/shop/basket/data.py"] == DATA_IN_ANNOTATIONS.replace(
        "events import OrderStarted", "events import OrderStartedDomainEvent"
    ).replace('Annotated["OrderStarted",', 'Annotated["OrderStartedDomainEvent",')
    events = after["src/shop/ordering/events.py"]
    assert "# OrderStarted: the buyer checked out" in events
    assert '"""OrderStarted makes the user a buyer."""' in events
    assert 'kind = "OrderStarted"' in events


def test_only_files_that_spell_the_name_are_parsed() -> None:
    sources = project(basket__broken="def broken(:\n")
    assert set(renamed(sources)) == set(sources)
    sources = project(basket__broken="OrderStarted(:\n")
    with pytest.raises(RenameRefused, match="cannot parse the file") as refused:
        rename_class(sources, modules_of(sources), OLD, NEW)
    assert refused.value.path == "src/shop/basket/broken.py"


@pytest.mark.parametrize(
    ("where", "text", "line"),
    [
        ("ordering/events.py", EVENTS + "\n\nclass OrderStartedDomainEvent: ...\n", 22),
        ("basket/handlers.py", "from shop.ordering.events import OrderStarted\nOrderStartedDomainEvent = 1\n", 2),
        (
            "basket/handlers.py",
            "from shop.ordering.events import OrderStarted\n\n\ndef f():\n    OrderStartedDomainEvent = 2\n    return OrderStarted\n",
            5,
        ),
    ],
)
def test_a_new_name_already_bound_where_the_rename_binds_it_refuses_the_whole_rename(
    where: str, text: str, line: int
) -> None:
    sources = {**project(basket__other="from shop.ordering.events import OrderStarted\n"), f"src/shop/{where}": text}
    with pytest.raises(RenameRefused) as refused:
        rename_class(sources, modules_of(sources), OLD, NEW)
    assert (refused.value.path, refused.value.line) == (f"src/shop/{where}", line)
    assert refused.value.reason == "`OrderStartedDomainEvent` is already a name here"


def test_a_new_name_elsewhere_is_no_collision() -> None:
    sources = project(
        catalog__events="class OrderStartedDomainEvent: ...\n",
        basket__handlers="from shop.ordering import events\n\nx = events.OrderStarted\nOrderStartedDomainEvent = 1\n",
    )
    assert renamed(sources)["src/shop/basket/handlers.py"] == (
        "from shop.ordering import events\n\nx = events.OrderStartedDomainEvent\nOrderStartedDomainEvent = 1\n"
    )


def test_a_name_that_may_be_the_class_or_not_refuses_the_rename() -> None:
    sources = project(
        basket__handlers=(
            "def on(flag: bool) -> object:\n    if flag:\n        from shop.ordering.events import OrderStarted\n"
            "    else:\n        OrderStarted = None\n    return OrderStarted\n"
        )
    )
    with pytest.raises(RenameRefused) as refused:
        rename_class(sources, modules_of(sources), OLD, NEW)
    assert (refused.value.path, refused.value.line) == ("src/shop/basket/handlers.py", 6)
    assert refused.value.reason == "`OrderStarted` may be the class or another binding here"
    reexported = "try:\n    from .events import OrderStarted\nexcept ImportError:\n    OrderStarted = None\n"
    sources = project(ordering__api=reexported)
    with pytest.raises(RenameRefused, match="`OrderStarted` is bound more than once here"):
        rename_class(sources, modules_of(sources), OLD, NEW)


def test_what_cannot_be_renamed_is_said_and_what_is_not_there_is_no_edit() -> None:
    sources = project()
    modules = modules_of(sources)
    with pytest.raises(RenameRefused, match="not a valid class name"):
        rename_class(sources, modules, OLD, "class")
    with pytest.raises(RenameRefused, match="not a module-level class"):
        rename_class(sources, modules, "shop.ordering.events.OrderStartedSerializer.Inner", NEW)
    assert rename_class(sources, modules, "shop.ordering.events.OrderPaid", NEW) == []
    assert rename_class(sources, modules, "elsewhere.OrderStarted", NEW) == []
    assert rename_class(sources, modules, OLD, "OrderStarted") == []


def test_after_the_rename_the_suffix_finding_is_gone() -> None:
    sources = project(ordering__handlers="from .events import OrderStarted\n\n\ndef on(e: OrderStarted) -> None: ...\n")
    assert [(d.code, d.path) for d in lint_sources(sources, CONFIG).diagnostics] == [
        ("EVL101", "src/shop/ordering/events.py")
    ]
    result = lint_sources(renamed(sources), CONFIG)
    assert not result.errors and not result.diagnostics


# -- add_noqa ---------------------------------------------------------------------------
NOQA_SOURCE = """\
x = 1
y = 2  # noqa: E501 too long
z = 3  # noqa
w = 4  # noqa: EVL1
v = 5  # type: ignore
class Started(\\
        Base):  # a comment
    pass
s = f(\"\"\"
a multi-line string
\"\"\")
t = 6  # noqa: EVL2O1
"""


def test_add_noqa_puts_each_code_where_eventlint_honours_it() -> None:
    codes = {1: ["EVL101"], 2: ["EVL101", "E501", "EVL101"], 3: ["EVL101"], 4: ["EVL101"], 5: ["evl302"]}
    codes |= {6: ["EVL101", "EVL104"], 9: ["EVL302"], 10: ["EVL302"], 12: ["EVL101"], 99: ["EVL101"]}
    assert add_noqa(NOQA_SOURCE, codes) == """\
x = 1  # noqa: EVL101
y = 2  # noqa: E501, EVL101 too long
z = 3  # noqa
w = 4  # noqa: EVL1
v = 5  # type: ignore  # noqa: EVL302
class Started(\\
        Base):  # a comment  # noqa: EVL101, EVL104
    pass
s = f(\"\"\"
a multi-line string
\"\"\")  # noqa: EVL302
t = 6  # noqa: EVL101
"""


def test_add_noqa_is_idempotent_keeps_line_endings_and_leaves_unparsable_text() -> None:
    once = add_noqa(NOQA_SOURCE, {1: ["EVL101"], 6: ["EVL101"], 9: ["EVL302"]})
    assert add_noqa(once, {1: ["EVL101"], 6: ["EVL101"], 9: ["EVL302"], 7: ["EVL101"]}) == once
    assert add_noqa("a = 1\r\nb = 2\r\n", {1: ["EVL101"]}) == "a = 1  # noqa: EVL101\r\nb = 2\r\n"
    assert add_noqa("a = 1", {1: ["EVL101"]}) == "a = 1  # noqa: EVL101"
    assert add_noqa("def broken(:\n", {1: ["EVL101"]}) == "def broken(:\n"


def test_add_noqa_suppresses_the_findings_it_is_given() -> None:
    events = (
        "from shop.seedwork import DomainEvent\n\n\n"
        "class CreateOrder(\\\n        DomainEvent):\n    pass\n\n\n"
        "class OrderShipped(DomainEvent):  # noqa: E501\n    pass\n"
    )
    sources = {**project(), "src/shop/ordering/events.py": events}
    result = lint_sources(sources, CONFIG)
    by_line: dict[int, list[str]] = {}
    for diagnostic in result.diagnostics:
        by_line.setdefault(diagnostic.line, []).append(diagnostic.code)
    assert by_line == {4: ["EVL101", "EVL104"], 9: ["EVL101"]}
    fixed = add_noqa(events, by_line)
    ast.parse(fixed)
    assert "        DomainEvent):  # noqa: EVL101, EVL104\n" in fixed
    assert "class OrderShipped(DomainEvent):  # noqa: E501, EVL101\n" in fixed
    assert not lint_sources({**sources, "src/shop/ordering/events.py": fixed}, CONFIG).diagnostics


# -- move_publish_after_commit -------------------------------------------------------------
PUBLISH_CONFIG = shop_config(events=["integration"], dispatch=["broker", "commit", "after-commit"])
CATALOG = '''\
from django.db import transaction

from shop.seedwork import IntegrationEvent


class PriceChangedIntegrationEvent(IntegrationEvent):
    pass


class PriceService:
    def change(self, product_id: int) -> None:
        event = PriceChangedIntegrationEvent()
        self.event_bus.publish(event)  # the basket shows the new price
        self.uow.commit()


def capture(event_bus: object, reason: str) -> PriceChangedIntegrationEvent:
    with transaction.atomic():
        event = PriceChangedIntegrationEvent()
        if reason:
            event_bus.publish(event, reason=reason, retries=3)
    return event
'''


def test_a_publish_before_the_commit_moves_into_the_after_commit_hook() -> None:
    sources = {"shop/__init__.py": "", "shop/seedwork.py": SEEDWORK, "shop/catalog.py": CATALOG}
    assert [(d.code, d.line) for d in lint_sources(sources, PUBLISH_CONFIG).diagnostics] == [("EVL302", 13), ("EVL302", 21)]
    once = move_publish_after_commit(CATALOG, 13, "self.uow.on_commit")
    assert once is not None
    fixed = move_publish_after_commit(once, 21, "transaction.on_commit")
    assert fixed == CATALOG.replace(
        "        self.event_bus.publish(event)  #", "        self.uow.on_commit(lambda: self.event_bus.publish(event))  #"
    ).replace(
        "            event_bus.publish(event, reason=reason, retries=3)",
        "            transaction.on_commit(lambda: event_bus.publish(event, reason=reason, retries=3))",
    )
    ast.parse(fixed)
    assert move_publish_after_commit(fixed, 13, "self.uow.on_commit") == fixed
    assert move_publish_after_commit(fixed, 21, "transaction.on_commit") == fixed
    result = lint_sources({**sources, "shop/catalog.py": fixed}, PUBLISH_CONFIG)
    assert not result.errors and not result.diagnostics


def _publish_in(body: str) -> str:
    return f"from django.db import transaction\n\n\ndef f(event_bus, events, event):\n{body}"


@pytest.mark.parametrize(
    "source",
    [
        _publish_in("    sent = event_bus.publish(event)\n"),  # not a call statement
        _publish_in("    event_bus.publish(event); event_bus.flush()\n"),
        _publish_in("    await event_bus.publish(event)\n"),
        _publish_in("    for event in events:\n        event_bus.publish(event)\n"),  # every lambda would see the last
        _publish_in("    while events:\n        event_bus.publish(events.pop())\n"),
        _publish_in("    try:\n        event_bus.publish(event)\n    except OSError:\n        pass\n"),
        _publish_in("    event_bus.publish(event)\n    event = None\n"),  # rebound before the hook runs
        _publish_in("    event_bus.publish(event)\n    event.price = 2\n"),  # changed before the hook runs
        _publish_in("    event_bus.publish(event)\n    audit(event)\n"),
        _publish_in("    event_bus.publish(event)\n    event_bus = None\n"),
        _publish_in("    event_bus.publish(Event(price=event.price))\n"),  # read at a later time
        _publish_in("    event_bus.publish(*events)\n"),
        _publish_in("    get_bus().publish(event)\n"),
        "def f(event_bus, event):\n    event_bus.publish(event)\n",  # the hook is not bound here
        "from django.db import transaction\n\nevent_bus.publish(event)\n",  # not in a function
        _publish_in("    def transaction():\n        pass\n    event_bus.publish(event)\n    transaction = None\n"),
    ],
)
def test_a_publish_that_cannot_be_proved_safe_to_defer_is_left_alone(source: str) -> None:
    line = next(n for n, text in enumerate(source.splitlines(), 1) if "publish" in text)
    assert move_publish_after_commit(source, line, "transaction.on_commit") is None


def test_a_publish_that_returns_its_event_afterwards_is_deferred() -> None:
    source = _publish_in("    event_bus.publish(event)\n    return event\n")
    assert move_publish_after_commit(source, 5, "transaction.on_commit") == _publish_in(
        "    transaction.on_commit(lambda: event_bus.publish(event))\n    return event\n"
    )
    assert move_publish_after_commit(source, 5, "not a hook") is None
    assert move_publish_after_commit(source, 4, "transaction.on_commit") is None
    assert move_publish_after_commit("def broken(:\n", 1, "transaction.on_commit") is None
