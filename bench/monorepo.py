"""Generate a large, realistic, event-driven Python monorepo to benchmark eventlint.

    python bench/monorepo.py DIR [--files 5000] [--seed 7]

The tree written under ``DIR`` is a monorepo of bounded contexts (``ordering``,
``catalog``, ``basket``, ``payment``, ...), each with ``domain``,
``application``, ``infrastructure``, ``api``, ``utils`` and ``tests`` layers,
next to ``mono.seedwork`` (the building blocks) and ``mono.contracts`` (the
published language), with an ``eventlint.toml`` describing the context map.

Most modules have nothing to do with events: value objects, policies,
schemas, repositories, mappers, workers, clients, helpers and tests, written
as ordinary, varied Python, some using ``send``, ``commit``, ``transaction``
or ``publish`` in unrelated senses, some with ``threading.Event`` or
``asyncio.Event`` stop flags. The event-related modules (domain events,
aggregates, application services, consumers, messaging adapters, contracts)
follow the clean shapes eventlint must leave alone, except for a known number
of planted violations, each marked on its line with ``# expect: EVLnnn``.
:func:`generate` returns those counts in :attr:`Planted.expected`.

The output depends only on ``files`` and ``seed``: the same pair always
writes a byte-identical tree. The module uses the standard library only.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

__all__ = ["Planted", "generate", "main"]

#: Roughly how many files one bounded context gets; the number of contexts
#: grows with the requested file count until the table below runs out.
FILES_PER_SERVICE = 215

# name, aggregates, vocabulary of the context (snake_case nouns).
SERVICE_TABLE: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "ordering",
        ("Order", "Buyer", "Invoice", "Quote"),
        ("order", "buyer", "invoice", "order_line", "delivery_address", "checkout", "quote", "tax_line"),
    ),
    (
        "catalog",
        ("Product", "Brand", "Category", "ProductBundle"),
        ("product", "brand", "category", "sku", "attribute", "listing", "variant", "image"),
    ),
    (
        "basket",
        ("Basket", "Wishlist", "BasketShare"),
        ("basket", "wishlist", "basket_item", "coupon", "cart", "promotion", "share_link", "reminder"),
    ),
    (
        "payment",
        ("Payment", "Refund", "Payout", "PaymentMethod"),
        ("payment", "refund", "payout", "card", "charge", "settlement", "authorization", "chargeback"),
    ),
    (
        "identity",
        ("Account", "Credential", "Team", "ApiKey"),
        ("account", "credential", "team", "role", "permission", "api_key", "login", "password"),
    ),
    (
        "shipping",
        ("Shipment", "Parcel", "Carrier", "Manifest"),
        ("shipment", "parcel", "carrier", "label", "tracking", "route", "depot", "manifest"),
    ),
    (
        "inventory",
        ("StockItem", "Warehouse", "Reservation", "Replenishment"),
        ("stock", "warehouse", "bin", "reservation", "lot", "stock_level", "replenishment", "cycle_count"),
    ),
    (
        "pricing",
        ("PriceList", "Discount", "TaxRule", "PriceRule"),
        ("price", "price_list", "discount", "tax_rule", "margin", "rounding", "surcharge", "tier"),
    ),
    (
        "notifications",
        ("Notification", "Subscription", "MessageTemplate", "DeliveryChannel"),
        ("notification", "template", "channel", "recipient", "digest", "reminder", "preference", "sms"),
    ),
    (
        "loyalty",
        ("Membership", "RewardAccount", "Voucher", "Referral"),
        ("points", "membership", "reward", "voucher", "referral", "badge", "streak", "redemption"),
    ),
    (
        "reviews",
        ("Review", "ReviewThread", "ModerationCase"),
        ("review", "rating", "comment", "moderation", "reviewer", "helpful_vote", "photo", "abuse_report"),
    ),
    (
        "search",
        ("SearchIndex", "SynonymGroup", "Facet", "SearchAlert"),
        ("query", "index", "synonym", "facet", "ranking", "suggestion", "token", "shard"),
    ),
    (
        "returns",
        ("ReturnRequest", "Inspection", "Restock"),
        ("return_request", "inspection", "reason_code", "restock", "return_window", "receipt", "grading", "label"),
    ),
    (
        "billing",
        ("BillingAccount", "Statement", "CreditNote"),
        ("statement", "billing_cycle", "credit_note", "dunning", "balance", "line_item", "usage", "tax"),
    ),
    (
        "fulfillment",
        ("PickList", "PackingSlip", "Wave"),
        ("pick_list", "packing_slip", "wave", "tote", "picker", "station", "batch", "slot"),
    ),
    (
        "customers",
        ("Customer", "Household", "ContactPoint"),
        ("customer", "household", "contact", "segment", "consent", "birthday", "address_book", "nickname"),
    ),
    (
        "marketing",
        ("Campaign", "Audience", "Promotion"),
        ("campaign", "audience", "creative", "budget", "placement", "impression", "click", "conversion"),
    ),
    (
        "analytics",
        ("Report", "Dashboard", "Metric"),
        ("report", "dashboard", "metric", "dimension", "widget", "snapshot", "cohort", "funnel"),
    ),
    (
        "support",
        ("Ticket", "Agent", "Macro"),
        ("ticket", "agent", "macro", "escalation", "queue", "sla", "reply", "satisfaction"),
    ),
    (
        "recommendations",
        ("Recommendation", "Carousel", "Experiment"),
        ("recommendation", "carousel", "experiment", "signal", "affinity", "embedding", "candidate", "slot"),
    ),
    (
        "fraud",
        ("RiskAssessment", "Blocklist", "Investigation"),
        ("risk", "blocklist", "rule", "score", "device", "velocity", "investigation", "signal"),
    ),
    (
        "subscriptions",
        ("Plan", "SubscriptionContract", "Renewal"),
        ("plan", "contract", "renewal", "trial", "addon", "proration", "cancellation", "entitlement"),
    ),
    (
        "media",
        ("Asset", "Album", "Rendition"),
        ("asset", "album", "rendition", "thumbnail", "caption", "upload", "license", "watermark"),
    ),
    (
        "scheduling",
        ("Booking", "TimeSlot", "Calendar"),
        ("booking", "time_slot", "calendar", "availability", "resource", "holiday", "shift", "appointment"),
    ),
    (
        "auctions",
        ("Auction", "Bidder", "ReservePrice"),
        ("auction", "bidder", "reserve", "increment", "lot", "closing", "watcher", "opening"),
    ),
    (
        "documents",
        ("Document", "Folder", "SignatureRequest"),
        ("document", "folder", "revision", "signature", "attachment", "template", "share_link", "retention"),
    ),
    (
        "compliance",
        ("Screening", "AuditTrail", "DataRequest"),
        ("screening", "audit", "data_request", "sanction", "retention_rule", "policy_check", "evidence", "consent"),
    ),
    (
        "procurement",
        ("PurchaseOrder", "Supplier", "Requisition"),
        ("supplier", "requisition", "purchase_order", "quote_request", "lead_time", "catalog_item", "approval", "receipt"),
    ),
    (
        "accounting",
        ("Ledger", "JournalEntry", "FiscalPeriod"),
        ("ledger", "journal", "account_code", "period", "posting", "reconciliation", "accrual", "trial_balance"),
    ),
    (
        "payroll",
        ("Employee", "Payslip", "PayRun"),
        ("employee", "payslip", "pay_run", "deduction", "allowance", "timesheet", "bonus", "tax_code"),
    ),
    (
        "partners",
        ("Partner", "Affiliate", "Commission"),
        ("partner", "affiliate", "commission", "payout_rule", "referral_link", "contract", "tier", "region"),
    ),
    ("content", ("Article", "Page", "Author"), ("article", "page", "author", "revision", "slug", "section", "teaser", "tag")),
    (
        "sellers",
        ("Seller", "Storefront", "SellerOnboarding"),
        ("seller", "storefront", "onboarding", "kyc", "listing_fee", "payout_account", "rating", "policy"),
    ),
    (
        "gifting",
        ("GiftCard", "GiftRegistry", "GiftWrap"),
        ("gift_card", "registry", "wrap", "message", "balance", "occasion", "recipient", "code"),
    ),
)

#: Past-tense verbs of the clean events, with the imperative used for the
#: aggregate method and the command.
VERBS: tuple[tuple[str, str], ...] = (
    ("Renamed", "rename"),
    ("Archived", "archive"),
    ("Activated", "activate"),
    ("Suspended", "suspend"),
    ("Approved", "approve"),
    ("Rejected", "reject"),
    ("Closed", "close"),
    ("Reopened", "reopen"),
    ("Verified", "verify"),
    ("Scheduled", "schedule"),
    ("Cancelled", "cancel"),
    ("Completed", "complete"),
    ("Submitted", "submit"),
    ("Confirmed", "confirm"),
    ("Expired", "expire"),
    ("Restored", "restore"),
    ("Assigned", "assign"),
    ("Flagged", "flag"),
    ("Locked", "lock"),
    ("Unlocked", "unlock"),
)
IMPERATIVE = dict(VERBS)

# Names of planted misnamed or misplaced classes.
COMMAND_LIKE = ("Create", "Start", "Open", "Register", "Prepare", "Reserve")
BARE_PASTS = ("Escalated", "Delayed", "Audited", "Merged", "Reindexed", "Expedited")
BASELESS_PASTS = ("Imported", "Migrated", "Duplicated", "Reviewed")
UNSUFFIXED_PASTS = ("Exported", "Synchronized", "Mirrored")

QUALIFIERS = (
    "daily",
    "bulk",
    "regional",
    "partner",
    "legacy",
    "draft",
    "pending",
    "seasonal",
    "internal",
    "external",
    "default",
    "priority",
    "manual",
    "weekly",
    "monthly",
    "express",
    "standard",
    "premium",
    "local",
    "cached",
    "recent",
    "nightly",
    "shared",
    "tenant",
)
GENERIC_NOUNS = (
    "record",
    "entry",
    "batch",
    "window",
    "limit",
    "threshold",
    "summary",
    "snapshot",
    "cursor",
    "filter",
    "rule",
    "schedule",
    "period",
    "region",
    "locale",
    "note",
    "quota",
    "budget",
    "export",
    "feed_item",
    "setting",
    "counter",
    "bucket",
    "alias",
)
VO_SUFFIXES = (
    "Spec",
    "Window",
    "Range",
    "Snapshot",
    "Quantity",
    "Code",
    "Reference",
    "Summary",
    "Limit",
    "Details",
    "Period",
    "Breakdown",
    "Threshold",
    "Key",
    "Settings",
    "Profile",
)
ENUM_SUFFIXES = ("Status", "Kind", "Mode", "Level", "Stage", "Reason", "Channel", "Tier")
ENUM_MEMBERS = (
    "draft",
    "pending",
    "active",
    "paused",
    "closed",
    "archived",
    "failed",
    "expired",
    "manual",
    "automatic",
    "standard",
    "express",
    "low",
    "medium",
    "high",
    "critical",
)

# name, annotation, kind; the kind decides validation, conversion and methods.
FIELD_POOL: tuple[tuple[str, str, str], ...] = (
    ("code", "str", "str"),
    ("label", "str", "str"),
    ("region", "str", "str"),
    ("owner", "str", "str"),
    ("currency", "str", "currency"),
    ("quantity", "int", "count"),
    ("priority", "int", "count"),
    ("weight_grams", "int", "count"),
    ("max_items", "int", "count"),
    ("amount", "Decimal", "money"),
    ("rate", "Decimal", "money"),
    ("ratio", "float", "ratio"),
    ("enabled", "bool", "flag"),
    ("starts_at", "datetime", "time"),
    ("reference", "UUID", "id"),
    ("tags", "tuple[str, ...]", "tags"),
)
FIELD_IMPORTS = {"money": ("decimal", "Decimal"), "time": ("datetime", "datetime"), "id": ("uuid", "UUID")}

T = Template


def lines_of(template: str, **values: object) -> list[str]:
    """Dedent ``template``, substitute ``$name`` placeholders and split it into lines."""
    text = textwrap.dedent(template).strip("\n")
    return T(text).substitute({key: str(value) for key, value in values.items()}).split("\n")


def camel(snake_name: str) -> str:
    """``order_line`` -> ``OrderLine``."""
    return "".join(part.capitalize() for part in snake_name.split("_"))


def snake(camel_name: str) -> str:
    """``OrderLine`` -> ``order_line``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel_name).lower()


def plural(word: str) -> str:
    """A good-enough English plural of a snake_case noun."""
    if word.endswith(("s", "x", "sh", "ch")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def words(snake_name: str) -> str:
    """``order_line`` -> ``order line``, for docstrings."""
    return snake_name.replace("_", " ")


@dataclass(frozen=True)
class Planted:
    """What :func:`generate` wrote, and what eventlint must report on it."""

    files: int
    lines: int
    expected: dict[str, int]
    edit_target: str
    plain_target: str


@dataclass(frozen=True)
class Aggregate:
    """An aggregate root of a service and the past-tense verbs of its domain events."""

    service: str
    name: str
    verbs: tuple[str, ...]

    @property
    def var(self) -> str:
        """The variable naming one instance: ``order``."""
        return snake(self.name)

    @property
    def repo_attr(self) -> str:
        """The attribute holding the repository: ``orders``."""
        return plural(self.var)

    @property
    def module(self) -> str:
        """The dotted module defining the aggregate."""
        return f"mono.{self.service}.domain.{self.var}"

    def domain_event(self, verb: str) -> str:
        """``OrderArchivedDomainEvent``."""
        return f"{self.name}{verb}DomainEvent"

    def integration_event(self, verb: str) -> str:
        """``OrderArchivedIntegrationEvent``."""
        return f"{self.name}{verb}IntegrationEvent"


@dataclass
class Service:
    """A bounded context of the monorepo."""

    name: str
    aggregates: tuple[Aggregate, ...]
    nouns: tuple[str, ...]
    upstream: list[tuple[Aggregate, str]] = field(default_factory=list)


@dataclass
class Plants:
    """The violations to plant, by where they go."""

    # service -> (aggregate, verb) of the methods to add to its application services.
    to_broker: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL202
    to_mediator: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL301
    before_commit: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL302
    # importing service -> foreign (aggregate, verb) whose domain event it handles.
    crossing: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL201
    # service -> aggregates given an extra, misnamed class in its domain/events.py.
    command_named: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL104
    unsuffixed_domain: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL101
    baseless: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL105
    # service -> changes to its contracts module.
    exposing: dict[str, list[tuple[Aggregate, str]]] = field(default_factory=dict)  # EVL303
    unsuffixed_integration: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL102
    domain_in_contracts: dict[str, list[Aggregate]] = field(default_factory=dict)  # EVL203
    expected: Counter[str] = field(default_factory=Counter)


class Module:
    """A Python module being assembled: docstring, imports and top-level blocks."""

    def __init__(self, doc: str) -> None:
        self.doc = doc
        self.plain_imports: set[str] = set()
        self.from_imports: dict[str, set[str]] = {}
        self.marked_imports: list[str] = []
        self.blocks: list[list[str]] = []
        self.names: set[str] = set()
        self.exports: list[str] = []

    def imp(self, module: str) -> None:
        """``import module``."""
        self.plain_imports.add(module)

    def frm(self, module: str, *names: str) -> None:
        """``from module import names``."""
        self.from_imports.setdefault(module, set()).update(names)

    def frm_marked(self, module: str, name: str, comment: str) -> None:
        """``from module import name  # comment``, on a line of its own among the first-party imports."""
        self.marked_imports.append(f"from {module} import {name}  # {comment}")

    def unique(self, name: str) -> str:
        """``name``, or ``name`` with a number appended if the module already defines it."""
        candidate, number = name, 2
        while candidate in self.names:
            candidate = f"{name}{number}" if name[:1].isupper() else f"{name}_{number}"
            number += 1
        self.names.add(candidate)
        return candidate

    def export(self, name: str) -> str:
        """Record ``name`` as a public top-level name of the module."""
        self.exports.append(name)
        return name

    def add(self, block: list[str]) -> None:
        """Append a top-level block (a class, a function, constants)."""
        self.blocks.append(block)

    @property
    def size(self) -> int:
        """An estimate of the rendered line count."""
        imports = len(self.plain_imports) + len(self.from_imports) + len(self.marked_imports)
        return 6 + imports + sum(len(block) + 2 for block in self.blocks)

    def render(self) -> str:
        """The module's source text, ending with one newline."""
        out = self._docstring()
        out += ["", "from __future__ import annotations"]
        for group in self._import_groups():
            if group:
                out.append("")
                out.extend(group)
        for block in self.blocks:
            out += ["", ""]
            out.extend(block)
        return "\n".join(out) + "\n"

    def _docstring(self) -> list[str]:
        doc = self.doc.rstrip()
        if "\n" not in doc:
            return [f'"""{doc}"""']
        return ['"""' + doc, '"""']

    def _import_groups(self) -> list[list[str]]:
        groups: dict[str, list[str]] = {"std": [], "third": [], "first": [], "local": []}

        def group_of(module: str) -> str:
            if module.startswith("."):
                return "local"
            if module.split(".")[0] == "mono":
                return "first"
            if module.split(".")[0] in ("pytest",):
                return "third"
            return "std"

        for module in sorted(self.plain_imports):
            groups[group_of(module)].append(f"import {module}")
        for module in sorted(self.from_imports, key=lambda name: (name.startswith("."), name)):
            names = sorted(self.from_imports[module], key=lambda name: (name.split(" ")[0].lower(), name))
            line = f"from {module} import {', '.join(names)}"
            if len(line) > 100:
                body = [f"    {name}," for name in names]
                groups[group_of(module)].extend([f"from {module} import ("] + body + [")"])
            else:
                groups[group_of(module)].append(line)
        groups["first"] = sorted(groups["first"] + self.marked_imports) if self.marked_imports else groups["first"]
        return [groups["std"], groups["third"], groups["first"], groups["local"]]


@dataclass
class Ctx:
    """What a plain block generator may use: the context's vocabulary and the module's topic."""

    service: str
    nouns: tuple[str, ...]
    topic: str
    counters: Counter[str]

    def noun(self, rng: random.Random) -> str:
        """A noun for a block: often the module's topic, else one of the context's or a generic one."""
        draw = rng.random()
        if draw < 0.35:
            head, _, rest = self.topic.partition("_")
            return rest if rest and head in QUALIFIERS else self.topic
        if draw < 0.8:
            return rng.choice(self.nouns)
        return rng.choice(GENERIC_NOUNS)


Block = Callable[[Module, random.Random, Ctx], None]


# ---------------------------------------------------------------------------
# Plain blocks: ordinary code with no event in it.
# ---------------------------------------------------------------------------


def _fields(rng: random.Random, low: int, high: int) -> list[tuple[str, str, str]]:
    return rng.sample(FIELD_POOL, rng.randint(low, high))


def _need_field_imports(m: Module, fields: Sequence[tuple[str, str, str]]) -> None:
    for _, _, kind in fields:
        if kind in FIELD_IMPORTS:
            module, name = FIELD_IMPORTS[kind]
            m.frm(module, name)


def _to_json(name: str, kind: str) -> str:
    if kind in ("money", "id"):
        return f"str(self.{name})"
    if kind == "time":
        return f"self.{name}.isoformat()"
    if kind == "tags":
        return f"list(self.{name})"
    return f"self.{name}"


def _from_json(name: str, kind: str) -> str:
    raw = f'data["{name}"]'
    if kind in ("str", "currency"):
        return f"str({raw})"
    if kind == "count":
        return f"int(str({raw}))"
    if kind == "money":
        return f"Decimal(str({raw}))"
    if kind == "ratio":
        return f"float(str({raw}))"
    if kind == "flag":
        return f'str({raw}).lower() in ("1", "true", "yes")'
    if kind == "time":
        return f"datetime.fromisoformat(str({raw}))"
    if kind == "id":
        return f"UUID(str({raw}))"
    return f'tuple(part for part in str({raw}).split(",") if part)'


def _validation(name: str, kind: str) -> list[str]:
    if kind == "str":
        return [f"if not self.{name}.strip():", f'    raise ValueError("{name} must not be blank")']
    if kind == "currency":
        return [
            f"if len(self.{name}) != 3 or not self.{name}.isalpha():",
            f'    raise ValueError(f"invalid currency code {{self.{name}!r}}")',
        ]
    if kind in ("count", "money"):
        return [
            f"if self.{name} < 0:",
            f'    raise ValueError(f"{name} must not be negative, got {{self.{name}}}")',
        ]
    if kind == "ratio":
        return [
            f"if not 0.0 <= self.{name} <= 1.0:",
            f'    raise ValueError(f"{name} must lie between 0 and 1, got {{self.{name}}}")',
        ]
    if kind == "tags":
        return [
            f"if any(not tag.strip() for tag in self.{name}):",
            f'    raise ValueError("{name} must not contain blank entries")',
        ]
    return []


def block_value_object(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A frozen dataclass with validation and a few helpers."""
    noun = ctx.noun(rng)
    prefix = camel(rng.choice(QUALIFIERS)) if rng.random() < 0.4 else ""
    name = m.export(m.unique(prefix + camel(noun) + rng.choice(VO_SUFFIXES)))
    fields = sorted(_fields(rng, 2, 5), key=lambda f: f[2] in ("tags", "flag"))
    m.frm("dataclasses", "dataclass")
    _need_field_imports(m, fields)
    out = [
        "@dataclass(frozen=True)",
        f"class {name}:",
        f'    """{rng.choice(_VO_DOCS).format(noun=words(noun), svc=ctx.service)}"""',
        "",
    ]
    for fname, annotation, kind in fields:
        default = ""
        if kind == "tags":
            default = " = ()"
        elif kind == "flag":
            default = f" = {rng.choice(['True', 'False'])}"
        out.append(f"    {fname}: {annotation}{default}")
    checks = [line for fname, _, kind in fields for line in _validation(fname, kind)]
    if checks:
        out += ["", "    def __post_init__(self) -> None:"] + [f"        {line}" for line in checks]
    methods: list[list[str]] = []
    for fname, _annotation, kind in fields:
        if kind == "count" and rng.random() < 0.6:
            m.frm("dataclasses", "replace")
            methods.append(
                lines_of(
                    '''
                def with_$f(self, $f: int) -> $cls:
                    """A copy with another ``$f``."""
                    return replace(self, $f=$f)
            ''',
                    f=fname,
                    cls=name,
                )
            )
        elif kind == "str" and rng.random() < 0.6:
            methods.append(
                lines_of(
                    '''
                def normalized_$f(self) -> str:
                    """``$f`` lower-cased, with runs of whitespace collapsed."""
                    return " ".join(self.$f.split()).lower()
            ''',
                    f=fname,
                )
            )
        elif kind == "money" and rng.random() < 0.7:
            m.frm("decimal", "ROUND_HALF_UP")
            methods.append(
                lines_of(
                    '''
                def rounded_$f(self, places: int = 2) -> Decimal:
                    """``$f`` rounded half-up to ``places`` decimals."""
                    quantum = Decimal(1).scaleb(-places)
                    return self.$f.quantize(quantum, rounding=ROUND_HALF_UP)
            ''',
                    f=fname,
                )
            )
        elif kind == "tags":
            methods.append(
                lines_of(
                    '''
                def has_tag(self, tag: str) -> bool:
                    """Whether ``tag`` is one of the tags, ignoring case."""
                    wanted = tag.strip().lower()
                    return any(existing.lower() == wanted for existing in self.$f)
            ''',
                    f=fname,
                )
            )
        elif kind == "time" and rng.random() < 0.6:
            m.frm("datetime", "timedelta")
            methods.append(
                lines_of(
                    '''
                def is_due(self, now: datetime, grace: timedelta = timedelta(minutes=$g)) -> bool:
                    """Whether ``$f`` has passed, allowing for ``grace``."""
                    return now >= self.$f + grace
            ''',
                    f=fname,
                    g=rng.choice([5, 10, 15, 30, 60]),
                )
            )
    if rng.random() < 0.7:
        pairs = ", ".join(f'"{fname}": {_to_json(fname, kind)}' for fname, _, kind in fields)
        as_dict = [
            "def as_dict(self) -> dict[str, object]:",
            '    """A JSON-friendly representation."""',
            f"    return {{{pairs}}}",
        ]
        if len(as_dict[-1]) > 92:
            as_dict = (
                as_dict[:2]
                + ["    return {"]
                + [f'        "{fname}": {_to_json(fname, kind)},' for fname, _, kind in fields]
                + ["    }"]
            )
        methods.append(as_dict)
    if rng.random() < 0.5:
        m.frm("collections.abc", "Mapping")
        body = [f"            {fname}={_from_json(fname, kind)}," for fname, _, kind in fields]
        methods.append(
            [
                "@classmethod",
                f"def from_dict(cls, data: Mapping[str, object]) -> {name}:",
                '    """Build the value from its JSON representation."""',
                "    return cls(",
            ]
            + [line[4:] for line in body]
            + ["    )"]
        )
    for method in methods:
        out.append("")
        out.extend(f"    {line}" if line else "" for line in method)
    m.add(out)


_VO_DOCS = (
    "The {noun} as the {svc} context understands it.",
    "An immutable description of a {noun}; compared by value.",
    "What a {noun} is made of, validated once on creation.",
    "Value object: a {noun} with its bounds checked.",
    "A {noun} as read from the configuration of the {svc} service.",
)


def block_enum(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """An enumeration with a parser and a derived property."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + rng.choice(ENUM_SUFFIXES)))
    members = rng.sample(ENUM_MEMBERS, rng.randint(3, 6))
    terminal = members[-rng.randint(1, 2) :]
    m.frm("enum", "Enum")
    base = "str, Enum" if rng.random() < 0.5 else "Enum"
    out = [f"class {name}({base}):", f'    """How a {words(noun)} is classified."""', ""]
    out += [f'    {member.upper()} = "{member}"' for member in members]
    methods = lines_of(
        '''
        @property
        def is_final(self) -> bool:
            """Whether nothing can follow this value."""
            return self in ($terminal,)

        @classmethod
        def parse(cls, label: str) -> $cls:
            """The member whose value is ``label``, ignoring case and surrounding blanks."""
            wanted = label.strip().lower()
            for member in cls:
                if member.value == wanted:
                    return member
            raise ValueError(f"unknown $what: {label!r}")
    ''',
        terminal=", ".join(f"{name}.{t.upper()}" for t in terminal),
        cls=name,
        what=words(noun),
    )
    m.add(out + [""] + [f"    {line}" if line else "" for line in methods])


def block_exceptions(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A small exception hierarchy."""
    noun = ctx.noun(rng)
    base = m.export(m.unique(camel(noun) + "Error"))
    out = lines_of(
        '''
        class $base(Exception):
            """Base class of the errors raised about a $what."""


        class ${base_stem}NotFoundError($base, LookupError):
            """No $what has the requested key."""

            def __init__(self, key: str) -> None:
                super().__init__(f"no $what with key {key!r}")
                self.key = key
    ''',
        base=base,
        base_stem=base[:-5],
        what=words(noun),
    )
    m.names.add(base[:-5] + "NotFoundError")
    if rng.random() < 0.6:
        out += lines_of(
            '''


            class ${base_stem}ConflictError($base):
                """The $what was changed by someone else in the meantime."""

                def __init__(self, key: str, expected: int, actual: int) -> None:
                    super().__init__(f"$what {key!r} is at version {actual}, expected {expected}")
                    self.key = key
                    self.expected = expected
                    self.actual = actual
        ''',
            base=base,
            base_stem=base[:-5],
            what=words(noun),
        )
        m.names.add(base[:-5] + "ConflictError")
    m.add(out)


def block_count_by(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A loop with conditionals that counts rows by a key."""
    noun = ctx.noun(rng)
    key = rng.choice(["status", "region", "kind", "owner", "channel", "source"])
    name = m.export(m.unique(f"count_{plural(noun)}_by_{key}"))
    m.frm("collections.abc", "Iterable", "Mapping")
    m.add(
        lines_of(
            '''
        def $name(rows: Iterable[Mapping[str, object]], *, limit: int = $limit) -> dict[str, int]:
            """Count the $what rows by ``$key``, most frequent first.

            Rows without a ``$key`` are counted as ``"$fallback"``; at most ``limit``
            rows are read.
            """
            counts: dict[str, int] = {}
            for index, row in enumerate(rows):
                if index >= limit:
                    break
                value = str(row.get("$key") or "$fallback").strip().lower()
                if not value:
                    continue
                counts[value] = counts.get(value, 0) + 1
            return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    ''',
            name=name,
            what=words(noun),
            key=key,
            limit=rng.choice([100, 500, 1000, 10_000]),
            fallback=rng.choice(["unknown", "other", "none"]),
        )
    )


def block_chunked(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A generator function splitting a sequence into chunks."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"chunked_{plural(noun)}"))
    m.frm("collections.abc", "Iterator", "Sequence")
    m.frm("typing", "TypeVar")
    if "_T" not in m.names:
        m.names.add("_T")
        m.add(['_T = TypeVar("_T")'])
    m.add(
        lines_of(
            '''
        def $name(items: Sequence[_T], size: int = $size) -> Iterator[list[_T]]:
            """Yield successive chunks of at most ``size`` $what items, in order."""
            if size <= 0:
                raise ValueError(f"size must be positive, got {size}")
            for start in range(0, len(items), size):
                yield list(items[start : start + size])
    ''',
            name=name,
            size=rng.choice([10, 25, 50, 100, 250]),
            what=words(noun),
        )
    )


def block_parse_pairs(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A small parser with partition, continue and raise."""
    noun = ctx.noun(rng)
    sep = rng.choice([";", ",", "|"])
    name = m.export(m.unique(f"parse_{noun}_options"))
    m.add(
        lines_of(
            '''
        def $name(line: str) -> dict[str, str]:
            """Parse ``key=value$sep key=value`` options of a $what.

            Blank parts and parts starting with ``#`` are skipped; keys are
            lower-cased. A part without ``=`` is an error.
            """
            options: dict[str, str] = {}
            for part in line.split("$sep"):
                part = part.strip()
                if not part or part.startswith("#"):
                    continue
                key, found, value = part.partition("=")
                if not found:
                    raise ValueError(f"malformed option {part!r} in {line!r}")
                key = key.strip().lower()
                if key in options:
                    raise ValueError(f"duplicate option {key!r}")
                options[key] = value.strip()
            return options
    ''',
            name=name,
            sep=sep,
            what=words(noun),
        )
    )


def block_weighted(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Arithmetic over two mappings."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"weighted_{noun}_score"))
    m.frm("collections.abc", "Mapping")
    m.add(
        lines_of(
            '''
        def $name(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
            """The weighted mean of ``values``; keys without a positive weight are ignored."""
            total_weight = 0.0
            score = 0.0
            for key, value in values.items():
                weight = weights.get(key, $default)
                if weight <= 0:
                    continue
                score += value * weight
                total_weight += weight
            if total_weight == 0:
                return 0.0
            return round(score / total_weight, $places)
    ''',
            name=name,
            default=rng.choice(["0.0", "1.0", "0.5"]),
            places=rng.randint(2, 4),
        )
    )


def block_dedupe(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Order-preserving de-duplication with a key function."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"unique_{plural(noun)}"))
    m.frm("collections.abc", "Callable", "Hashable", "Iterable")
    m.frm("typing", "TypeVar")
    if "_T" not in m.names:
        m.names.add("_T")
        m.add(['_T = TypeVar("_T")'])
    m.add(
        lines_of(
            '''
        def $name(items: Iterable[_T], key: Callable[[_T], Hashable] | None = None) -> list[_T]:
            """The $what items without duplicates, first occurrence kept."""
            seen: set[Hashable] = set()
            result: list[_T] = []
            for item in items:
                marker = item if key is None else key(item)
                if marker in seen:
                    continue
                seen.add(marker)
                result.append(item)
            return result
    ''',
            name=name,
            what=words(noun),
        )
    )


def block_paginate(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Bounds checks and slicing."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"paginate_{plural(noun)}"))
    m.frm("collections.abc", "Sequence")
    m.frm("typing", "TypeVar")
    if "_T" not in m.names:
        m.names.add("_T")
        m.add(['_T = TypeVar("_T")'])
    m.add(
        lines_of(
            '''
        def $name(items: Sequence[_T], page: int = 1, per_page: int = $per) -> tuple[list[_T], int]:
            """One page of $what items and the number of pages."""
            if page < 1:
                raise ValueError("pages are numbered from 1")
            per_page = max(1, min(per_page, $cap))
            pages = max(1, -(-len(items) // per_page))
            if page > pages:
                return [], pages
            start = (page - 1) * per_page
            return list(items[start : start + per_page]), pages
    ''',
            name=name,
            what=words(noun),
            per=rng.choice([20, 25, 50]),
            cap=rng.choice([100, 200, 500]),
        )
    )


def block_slugify(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Regular expressions and string methods."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_slug"))
    pattern = m.unique(f"_{noun.upper()}_NON_WORD")
    m.imp("re")
    m.imp("unicodedata")
    m.add([f'{pattern} = re.compile(r"[^a-z0-9]+")'])
    m.add(
        lines_of(
            '''
        def $name(title: str, max_length: int = $max) -> str:
            """A URL-safe slug of a $what title: ascii, lower-case, dash separated."""
            normalized = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
            slug = $pattern.sub("-", normalized.lower()).strip("-")
            if len(slug) > max_length:
                slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
            return slug or "$fallback"
    ''',
            name=name,
            what=words(noun),
            pattern=pattern,
            max=rng.choice([40, 60, 80]),
            fallback=rng.choice(["untitled", "item", noun.replace("_", "-")]),
        )
    )


def block_date_range(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A date iterator with timedelta arithmetic."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_days"))
    m.frm("collections.abc", "Iterator")
    m.frm("datetime", "date", "timedelta")
    m.add(
        lines_of(
            '''
        def $name(start: date, end: date, *, skip_weekends: bool = $skip) -> Iterator[date]:
            """Every day from ``start`` to ``end`` inclusive on which a $what is processed."""
            if end < start:
                raise ValueError(f"{end} is before {start}")
            day = start
            while day <= end:
                if not (skip_weekends and day.weekday() >= 5):
                    yield day
                day += timedelta(days=1)
    ''',
            name=name,
            what=words(noun),
            skip=rng.choice(["True", "False"]),
        )
    )


def block_retry(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A decorator with functools.wraps and a loop with try/except."""
    name = m.export(m.unique("retrying" if rng.random() < 0.5 else "with_retries"))
    m.imp("functools")
    m.imp("logging")
    m.imp("time")
    m.frm("collections.abc", "Callable")
    m.frm("typing", "ParamSpec", "TypeVar")
    if "_logger" not in m.names:
        m.names.add("_logger")
        m.add(["_logger = logging.getLogger(__name__)"])
    for var, decl in (("_P", '_P = ParamSpec("_P")'), ("_R", '_R = TypeVar("_R")')):
        if var not in m.names:
            m.names.add(var)
            m.add([decl])
    m.add(
        lines_of(
            '''
        def $name(
            attempts: int = $attempts, delay: float = $delay, exceptions: tuple[type[Exception], ...] = (OSError,)
        ) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
            """Retry the decorated function on ``exceptions``, doubling the delay each time."""

            def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
                @functools.wraps(function)
                def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
                    wait = delay
                    for attempt in range(1, attempts + 1):
                        try:
                            return function(*args, **kwargs)
                        except exceptions as error:
                            if attempt == attempts:
                                raise
                            _logger.warning("attempt %d of %s failed: %s", attempt, function.__name__, error)
                            time.sleep(wait)
                            wait *= 2
                    raise AssertionError("unreachable")

                return wrapper

            return decorate
    ''',
            name=name,
            attempts=rng.choice([3, 4, 5]),
            delay=rng.choice(["0.1", "0.25", "0.5", "1.0"]),
        )
    )


def block_group_by(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Comprehensions and a defaultdict."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"group_{plural(noun)}"))
    m.frm("collections", "defaultdict")
    m.frm("collections.abc", "Iterable", "Mapping")
    field_name = rng.choice(["owner", "region", "status", "kind"])
    m.add(
        lines_of(
            '''
        def $name(rows: Iterable[Mapping[str, str]], field: str = "$field") -> dict[str, list[str]]:
            """The ids of the $what rows, grouped by ``field`` and sorted."""
            groups: defaultdict[str, list[str]] = defaultdict(list)
            for row in rows:
                if "id" not in row:
                    continue
                groups[row.get(field, "")].append(row["id"])
            return {key: sorted(ids) for key, ids in sorted(groups.items()) if key}
    ''',
            name=name,
            what=words(noun),
            field=field_name,
        )
    )


def block_money_total(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Decimal arithmetic with quantize."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_total"))
    m.frm("decimal", "Decimal", "ROUND_HALF_EVEN")
    m.frm("collections.abc", "Iterable")
    m.add(
        lines_of(
            '''
        def $name(amounts: Iterable[Decimal | int | str], *, fee_rate: Decimal = Decimal("$fee")) -> Decimal:
            """The sum of the $what amounts plus the fee, rounded to cents (banker's rounding)."""
            subtotal = sum((Decimal(amount) for amount in amounts), Decimal(0))
            if subtotal < 0:
                raise ValueError(f"negative subtotal {subtotal}")
            fee = (subtotal * fee_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
            return (subtotal + fee).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    ''',
            name=name,
            what=words(noun),
            fee=rng.choice(["0", "0.015", "0.029", "0.05"]),
        )
    )


def block_validate(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A validator collecting error messages."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"validate_{noun}"))
    m.frm("collections.abc", "Mapping")
    required = rng.sample(["id", "name", "owner", "region", "currency", "status", "email"], rng.randint(2, 4))
    m.add(
        lines_of(
            '''
        def $name(payload: Mapping[str, object]) -> list[str]:
            """Every problem of a $what payload, as human-readable messages."""
            errors = [f"{key} is required" for key in ($required,) if not payload.get(key)]
            email = payload.get("email")
            if isinstance(email, str) and "@" not in email:
                errors.append(f"email {email!r} is not an address")
            quantity = payload.get("quantity", 0)
            if not isinstance(quantity, int) or isinstance(quantity, bool):
                errors.append("quantity must be an integer")
            elif quantity < 0 or quantity > $max:
                errors.append(f"quantity {quantity} is out of range")
            return errors
    ''',
            name=name,
            what=words(noun),
            required=", ".join(f'"{r}"' for r in required),
            max=rng.choice([99, 999, 10_000]),
        )
    )


def block_diff(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Set operations on mapping keys."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"diff_{plural(noun)}"))
    m.frm("collections.abc", "Mapping")
    m.add(
        lines_of(
            '''
        def $name(
            before: Mapping[str, str], after: Mapping[str, str]
        ) -> tuple[list[str], list[str], list[str]]:
            """The keys added, removed and changed between two versions of the $what table."""
            added = sorted(after.keys() - before.keys())
            removed = sorted(before.keys() - after.keys())
            changed = sorted(key for key in before.keys() & after.keys() if before[key] != after[key])
            return added, removed, changed
    ''',
            name=name,
            what=words(noun),
        )
    )


def block_bucket(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """bisect over a sorted tuple of thresholds."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(f"{noun}_bucket"))
    const = m.unique(f"_{noun.upper()}_BOUNDS")
    bounds = sorted(rng.sample(range(1, 500), rng.randint(3, 6)))
    labels = [
        f'"{label}"'
        for label in rng.sample(["tiny", "small", "medium", "large", "huge", "bulk", "extreme", "xl", "xxl"], len(bounds) + 1)
    ]
    m.imp("bisect")
    m.add([f"{const} = ({', '.join(str(b) for b in bounds)})", f"{const}_LABELS = ({', '.join(labels)})"])
    m.add(
        lines_of(
            '''
        def $name(value: float) -> str:
            """The size class of a $what value."""
            if value < 0:
                raise ValueError(f"negative value {value}")
            return ${const}_LABELS[bisect.bisect_right($const, value)]
    ''',
            name=name,
            what=words(noun),
            const=const,
        )
    )


def block_store(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A record dataclass and an in-memory store of it."""
    noun = ctx.noun(rng)
    record = m.export(m.unique(camel(noun) + "Record"))
    store = m.export(m.unique(camel(noun) + rng.choice(["Store", "Registry", "Catalogue", "Cache"])))
    m.frm("dataclasses", "dataclass", "field")
    m.frm("datetime", "datetime")
    extra = rng.sample(["archive", "count_by_owner", "rename", "touch", "search"], rng.randint(1, 3))
    out = lines_of(
        '''
        @dataclass
        class $record:
            """A $what kept by the $store."""

            key: str
            owner: str
            updated_at: datetime
            labels: list[str] = field(default_factory=list)
            archived: bool = False


        class $store:
            """$plural kept in memory, indexed by key."""

            def __init__(self) -> None:
                self._records: dict[str, $record] = {}

            def __len__(self) -> int:
                return len(self._records)

            def put(self, record: $record) -> None:
                """Insert or replace ``record``."""
                self._records[record.key] = record

            def get(self, key: str) -> $record | None:
                """The record with ``key``, if any."""
                return self._records.get(key)

            def owned_by(self, owner: str) -> list[$record]:
                """The live records of ``owner``, most recently updated first."""
                matches = [r for r in self._records.values() if r.owner == owner and not r.archived]
                return sorted(matches, key=lambda r: r.updated_at, reverse=True)
    ''',
        record=record,
        store=store,
        what=words(noun),
        plural=words(noun).capitalize() + " records",
    )
    methods = {
        "archive": '''
            def archive(self, key: str) -> bool:
                """Archive the record; return whether it existed and was live."""
                record = self._records.get(key)
                if record is None or record.archived:
                    return False
                record.archived = True
                return True
        ''',
        "count_by_owner": '''
            def count_by_owner(self) -> dict[str, int]:
                """How many live records each owner has."""
                counts: dict[str, int] = {}
                for record in self._records.values():
                    if not record.archived:
                        counts[record.owner] = counts.get(record.owner, 0) + 1
                return counts
        ''',
        "rename": '''
            def relabel(self, key: str, old: str, new: str) -> None:
                """Replace the label ``old`` by ``new`` on one record."""
                record = self._records.get(key)
                if record is None:
                    raise KeyError(key)
                record.labels = [new if label == old else label for label in record.labels]
        ''',
        "touch": '''
            def touch(self, key: str, when: datetime) -> None:
                """Mark the record as updated at ``when``."""
                if key in self._records:
                    self._records[key].updated_at = when
        ''',
        "search": '''
            def search(self, text: str) -> list[str]:
                """Keys of the records with a label containing ``text``."""
                needle = text.lower()
                return sorted(
                    key
                    for key, record in self._records.items()
                    if any(needle in label.lower() for label in record.labels)
                )
        ''',
    }
    for method in extra:
        out.append("")
        out.extend(f"    {line}" if line else "" for line in lines_of(methods[method]))
    m.add(out)


def block_accumulator(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A mutable dataclass collecting measurements."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + rng.choice(["Stats", "Tally", "Meter", "Histogram"])))
    m.frm("dataclasses", "dataclass", "field")
    m.imp("statistics")
    m.add(
        lines_of(
            '''
        @dataclass
        class $name:
            """Running figures about $what values."""

            samples: list[float] = field(default_factory=list)
            rejected: int = 0
            ceiling: float = $ceiling

            def add(self, value: float) -> None:
                """Record ``value``; values above the ceiling are counted and dropped."""
                if value > self.ceiling:
                    self.rejected += 1
                    return
                self.samples.append(value)

            def mean(self) -> float:
                """The mean of the accepted samples, 0 without any."""
                return statistics.fmean(self.samples) if self.samples else 0.0

            def percentile(self, rank: float) -> float:
                """The sample below which ``rank`` percent of the samples fall."""
                if not self.samples:
                    return 0.0
                ordered = sorted(self.samples)
                index = min(len(ordered) - 1, max(0, round(rank / 100 * (len(ordered) - 1))))
                return ordered[index]

            def reset(self) -> None:
                """Forget everything recorded so far."""
                self.samples.clear()
                self.rejected = 0
    ''',
            name=name,
            what=words(noun),
            ceiling=rng.choice(["1000.0", "60.0", "1e6", "250.0"]),
        )
    )


def block_timer(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A context manager class."""
    name = m.export(m.unique(rng.choice(["Stopwatch", "Timer", "Elapsed", "Timing"])))
    m.imp("time")
    m.frm("types", "TracebackType")
    m.add(
        lines_of(
            '''
        class $name:
            """Measures the wall-clock time of a ``with`` block."""

            def __init__(self, label: str = "$label") -> None:
                self.label = label
                self.seconds = 0.0
                self._started = 0.0

            def __enter__(self) -> $name:
                self._started = time.perf_counter()
                return self

            def __exit__(
                self,
                exc_type: type[BaseException] | None,
                exc: BaseException | None,
                traceback: TracebackType | None,
            ) -> None:
                self.seconds = time.perf_counter() - self._started

            def __str__(self) -> str:
                return f"{self.label}: {self.seconds * 1000:.1f} ms"
    ''',
            name=name,
            label=ctx.topic.replace("_", "-"),
        )
    )


def block_lru(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """An OrderedDict-based cache."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "LruCache"))
    m.frm("collections", "OrderedDict")
    m.frm("typing", "Generic", "TypeVar")
    for var in ("_K", "_V"):
        if var not in m.names:
            m.names.add(var)
            m.add([f'{var} = TypeVar("{var}")'])
    m.add(
        lines_of(
            '''
        class $name(Generic[_K, _V]):
            """A least-recently-used cache of $what lookups."""

            def __init__(self, capacity: int = $cap) -> None:
                if capacity < 1:
                    raise ValueError("capacity must be at least 1")
                self.capacity = capacity
                self.hits = 0
                self.misses = 0
                self._entries: OrderedDict[_K, _V] = OrderedDict()

            def get(self, key: _K) -> _V | None:
                """The cached value, refreshed as most recently used."""
                if key not in self._entries:
                    self.misses += 1
                    return None
                self.hits += 1
                self._entries.move_to_end(key)
                return self._entries[key]

            def put(self, key: _K, value: _V) -> None:
                """Cache ``value``, evicting the least recently used entry if full."""
                self._entries[key] = value
                self._entries.move_to_end(key)
                while len(self._entries) > self.capacity:
                    self._entries.popitem(last=False)
    ''',
            name=name,
            what=words(noun),
            cap=rng.choice([128, 256, 1024, 4096]),
        )
    )


def block_state_machine(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A transition table and a class enforcing it."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "Lifecycle"))
    const = m.unique(f"_{noun.upper()}_TRANSITIONS")
    states = rng.sample(ENUM_MEMBERS, 4)
    table = {states[0]: [states[1], states[3]], states[1]: [states[2], states[3]], states[2]: [states[3]], states[3]: []}
    rows = [
        f'    "{state}": frozenset({{{", ".join(repr(t) for t in targets)}}}),' if targets else f'    "{state}": frozenset(),'
        for state, targets in table.items()
    ]
    m.add([f"{const}: dict[str, frozenset[str]] = {{"] + [row.replace("'", '"') for row in rows] + ["}"])
    m.add(
        lines_of(
            '''
        class $name:
            """The states a $what goes through, and the moves allowed between them."""

            def __init__(self, state: str = "$initial") -> None:
                if state not in $const:
                    raise ValueError(f"unknown state {state!r}")
                self.state = state
                self.trail: list[str] = [state]

            def can_move_to(self, target: str) -> bool:
                """Whether ``target`` may follow the current state."""
                return target in $const[self.state]

            def move_to(self, target: str) -> None:
                """Enter ``target``, or raise if the move is not allowed."""
                if not self.can_move_to(target):
                    raise ValueError(f"cannot go from {self.state!r} to {target!r}")
                self.state = target
                self.trail.append(target)
    ''',
            name=name,
            what=words(noun),
            const=const,
            initial=states[0],
        )
    )


def block_protocol(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A Protocol with a default implementation."""
    noun = ctx.noun(rng)
    proto = m.export(m.unique(camel(noun) + rng.choice(["Source", "Provider", "Lookup", "Gateway"])))
    impl = m.export(m.unique("Static" + proto))
    m.frm("typing", "Protocol")
    m.add(
        lines_of(
            '''
        class $proto(Protocol):
            """Where $what data comes from."""

            def fetch(self, key: str) -> dict[str, str] | None:
                """The attributes stored under ``key``, if any."""

            def keys(self) -> list[str]:
                """Every known key."""


        class $impl:
            """A $proto backed by a dictionary, for tests and local runs."""

            def __init__(self, data: dict[str, dict[str, str]] | None = None) -> None:
                self._data = dict(data or {})

            def fetch(self, key: str) -> dict[str, str] | None:
                """A copy of the attributes under ``key``."""
                found = self._data.get(key)
                return dict(found) if found is not None else None

            def keys(self) -> list[str]:
                """The keys, sorted."""
                return sorted(self._data)
    ''',
            proto=proto,
            impl=impl,
            what=words(noun),
        )
    )


def block_constants(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Module-level configuration constants."""
    noun = ctx.noun(rng)
    prefix = noun.upper()
    out = [
        f"#: Defaults of the {words(noun)} handling.",
        m.unique(f"{prefix}_PAGE_SIZE") + f" = {rng.choice([20, 50, 100])}",
        m.unique(f"{prefix}_TIMEOUT_SECONDS") + f" = {rng.choice(['2.5', '5.0', '10.0', '30.0'])}",
        m.unique(f"{prefix}_MAX_RETRIES") + f" = {rng.randint(1, 6)}",
    ]
    keys = rng.sample(["eu", "us", "uk", "ca", "au", "jp", "br", "in"], rng.randint(3, 5))
    out.append(m.unique(f"{prefix}_REGIONS") + f": tuple[str, ...] = ({', '.join(repr(k) for k in keys)})".replace("'", '"'))
    m.add(out)


# --- noise: words eventlint must not mistake for dispatch ---------------------


def block_socket_client(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A TCP client whose ``send`` is a socket's."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "SocketClient"))
    m.imp("socket")
    m.add(
        lines_of(
            r'''
        class $name:
            """A line-oriented TCP client for the $what gateway."""

            def __init__(self, host: str, port: int = $port, timeout: float = $timeout) -> None:
                self.host = host
                self.port = port
                self.timeout = timeout

            def send(self, data: bytes) -> int:
                """Send ``data`` over a fresh connection; return the number of bytes sent."""
                total = 0
                with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                    while total < len(data):
                        sent = sock.send(data[total:])
                        if sent == 0:
                            raise ConnectionError("socket connection broken")
                        total += sent
                return total

            def send_line(self, text: str) -> int:
                """Send one line of text, terminated by CRLF."""
                return self.send(text.rstrip("\r\n").encode("utf-8") + b"\r\n")
    ''',
            name=name,
            what=words(noun),
            port=rng.choice([7000, 8125, 9000, 2003, 5140]),
            timeout=rng.choice(["1.0", "2.0", "5.0"]),
        )
    )


def block_changelog(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A git-like snapshot log whose ``commit`` has nothing to do with a database."""
    noun = ctx.noun(rng)
    commit_cls = m.export(m.unique(camel(noun) + "Revision"))
    log_cls = m.export(m.unique(camel(noun) + "ChangeLog"))
    m.frm("dataclasses", "dataclass")
    m.imp("hashlib")
    m.add(
        lines_of(
            r'''
        @dataclass(frozen=True)
        class $commit:
            """One committed snapshot of the $what files."""

            digest: str
            message: str
            parent: str | None


        class $log:
            """An append-only history of $what files, committed like a tiny git."""

            def __init__(self) -> None:
                self._revisions: list[$commit] = []
                self._staged: dict[str, str] = {}

            def stage(self, path: str, content: str) -> None:
                """Add ``content`` at ``path`` to the next commit."""
                self._staged[path] = content

            def commit(self, message: str) -> $commit:
                """Record the staged files as a new revision, like ``git commit``."""
                if not self._staged:
                    raise ValueError("nothing to commit")
                parent = self._revisions[-1].digest if self._revisions else None
                body = "\n".join(f"{path}:{text}" for path, text in sorted(self._staged.items()))
                digest = hashlib.sha1(f"{parent}\n{message}\n{body}".encode()).hexdigest()
                revision = $commit(digest=digest, message=message, parent=parent)
                self._revisions.append(revision)
                self._staged.clear()
                return revision

            def log(self) -> list[str]:
                """One line per revision, newest first, like ``git log --oneline``."""
                return [f"{rev.digest[:$short]} {rev.message}" for rev in reversed(self._revisions)]
    ''',
            commit=commit_cls,
            log=log_cls,
            what=words(noun),
            short=rng.choice([7, 8, 10]),
        )
    )


def block_card_transactions(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Card transactions of a settlement file: "transaction" in the banking sense."""
    noun = ctx.noun(rng)
    txn = m.export(m.unique("Card" + rng.choice(["Transaction", "Txn"])))
    fn = m.export(m.unique(f"reconcile_{noun}_transactions"))
    m.frm("dataclasses", "dataclass")
    m.frm("decimal", "Decimal")
    m.frm("collections.abc", "Iterable")
    m.add(
        lines_of(
            '''
        @dataclass(frozen=True)
        class $txn:
            """One card transaction as listed in the acquirer's settlement file.

            Not a database transaction: nothing here is committed or rolled back.
            """

            reference: str
            amount: Decimal
            currency: str
            settled: bool


        def $fn(transactions: Iterable[$txn], expected: dict[str, Decimal]) -> list[str]:
            """References of the transactions whose settled amount differs from ``expected``."""
            mismatches: list[str] = []
            for transaction in transactions:
                if not transaction.settled:
                    continue
                wanted = expected.get(transaction.reference)
                if wanted is None or wanted != transaction.amount:
                    mismatches.append(transaction.reference)
            return sorted(mismatches)
    ''',
            txn=txn,
            fn=fn,
        )
    )


def block_publish_report(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Publishing a report to a folder: "publish" in the documents sense."""
    noun = ctx.noun(rng)
    fn = m.export(m.unique(f"publish_{noun}_report"))
    m.frm("pathlib", "Path")
    m.frm("collections.abc", "Sequence")
    m.add(
        lines_of(
            '''
        def $fn(rows: Sequence[Sequence[str]], directory: Path, *, title: str = "$title") -> Path:
            """Publish the $what report as a CSV file in ``directory`` and return its path.

            The file is written to a temporary name first and renamed, so readers of
            the shared folder never see half a report.
            """
            directory.mkdir(parents=True, exist_ok=True)
            target = directory / f"{title.lower().replace(' ', '-')}.csv"
            partial = target.with_suffix(".csv.part")
            lines = [",".join(cell.replace(",", " ") for cell in row) for row in rows]
            partial.write_text("\\n".join(lines) + "\\n", encoding="utf-8")
            partial.replace(target)
            return target
    ''',
            fn=fn,
            what=words(noun),
            title=f"{camel(noun)} report",
        )
    )


def block_sql_repository(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A DB-API repository; its connection commits, which is no unit of work."""
    noun = ctx.noun(rng)
    table = plural(noun)
    proto = "Connection" if "Connection" not in m.names else m.unique("Connection")
    if proto == "Connection":
        m.names.add(proto)
        m.frm("typing", "Any", "Protocol")
        m.add(
            lines_of('''
            class Connection(Protocol):
                """The part of a DB-API connection the repositories use."""

                def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
                    """Run one statement."""

                def commit(self) -> None:
                    """Commit the connection's current transaction."""
        ''')
        )
    name = m.export(m.unique(camel(noun) + "Table"))
    m.add(
        lines_of(
            '''
        class $name:
            """Rows of the ``$table`` table.

            Methods run in the caller's transaction; only :meth:`vacuum` commits,
            because the maintenance job calls it on its own connection.
            """

            def __init__(self, connection: Connection) -> None:
                self._connection = connection

            def insert(self, key: str, payload: str) -> None:
                """Insert one row."""
                self._connection.execute("INSERT INTO $table (key, payload) VALUES (?, ?)", (key, payload))

            def fetch(self, key: str) -> str | None:
                """The payload stored under ``key``."""
                row = self._connection.execute("SELECT payload FROM $table WHERE key = ?", (key,)).fetchone()
                return None if row is None else str(row[0])

            def delete_older_than(self, days: int) -> int:
                """Delete the rows not updated for ``days`` days; return how many."""
                if days < $min:
                    raise ValueError("refusing to delete recent rows")
                cursor = self._connection.execute(
                    "DELETE FROM $table WHERE updated_at < date('now', ?)", (f"-{days} days",)
                )
                return int(cursor.rowcount)

            def vacuum(self) -> None:
                """Purge deleted rows, then commit the connection."""
                self._connection.execute("DELETE FROM $table WHERE deleted = 1")
                self._connection.commit()
    ''',
            name=name,
            table=table,
            min=rng.choice([1, 7, 30]),
        )
    )


def block_http_client(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """An urllib-based client with timeouts and JSON decoding."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + "HttpClient"))
    m.imp("json")
    m.imp("urllib.parse")
    m.imp("urllib.request")
    m.frm("typing", "Any")
    m.add(
        lines_of(
            '''
        class $name:
            """Reads $what data from the partner's REST API."""

            def __init__(self, base_url: str, token: str, timeout: float = $timeout) -> None:
                self.base_url = base_url.rstrip("/")
                self.token = token
                self.timeout = timeout

            def _request(self, path: str, query: dict[str, str] | None = None) -> urllib.request.Request:
                url = f"{self.base_url}/{path.lstrip('/')}"
                if query:
                    url += "?" + urllib.parse.urlencode(sorted(query.items()))
                return urllib.request.Request(url, headers={"Authorization": f"Bearer {self.token}"})

            def get_json(self, path: str, query: dict[str, str] | None = None) -> Any:
                """GET ``path`` and decode the JSON body."""
                request = self._request(path, query)
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))

            def list_$plural(self, page: int = 1) -> list[dict[str, Any]]:
                """One page of $what records."""
                body = self.get_json("/$path", {"page": str(page)})
                if not isinstance(body, dict):
                    raise ValueError("unexpected response shape")
                return list(body.get("items", []))
    ''',
            name=name,
            what=words(noun),
            plural=plural(noun),
            path=plural(noun).replace("_", "-"),
            timeout=rng.choice(["3.0", "5.0", "10.0"]),
        )
    )


def block_rate_limiter(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A token bucket."""
    name = m.export(m.unique(rng.choice(["TokenBucket", "RateLimiter", "Throttle"])))
    m.imp("time")
    m.add(
        lines_of(
            '''
        class $name:
            """Allows ``rate`` calls per second, with bursts of up to ``burst`` calls."""

            def __init__(self, rate: float = $rate, burst: int = $burst) -> None:
                self.rate = rate
                self.burst = burst
                self._tokens = float(burst)
                self._updated = time.monotonic()

            def _refill(self) -> None:
                now = time.monotonic()
                self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now

            def try_acquire(self) -> bool:
                """Take a token if one is available."""
                self._refill()
                if self._tokens >= 1:
                    self._tokens -= 1
                    return True
                return False
    ''',
            name=name,
            rate=rng.choice(["5.0", "10.0", "50.0"]),
            burst=rng.choice([5, 10, 20]),
        )
    )


# --- kind-specific blocks -------------------------------------------------------


def block_policy(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A domain policy with thresholds."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(rng.choice(QUALIFIERS)) + camel(noun) + "Policy"))
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Mapping")
    m.add(
        lines_of(
            '''
        @dataclass(frozen=True)
        class $name:
            """Decides whether a $what may go ahead, and explains why not."""

            minimum: int = $minimum
            maximum: int = $maximum
            blocked_regions: frozenset[str] = frozenset({$blocked})

            def violations(self, candidate: Mapping[str, object]) -> list[str]:
                """The reasons ``candidate`` breaks the policy; empty when it complies."""
                reasons: list[str] = []
                size = candidate.get("size", 0)
                if not isinstance(size, int):
                    reasons.append("size is not a number")
                elif size < self.minimum:
                    reasons.append(f"size {size} is below {self.minimum}")
                elif size > self.maximum:
                    reasons.append(f"size {size} is above {self.maximum}")
                region = str(candidate.get("region", "")).lower()
                if region in self.blocked_regions:
                    reasons.append(f"region {region!r} is blocked")
                return reasons

            def is_satisfied_by(self, candidate: Mapping[str, object]) -> bool:
                """Whether ``candidate`` complies with the policy."""
                return not self.violations(candidate)
    ''',
            name=name,
            what=words(noun),
            minimum=rng.randint(0, 5),
            maximum=rng.choice([10, 50, 100, 1000]),
            blocked=", ".join(f'"{r}"' for r in rng.sample(["xx", "zz", "kp", "ir", "sy", "cu"], 2)),
        )
    )


def block_query(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A query object and the read-model handler answering it."""
    noun = ctx.noun(rng)
    query = m.export(m.unique(f"Find{camel(plural(noun))}Query"))
    handler = m.export(m.unique(f"Find{camel(plural(noun))}"))
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Sequence")
    m.add(
        lines_of(
            '''
        @dataclass(frozen=True)
        class $query:
            """Ask the read model for $what rows."""

            owner: str | None = None
            text: str = ""
            limit: int = $limit
            offset: int = 0


        class $handler:
            """Answers $query from a denormalised list of rows; it never writes."""

            def __init__(self, rows: Sequence[dict[str, str]]) -> None:
                self._rows = rows

            def __call__(self, query: $query) -> list[dict[str, str]]:
                """The matching rows, sorted by name."""
                needle = query.text.strip().lower()
                matches = [
                    row
                    for row in self._rows
                    if (query.owner is None or row.get("owner") == query.owner)
                    and (not needle or needle in row.get("name", "").lower())
                ]
                matches.sort(key=lambda row: (row.get("name", ""), row.get("id", "")))
                return matches[query.offset : query.offset + query.limit]
    ''',
            query=query,
            handler=handler,
            what=words(noun),
            limit=rng.choice([20, 50, 100]),
        )
    )


def block_mapper(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A row mapper between a dataclass and a database row."""
    noun = ctx.noun(rng)
    row = m.export(m.unique(camel(noun) + "Row"))
    mapper = m.export(m.unique(camel(noun) + "RowMapper"))
    fields = _fields(rng, 2, 5)
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Mapping")
    _need_field_imports(m, fields)
    out = [
        "@dataclass(frozen=True)",
        f"class {row}:",
        f'    """A {words(noun)} as stored in the ``{plural(noun)}`` table."""',
        "",
        "    id: int",
    ]
    out += [f"    {fname}: {annotation}" for fname, annotation, _ in fields]
    out += [
        "",
        "",
        f"class {mapper}:",
        f'    """Converts between :class:`{row}` and database rows."""',
        "",
        f'    table = "{plural(noun)}"',
        f"    columns = ({', '.join(repr(c) for c in ['id'] + [f[0] for f in fields])},)".replace("'", '"'),
        "",
        f"    def to_row(self, value: {row}) -> dict[str, object]:",
        '        """The column values of ``value``."""',
        "        return {",
        '            "id": value.id,',
    ]
    for fname, _, kind in fields:
        out.append(f'            "{fname}": ' + _to_json(fname, kind).replace("self.", "value.") + ",")
    out += [
        "        }",
        "",
        f"    def from_row(self, data: Mapping[str, object]) -> {row}:",
        '        """The value stored in a row; raise ``KeyError`` if a column is missing."""',
        "        missing = [column for column in self.columns if column not in data]",
        "        if missing:",
        '            raise KeyError(f"missing columns: {missing}")',
        f"        return {row}(",
        '            id=int(str(data["id"])),',
    ]
    out += [f"            {fname}={_from_json(fname, kind)}," for fname, _, kind in fields]
    out += ["        )"]
    m.add(out)


def block_worker(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A background worker; one in forty uses threading.Event, one in forty asyncio.Event."""
    noun = ctx.noun(rng)
    name = m.export(m.unique(camel(noun) + rng.choice(["Worker", "Sweeper", "Poller", "Janitor"])))
    flavour = ctx.counters["workers"] % 40
    ctx.counters["workers"] += 1
    m.imp("logging")
    m.frm("collections.abc", "Callable")
    if "_logger" not in m.names:
        m.names.add("_logger")
        m.add(["_logger = logging.getLogger(__name__)"])
    values = {
        "name": name,
        "what": words(noun),
        "interval": rng.choice(["1.0", "5.0", "15.0", "60.0"]),
        "batch": rng.choice([10, 50, 100, 500]),
    }
    if flavour == 0:
        m.imp("threading")
        m.add(
            lines_of(
                '''
            class $name:
                """Processes pending $what items in a background thread until stopped."""

                def __init__(self, source: Callable[[int], list[str]], interval: float = $interval) -> None:
                    self._source = source
                    self.interval = interval
                    self.processed = 0
                    self._stop = threading.Event()
                    self._thread: threading.Thread | None = None

                def start(self) -> None:
                    """Start the thread; calling it twice is an error."""
                    if self._thread is not None:
                        raise RuntimeError("worker already started")
                    self._thread = threading.Thread(target=self._run, name="$what-worker", daemon=True)
                    self._thread.start()

                def _run(self) -> None:
                    while not self._stop.is_set():
                        batch = self._source($batch)
                        if not batch:
                            self._stop.wait(self.interval)
                            continue
                        for item in batch:
                            self._handle(item)

                def _handle(self, item: str) -> None:
                    _logger.debug("processing %s", item)
                    self.processed += 1

                def stop(self, timeout: float = 5.0) -> None:
                    """Ask the thread to finish and wait for it."""
                    self._stop.set()
                    if self._thread is not None:
                        self._thread.join(timeout)
        ''',
                **values,
            )
        )
    elif flavour == 20:
        m.imp("asyncio")
        m.frm("collections.abc", "Awaitable")
        m.add(
            lines_of(
                '''
            class $name:
                """Polls for pending $what items on the event loop until stopped."""

                def __init__(self, source: Callable[[int], Awaitable[list[str]]], interval: float = $interval) -> None:
                    self._source = source
                    self.interval = interval
                    self.processed = 0
                    self._stopped = asyncio.Event()

                async def run(self) -> None:
                    """Poll until :meth:`stop` is called."""
                    while not self._stopped.is_set():
                        batch = await self._source($batch)
                        for item in batch:
                            _logger.debug("processing %s", item)
                            self.processed += 1
                        if not batch:
                            try:
                                await asyncio.wait_for(self._stopped.wait(), timeout=self.interval)
                            except asyncio.TimeoutError:
                                continue

                def stop(self) -> None:
                    """Make :meth:`run` return after the current batch."""
                    self._stopped.set()
        ''',
                **values,
            )
        )
    else:
        m.imp("time")
        m.add(
            lines_of(
                '''
            class $name:
                """Processes pending $what items in batches, every ``interval`` seconds."""

                def __init__(self, source: Callable[[int], list[str]], interval: float = $interval) -> None:
                    self._source = source
                    self.interval = interval
                    self.processed = 0
                    self.failures: dict[str, int] = {}
                    self._running = False

                def run_once(self) -> int:
                    """Process one batch; return its size."""
                    batch = self._source($batch)
                    for item in batch:
                        try:
                            self._handle(item)
                        except ValueError as error:
                            self.failures[item] = self.failures.get(item, 0) + 1
                            _logger.warning("skipping %s: %s", item, error)
                    return len(batch)

                def _handle(self, item: str) -> None:
                    if not item.strip():
                        raise ValueError("blank item")
                    self.processed += 1

                def run_forever(self, max_rounds: int | None = None) -> None:
                    """Run batches until :meth:`stop` or ``max_rounds`` rounds."""
                    self._running = True
                    rounds = 0
                    while self._running and (max_rounds is None or rounds < max_rounds):
                        if self.run_once() == 0:
                            time.sleep(self.interval)
                        rounds += 1

                def stop(self) -> None:
                    """Stop after the current batch."""
                    self._running = False
        ''',
                **values,
            )
        )


def block_route_helpers(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Query-string helpers shared by the route functions of a module."""
    m.frm("collections.abc", "Mapping")
    m.names.update({"_int_param", "_ROWS"})
    m.add(["_ROWS: dict[str, dict[str, str]] = {}"])
    m.add(
        lines_of(
            '''
        def _int_param(query: Mapping[str, str], name: str, *, default: int, minimum: int = 0, maximum: int = $max) -> int:
            """An integer query parameter, clamped to its bounds."""
            raw = query.get(name)
            if raw is None or raw == "":
                return default
            try:
                value = int(raw)
            except ValueError:
                raise ValueError(f"{name} must be an integer, got {raw!r}") from None
            return max(minimum, min(value, maximum))
    ''',
            max=rng.choice([1000, 10_000]),
        )
    )


def block_routes(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """Route functions of a REST resource."""
    noun = ctx.noun(rng)
    path = f"/{ctx.service}/{plural(noun).replace('_', '-')}"
    list_fn = m.export(m.unique(f"list_{plural(noun)}"))
    get_fn = m.export(m.unique(f"get_{noun}"))
    put_fn = m.export(m.unique(f"put_{noun}"))
    m.add(
        lines_of(
            '''
        def $list_fn(query: Mapping[str, str]) -> dict[str, object]:
            """GET $path: one page of rows, filtered by ``status``."""
            page = _int_param(query, "page", default=1, minimum=1)
            per_page = _int_param(query, "per_page", default=$per, minimum=1, maximum=200)
            status = query.get("status")
            rows = [row for _, row in sorted(_ROWS.items()) if status is None or row.get("status") == status]
            start = (page - 1) * per_page
            return {"items": rows[start : start + per_page], "page": page, "total": len(rows)}


        def $get_fn(key: str) -> tuple[int, dict[str, object]]:
            """GET $path/{key}."""
            row = _ROWS.get(key)
            if row is None:
                return 404, {"error": f"no $what {key!r}"}
            return 200, dict(row)


        def $put_fn(key: str, body: Mapping[str, str]) -> tuple[int, dict[str, object]]:
            """PUT $path/{key}: create or replace the row."""
            name = body.get("name", "").strip()
            if not name:
                return 422, {"error": "name is required"}
            created = key not in _ROWS
            _ROWS[key] = {"id": key, "name": name, "status": body.get("status", "$status")}
            return (201 if created else 200), dict(_ROWS[key])
    ''',
            list_fn=list_fn,
            get_fn=get_fn,
            put_fn=put_fn,
            path=path,
            what=words(noun),
            per=rng.choice([20, 25, 50]),
            status=rng.choice(["active", "draft", "pending"]),
        )
    )


def block_schema(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """A request schema with validation and a response schema."""
    noun = ctx.noun(rng)
    request = m.export(m.unique(camel(noun) + rng.choice(["Request", "Input", "Payload"])))
    response = m.export(m.unique(camel(noun) + rng.choice(["Response", "View", "Output"])))
    fields = _fields(rng, 2, 4)
    m.frm("dataclasses", "dataclass")
    m.frm("collections.abc", "Mapping")
    _need_field_imports(m, fields)
    out = ["@dataclass(frozen=True)", f"class {request}:", f'    """The body of a request about a {words(noun)}."""', ""]
    out += [f"    {fname}: {annotation}" for fname, annotation, _ in fields]
    out += [
        "",
        "    @classmethod",
        f"    def from_json(cls, data: Mapping[str, object]) -> {request}:",
        '        """Parse the JSON body; raise ``ValueError`` naming the missing fields."""',
        f"        missing = sorted({{{', '.join(repr(f[0]) for f in fields)}}} - data.keys())".replace("'", '"'),
        "        if missing:",
        '            raise ValueError(f"missing fields: {missing}")',
        "        return cls(",
    ]
    out += [f"            {fname}={_from_json(fname, kind)}," for fname, _, kind in fields]
    out += [
        "        )",
        "",
        "",
        "@dataclass(frozen=True)",
        f"class {response}:",
        f'    """What the API answers about a {words(noun)}."""',
        "",
        "    id: str",
    ]
    out += [f"    {fname}: {annotation}" for fname, annotation, _ in fields]
    out += [
        "    links: tuple[str, ...] = ()",
        "",
        "    def to_json(self) -> dict[str, object]:",
        '        """The JSON body."""',
        '        body: dict[str, object] = {"id": self.id}',
    ]
    for fname, _, kind in fields:
        out.append(f'        body["{fname}"] = {_to_json(fname, kind)}')
    out += ["        if self.links:", '            body["links"] = list(self.links)', "        return body"]
    m.add(out)


_TEST_BODIES = (
    """
    def test_${name}_sorts_by_descending_value() -> None:
        values = [$values]
        ordered = sorted(values, key=lambda value: (-value, str(value)))
        assert ordered[0] == max(values)
        assert ordered[-1] == min(values)
        assert len(ordered) == len(values)
    """,
    """
    def test_${name}_rejects_malformed_numbers() -> None:
        with pytest.raises(ValueError):
            int("$bad")
    """,
    """
    @pytest.mark.parametrize(("raw", "expected"), [$pairs])
    def test_${name}_normalizes_labels(raw: str, expected: str) -> None:
        assert " ".join(raw.split()).lower() == expected
    """,
    """
    def test_${name}_groups_rows_by_owner() -> None:
        rows = [{"id": str(i), "owner": "owner-" + str(i % $mod)} for i in range($count)]
        groups: dict[str, list[str]] = {}
        for row in rows:
            groups.setdefault(row["owner"], []).append(row["id"])
        assert sum(len(ids) for ids in groups.values()) == $count
        assert len(groups) == min($mod, $count)
    """,
    '''
    class Test${cls}:
        """Behaviour of the $what bookkeeping."""

        def test_starts_empty(self) -> None:
            seen: set[str] = set()
            assert not seen

        def test_counts_each_key_once(self) -> None:
            keys = [$keys]
            assert len(set(keys)) == $distinct
            assert sorted(set(keys)) == sorted(dict.fromkeys(keys))

        def test_keeps_insertion_order(self) -> None:
            mapping = dict.fromkeys([$keys], 0)
            assert list(mapping) == [$ordered]
    ''',
    """
    def test_${name}_totals_add_up() -> None:
        amounts = [Decimal("$p1"), Decimal("$p2"), Decimal("$p3")]
        total = sum(amounts, Decimal(0))
        assert total == Decimal("$ptotal")
        assert total >= max(amounts)
    """,
    """
    def test_${name}_parses_iso_dates() -> None:
        parsed = datetime.fromisoformat("$iso")
        assert parsed.year == $year
        assert parsed.isoformat().startswith("$iso")
        with pytest.raises(ValueError):
            datetime.fromisoformat("$iso-garbage")
    """,
    """
    def test_${name}_chunks_cover_every_item() -> None:
        items = list(range($count))
        chunks = [items[start : start + $size] for start in range(0, len(items), $size)]
        assert [item for chunk in chunks for item in chunk] == items
        assert all(len(chunk) <= $size for chunk in chunks)
        assert len(chunks) == $nchunks
    """,
    """
    @pytest.fixture
    def ${name}_rows() -> list[dict[str, str]]:
        return [{"id": str(i), "status": "active" if i % 2 else "closed"} for i in range($count)]


    def test_${name}_filters_active_rows(${name}_rows: list[dict[str, str]]) -> None:
        active = [row for row in ${name}_rows if row["status"] == "active"]
        assert len(active) == $half
        assert all(int(row["id"]) % 2 == 1 for row in active)
    """,
    """
    def test_${name}_rounds_half_even() -> None:
        assert round($a) == $ra
        assert round($b) == $rb
    """,
)


def block_test(m: Module, rng: random.Random, ctx: Ctx) -> None:
    """One or a few test functions."""
    noun = ctx.noun(rng)
    index = rng.randrange(len(_TEST_BODIES))
    template = _TEST_BODIES[index]
    name = m.unique(noun + ("" if index % 2 else "_" + rng.choice(QUALIFIERS)))
    if "pytest" in template:
        m.imp("pytest")
    if "Decimal(" in template:
        m.frm("decimal", "Decimal")
    if "datetime." in template:
        m.frm("datetime", "datetime")
    count = rng.randint(4, 40)
    size = rng.randint(2, 9)
    keys = [rng.choice("abcdefgh") for _ in range(rng.randint(3, 8))]
    prices = [rng.randint(1, 99_999) for _ in range(3)]
    year = rng.randint(2015, 2030)
    iso = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    a = rng.choice([0.5, 1.5, 2.5, 3.5])
    b = rng.choice([4.5, 5.5, 6.5])
    labels = rng.sample(["  Mixed  Case ", "UPPER", "lower", "two  words", " padded "], 3)
    pairs = ", ".join(f'("{label}", "{" ".join(label.split()).lower()}")' for label in labels)
    m.add(
        lines_of(
            template,
            name=name,
            cls=camel(name),
            what=words(noun),
            values=", ".join(str(rng.randint(-50, 500)) for _ in range(rng.randint(3, 8))),
            bad=rng.choice(["12a", "x", "1.5.2", ""]),
            pairs=pairs,
            mod=rng.randint(2, 6),
            count=count,
            half=count // 2,
            a=a,
            ra=round(a),
            b=b,
            rb=round(b),
            keys=", ".join(f'"{key}"' for key in keys),
            distinct=len(set(keys)),
            ordered=", ".join(f'"{key}"' for key in dict.fromkeys(keys)),
            p1=f"{prices[0] / 100:.2f}",
            p2=f"{prices[1] / 100:.2f}",
            p3=f"{prices[2] / 100:.2f}",
            ptotal=f"{sum(prices) / 100:.2f}",
            iso=iso,
            year=year,
            size=size,
            nchunks=-(-count // size),
        )
    )


def block_import_check(m: Module, rng: random.Random, ctx: Ctx, targets: Sequence[tuple[str, str]]) -> None:
    """Tests that modules of the service import and document their public names."""
    for module, name in targets:
        m.frm(module, name)
        m.add(
            lines_of(
                """
            def test_${lower}_is_documented() -> None:
                assert $name.__doc__
                assert $name.__module__ == "$module"
        """,
                lower=m.unique(snake(name).lstrip("_")),
                name=name,
                module=module,
            )
        )


# Which blocks make each kind of plain module, with weights; the "first" block,
# if any, is always there.
KINDS: dict[str, tuple[tuple[Block, ...], tuple[tuple[Block, int], ...]]] = {
    "value_objects": (
        (block_value_object,),
        (
            (block_value_object, 6),
            (block_enum, 2),
            (block_exceptions, 1),
            (block_validate, 1),
            (block_money_total, 1),
            (block_bucket, 1),
        ),
    ),
    "policies": (
        (block_policy,),
        (
            (block_policy, 4),
            (block_enum, 1),
            (block_value_object, 2),
            (block_state_machine, 2),
            (block_weighted, 1),
            (block_validate, 1),
        ),
    ),
    "queries": (
        (block_query,),
        ((block_query, 4), (block_value_object, 1), (block_paginate, 2), (block_group_by, 1), (block_count_by, 1)),
    ),
    "repositories": (
        (block_sql_repository,),
        ((block_sql_repository, 3), (block_store, 3), (block_exceptions, 1), (block_chunked, 1)),
    ),
    "mappers": ((block_mapper,), ((block_mapper, 5), (block_parse_pairs, 1), (block_diff, 1), (block_constants, 1))),
    "workers": (
        (block_worker,),
        ((block_store, 2), (block_chunked, 2), (block_retry, 1), (block_accumulator, 2), (block_date_range, 1)),
    ),
    "clients": (
        (block_socket_client,),
        (
            (block_http_client, 3),
            (block_rate_limiter, 1),
            (block_exceptions, 1),
            (block_retry, 1),
            (block_lru, 1),
            (block_parse_pairs, 1),
        ),
    ),
    "routes": ((block_route_helpers, block_routes), ((block_routes, 4), (block_validate, 2), (block_paginate, 1))),
    "schemas": ((block_schema,), ((block_schema, 5), (block_enum, 2), (block_validate, 1))),
    "utils": (
        (),
        (
            (block_count_by, 2),
            (block_chunked, 1),
            (block_parse_pairs, 2),
            (block_weighted, 1),
            (block_dedupe, 2),
            (block_paginate, 1),
            (block_slugify, 2),
            (block_date_range, 1),
            (block_retry, 1),
            (block_group_by, 2),
            (block_money_total, 1),
            (block_diff, 1),
            (block_bucket, 1),
            (block_lru, 1),
            (block_timer, 1),
            (block_state_machine, 1),
            (block_protocol, 1),
            (block_constants, 1),
            (block_changelog, 1),
            (block_card_transactions, 1),
            (block_publish_report, 1),
            (block_accumulator, 1),
        ),
    ),
    "tests": ((), ((block_test, 1),)),
}
KIND_DIRS = {
    "value_objects": "domain/value_objects",
    "policies": "domain/policies",
    "queries": "application/queries",
    "repositories": "infrastructure/repositories",
    "mappers": "infrastructure/mappers",
    "workers": "infrastructure/workers",
    "clients": "infrastructure/clients",
    "routes": "api/routes",
    "schemas": "api/schemas",
    "utils": "utils",
    "tests": "tests",
}
KIND_WEIGHTS = (
    ("value_objects", 15),
    ("policies", 8),
    ("queries", 8),
    ("repositories", 6),
    ("mappers", 8),
    ("workers", 6),
    ("clients", 5),
    ("routes", 7),
    ("schemas", 10),
    ("utils", 12),
    ("tests", 15),
)
KIND_FILE_SUFFIX = {
    "value_objects": "",
    "policies": "_policy",
    "queries": "_queries",
    "repositories": "_tables",
    "mappers": "_mapper",
    "workers": "_worker",
    "clients": "_client",
    "routes": "_routes",
    "schemas": "_schemas",
    "utils": "",
    "tests": "",
}
KIND_DOCS = {
    "value_objects": "Value objects of the {svc} context: {topic}.",
    "policies": "Business policies of the {svc} context about {topic}.",
    "queries": "Read-side queries of the {svc} service: {topic}.\n\nQueries read the denormalised views; they never change state.",
    "repositories": "Table access for {topic} in the {svc} service.\n\nEvery method runs in the caller's database transaction unless it says otherwise.",
    "mappers": "Row mappers between the {svc} tables and {topic} values.",
    "workers": "Background processing of {topic} in the {svc} service.",
    "clients": "Clients of external systems used by the {svc} service for {topic}.",
    "routes": "HTTP routes of the {svc} API: {topic}.",
    "schemas": "Request and response schemas of the {svc} API: {topic}.",
    "utils": "Helpers of the {svc} service: {topic}.",
    "tests": "Tests of the {svc} service: {topic}.",
}


# ---------------------------------------------------------------------------
# The generator.
# ---------------------------------------------------------------------------


class Monorepo:
    """Builds the file texts of the monorepo in memory."""

    def __init__(self, files: int, seed: int) -> None:
        self.requested = files
        self.rng = random.Random(seed)
        self.texts: dict[str, str] = {}
        count = max(2, min(len(SERVICE_TABLE), round(files / FILES_PER_SERVICE)))
        self.services = self._services(count)
        self.plants = self._plants()
        first = self.services[0]
        self.edit_target = self._service_path(first.aggregates[0])
        self.plain_target = ""
        self.exports: dict[str, list[tuple[str, str]]] = {service.name: [] for service in self.services}
        self.counters: Counter[str] = Counter()

    # --- planning -------------------------------------------------------------

    def _services(self, count: int) -> list[Service]:
        rng = self.rng
        services: list[Service] = []
        for name, aggregate_names, nouns in SERVICE_TABLE[:count]:
            chosen = aggregate_names[: rng.randint(2, len(aggregate_names))]
            aggregates = tuple(
                Aggregate(name, aggregate, ("Created",) + tuple(past for past, _ in rng.sample(VERBS, rng.randint(2, 4))))
                for aggregate in chosen
            )
            services.append(Service(name, aggregates, nouns))
        for service in services:
            others = [other for other in services if other is not service]
            for upstream in rng.sample(others, min(len(others), rng.randint(1, 3))):
                aggregate = rng.choice(upstream.aggregates)
                for verb in rng.sample(aggregate.verbs, rng.randint(1, 2)):
                    service.upstream.append((aggregate, verb))
        return services

    def _plants(self) -> Plants:
        rng = self.rng
        plants = Plants()
        n = len(self.services)
        edit_aggregate = self.services[0].aggregates[0]
        candidates = [
            (service.name, aggregate, verb)
            for service in self.services
            for aggregate in service.aggregates
            if aggregate != edit_aggregate
            for verb in aggregate.verbs[1:]
        ]

        def pick(target: dict[str, list[tuple[Aggregate, str]]], count: int, code: str) -> None:
            for service, aggregate, verb in rng.sample(candidates, min(count, len(candidates))):
                target.setdefault(service, []).append((aggregate, verb))
                plants.expected[code] += 1

        pick(plants.to_broker, max(1, n // 3), "EVL202")
        pick(plants.to_mediator, max(1, n // 3), "EVL301")
        pick(plants.before_commit, max(1, n // 2), "EVL302")
        pick(plants.exposing, max(1, n // 4), "EVL303")
        for _ in range(max(2, n // 2)):
            importer = rng.choice(self.services)
            other = rng.choice([service for service in self.services if service is not importer])
            aggregate = rng.choice(other.aggregates)
            verb = rng.choice(aggregate.verbs)
            if (aggregate, verb) in plants.crossing.get(importer.name, []):
                continue
            plants.crossing.setdefault(importer.name, []).append((aggregate, verb))
            plants.expected["EVL201"] += 2

        def pick_aggregates(target: dict[str, list[Aggregate]], count: int, code: str) -> None:
            pool = [aggregate for service in self.services for aggregate in service.aggregates]
            for aggregate in rng.sample(pool, min(count, len(pool))):
                target.setdefault(aggregate.service, []).append(aggregate)
                plants.expected[code] += 1

        pick_aggregates(plants.command_named, max(1, n // 4), "EVL104")
        pick_aggregates(plants.unsuffixed_domain, max(1, n // 4), "EVL101")
        pick_aggregates(plants.baseless, max(1, n // 6), "EVL105")
        pick_aggregates(plants.unsuffixed_integration, max(1, n // 6), "EVL102")
        pick_aggregates(plants.domain_in_contracts, max(1, n // 6), "EVL203")
        return plants

    @staticmethod
    def _service_path(aggregate: Aggregate) -> str:
        return f"src/mono/{aggregate.service}/application/services/{aggregate.var}_service.py"

    # --- building -------------------------------------------------------------

    def build(self) -> None:
        """Create every file text."""
        self.texts["eventlint.toml"] = self._config()
        self.texts["README.md"] = self._readme()
        self._put(
            "src/mono/__init__.py", '"""The monorepo: one package per bounded context, plus the seedwork and contracts."""\n'
        )
        for path, text in SEEDWORK.items():
            self._put(f"src/mono/seedwork/{path}", textwrap.dedent(text).lstrip("\n"))
        self._put(
            "src/mono/contracts/__init__.py",
            '"""The published language: the integration events services exchange through the broker.\n\n'
            "One module per publishing service. Fields are primitive, stable values;\n"
            'no class of a bounded context\'s model appears here.\n"""\n',
        )
        for service in self.services:
            self._put(f"src/mono/contracts/{service.name}.py", self._contracts(service))
            self._core(service)
        filler = self.requested - sum(1 for path in self.texts if path.endswith(".py"))
        if filler < 0:
            minimum = self.requested - filler
            raise ValueError(f"files={self.requested} is too few: {len(self.services)} services need {minimum}")
        for index, service in enumerate(self.services):
            share = filler // len(self.services) + (1 if index < filler % len(self.services) else 0)
            self._filler(service, share)

    def _put(self, path: str, text: str) -> None:
        if path in self.texts:
            raise AssertionError(f"generated {path} twice")
        self.texts[path] = text

    def _config(self) -> str:
        out = [
            "# eventlint configuration of the generated benchmark monorepo.",
            'src = ["src"]',
            "",
            "[events]",
            'domain-bases = ["mono.seedwork.events.DomainEvent"]',
            'integration-bases = ["mono.seedwork.events.IntegrationEvent"]',
        ]
        for service in self.services:
            out += ["", f"[contexts.{service.name}]", f'modules = ["mono.{service.name}"]']
        out += [
            "",
            "[context-map]",
            'published-language = ["mono.contracts"]',
            "",
            "[dispatch]",
            'broker = ["*.event_bus.publish"]',
            'local = ["*.mediator.publish"]',
            'outbox = ["*.outbox.add"]',
            'commit = ["*.uow.commit"]',
        ]
        return "\n".join(out) + "\n"

    def _readme(self) -> str:
        names = ", ".join(service.name for service in self.services)
        return (
            "# mono\n\nA generated event-driven monorepo used to benchmark eventlint.\n\n"
            f"Bounded contexts: {names}.\n\n"
            "Planted violations are marked on their lines with `# expect: EVLnnn`.\n"
        )

    # --- contracts --------------------------------------------------------------

    def _contracts(self, service: Service) -> str:
        rng = self.rng
        plants = self.plants
        m = Module(
            f"Integration events published by the {service.name} service.\n\n"
            "Consumers in other services depend on these classes: change them only\n"
            "in a backwards-compatible way."
        )
        m.frm("dataclasses", "dataclass")
        m.frm("mono.seedwork.events", "IntegrationEvent")
        exposing = {(aggregate, verb) for aggregate, verb in plants.exposing.get(service.name, [])}
        for aggregate in service.aggregates:
            summary = ""
            if rng.random() < 0.4:
                summary = f"{aggregate.name}Summary"
                m.add(
                    lines_of(
                        '''
                    @dataclass(frozen=True)
                    class $summary:
                        """The public summary of a $what, part of the published language."""

                        id: int
                        name: str
                        status: str
                ''',
                        summary=summary,
                        what=words(aggregate.var),
                    )
                )
            for verb in aggregate.verbs:
                block = lines_of(
                    '''
                    @dataclass(frozen=True, kw_only=True)
                    class $cls(IntegrationEvent):
                        """Published once a $what was $past and the change committed."""

                        ${var}_id: int
                        actor: str
                        note: str = ""
                        version: int = 0
                ''',
                    cls=aggregate.integration_event(verb),
                    what=words(aggregate.var),
                    past=verb.lower(),
                    var=aggregate.var,
                )
                if summary and verb == "Created":
                    block.append(f"    summary: {summary} | None = None")
                if (aggregate, verb) in exposing:
                    m.frm(aggregate.module, aggregate.name)
                    block.append(f"    snapshot: {aggregate.name} | None = None  # expect: EVL303")
                m.add(block)
        for aggregate in plants.unsuffixed_integration.get(service.name, []):
            past = UNSUFFIXED_PASTS[len(aggregate.name) % len(UNSUFFIXED_PASTS)]
            m.add(
                lines_of(
                    '''
                @dataclass(frozen=True, kw_only=True)
                class $cls(IntegrationEvent):  # expect: EVL102
                    """Published when a $what was $past to the data warehouse."""

                    ${var}_id: int
                    target: str
            ''',
                    cls=f"{aggregate.name}{past}",
                    what=words(aggregate.var),
                    past=past.lower(),
                    var=aggregate.var,
                )
            )
        for aggregate in plants.domain_in_contracts.get(service.name, []):
            m.frm("mono.seedwork.events", "DomainEvent")
            m.add(
                lines_of(
                    '''
                @dataclass(frozen=True, kw_only=True)
                class $cls(DomainEvent):  # expect: EVL203
                    """Recorded when the $what snapshot job ran (kept here for the reporting team)."""

                    ${var}_id: int
                    rows: int
            ''',
                    cls=f"{aggregate.name}SnapshotRecordedDomainEvent",
                    what=words(aggregate.var),
                    var=aggregate.var,
                )
            )
        return m.render()

    # --- the event-related core of a service ------------------------------------

    def _core(self, service: Service) -> None:
        base = f"src/mono/{service.name}"
        svc = service.name
        packages = {
            "": f"The {svc} service: a bounded context of the monorepo.",
            "domain": f"The {svc} domain model: aggregates, domain events, value objects and policies.",
            "domain/value_objects": f"Value objects of the {svc} context.",
            "domain/policies": f"Business policies of the {svc} context.",
            "application": f"Use cases of the {svc} service: commands, queries, services and event handlers.",
            "application/services": f"Application services of the {svc} service, one per aggregate.",
            "application/queries": f"Read-side queries of the {svc} service.",
            "infrastructure": f"Adapters of the {svc} service: persistence, messaging, workers and clients.",
            "infrastructure/repositories": f"Repositories and table access of the {svc} service.",
            "infrastructure/mappers": f"Row mappers of the {svc} service.",
            "infrastructure/workers": f"Background workers of the {svc} service.",
            "infrastructure/clients": f"Clients of the external systems the {svc} service talks to.",
            "api": f"The HTTP API of the {svc} service.",
            "api/routes": f"Route functions of the {svc} API.",
            "api/schemas": f"Request and response schemas of the {svc} API.",
            "utils": f"Small helpers of the {svc} service.",
            "tests": f"Tests of the {svc} service.",
        }
        for package, doc in packages.items():
            path = f"{base}/{package}/__init__.py" if package else f"{base}/__init__.py"
            if package == "domain":
                self._put(path, self._domain_init(service, doc))
            else:
                self._put(path, f'"""{doc}"""\n')
        self._put(f"{base}/domain/events.py", self._domain_events(service))
        for aggregate in service.aggregates:
            self._put(f"{base}/domain/{aggregate.var}.py", self._aggregate(aggregate))
            self._put(f"{base}/infrastructure/repositories/{aggregate.var}_repository.py", self._repository(aggregate))
            self._put(self._service_path(aggregate), self._application_service(service, aggregate))
            self._put(f"{base}/api/routes/{aggregate.var}_commands.py", self._command_routes(aggregate))
        self._put(f"{base}/application/commands.py", self._commands(service))
        self._put(f"{base}/application/domain_event_handlers.py", self._domain_event_handlers(service))
        self._put(f"{base}/application/consumers.py", self._consumers(service))
        self._put(f"{base}/infrastructure/messaging.py", self._messaging(service))
        for index, (aggregate, verb) in enumerate(self.plants.crossing.get(service.name, [])):
            path = f"{base}/application/{aggregate.service}_{aggregate.var}_sync.py"
            if path in self.texts:
                path = path[:-3] + f"_{index}.py"
            self._put(path, self._crossing(service, aggregate, verb))

    def _domain_init(self, service: Service, doc: str) -> str:
        m = Module(doc)
        names: list[str] = []
        for aggregate in service.aggregates:
            m.frm(f".{aggregate.var}", aggregate.name)
            names.append(aggregate.name)
            events = [aggregate.domain_event(verb) for verb in aggregate.verbs]
            m.frm(".events", *events)
            names += events
        m.add(["__all__ = ["] + [f'    "{name}",' for name in sorted(names)] + ["]"])
        return m.render()

    def _domain_events(self, service: Service) -> str:
        plants = self.plants
        m = Module(
            f"Domain events of the {service.name} context.\n\n"
            "They are raised by the aggregates and dispatched in-process by the mediator,\n"
            "inside the unit of work; other services learn about the changes through the\n"
            f"integration events of ``mono.contracts.{service.name}``."
        )
        m.frm("dataclasses", "dataclass")
        m.frm("mono.seedwork.events", "DomainEvent")
        for aggregate in service.aggregates:
            for verb in aggregate.verbs:
                block = lines_of(
                    '''
                    @dataclass(frozen=True, kw_only=True)
                    class $cls(DomainEvent):
                        """A $what was $past."""

                        ${var}_id: int
                        actor: str
                        note: str = ""
                ''',
                    cls=aggregate.domain_event(verb),
                    what=words(aggregate.var),
                    past=verb.lower(),
                    var=aggregate.var,
                )
                m.add(block)
        for aggregate in plants.command_named.get(service.name, []):
            prefix = COMMAND_LIKE[len(aggregate.name) % len(COMMAND_LIKE)]
            m.add(
                lines_of(
                    '''
                @dataclass(frozen=True, kw_only=True)
                class ${prefix}${agg}DomainEvent(DomainEvent):  # expect: EVL104
                    """Raised when the $what workflow asks for a new $what."""

                    ${var}_id: int
                    requested_by: str
            ''',
                    prefix=prefix,
                    agg=aggregate.name,
                    what=words(aggregate.var),
                    var=aggregate.var,
                )
            )
        for aggregate in plants.unsuffixed_domain.get(service.name, []):
            past = BARE_PASTS[len(aggregate.name) % len(BARE_PASTS)]
            m.add(
                lines_of(
                    '''
                @dataclass(frozen=True, kw_only=True)
                class ${agg}${past}(DomainEvent):  # expect: EVL101
                    """A $what was $lower by the back office."""

                    ${var}_id: int
                    reason: str
            ''',
                    agg=aggregate.name,
                    past=past,
                    lower=past.lower(),
                    what=words(aggregate.var),
                    var=aggregate.var,
                )
            )
        for aggregate in plants.baseless.get(service.name, []):
            past = BASELESS_PASTS[len(aggregate.name) % len(BASELESS_PASTS)]
            m.add(
                lines_of(
                    '''
                @dataclass(frozen=True)
                class ${agg}${past}DomainEvent:  # expect: EVL105
                    """A $what was $lower from the legacy system (written before the base existed)."""

                    ${var}_id: int
                    source: str
            ''',
                    agg=aggregate.name,
                    past=past,
                    lower=past.lower(),
                    what=words(aggregate.var),
                    var=aggregate.var,
                )
            )
        return m.render()

    def _aggregate(self, aggregate: Aggregate) -> str:
        rng = self.rng
        name, var = aggregate.name, aggregate.var
        m = Module(f"The {name} aggregate of the {aggregate.service} context.")
        m.frm("mono.seedwork.domain", "AggregateRoot")
        m.frm(".events", *(aggregate.domain_event(verb) for verb in aggregate.verbs))
        statuses = {verb: verb.lower() for verb in aggregate.verbs}
        out = lines_of(
            '''
            class ${name}Error(Exception):
                """A change the $what's invariants forbid."""


            class $name(AggregateRoot[int]):
                """Aggregate root: a $what and everything that must change with it atomically."""

                def __init__(self, ${var}_id: int, name: str, owner: str) -> None:
                    super().__init__(${var}_id)
                    self.name = name
                    self.owner = owner
                    self.status = "new"
                    self.version = 0
                    self.history: list[str] = []

                @classmethod
                def create(cls, ${var}_id: int, name: str, actor: str) -> $name:
                    """A new $what, recording that it was created."""
                    if not name.strip():
                        raise ${name}Error("a $what needs a name")
                    $var = cls(${var}_id, name.strip(), actor)
                    ${var}.status = "created"
                    ${var}.add_domain_event(${created}(${var}_id=${var}_id, actor=actor, note=name))
                    return $var

                def _record(self, actor: str, change: str) -> None:
                    self.version += 1
                    self.history.append(f"{self.version}:{actor}:{change}")

                def touch(self, actor: str, note: str) -> None:
                    """Note an external change that raises no domain event."""
                    self._record(actor, note)
        ''',
            name=name,
            var=var,
            what=words(var),
            created=aggregate.domain_event("Created"),
        )
        for verb in aggregate.verbs[1:]:
            imperative = IMPERATIVE[verb]
            forbidden = rng.choice([s for s in statuses.values() if s != verb.lower()] + ["new"])
            out += [""] + [
                f"    {line}" if line else ""
                for line in lines_of(
                    '''
                def $imp(self, actor: str, note: str = "") -> None:
                    """Mark the $what as $past."""
                    if self.status == "$status":
                        raise ${name}Error(f"{self.name} is already $status")
                    if self.status == "$forbidden":
                        raise ${name}Error(f"a $forbidden $what cannot be $past")
                    self.status = "$status"
                    self._record(actor, "$imp")
                    self.add_domain_event(${event}(${var}_id=self.id, actor=actor, note=note))
            ''',
                    imp=imperative,
                    what=words(var),
                    past=verb.lower(),
                    status=statuses[verb],
                    name=name,
                    forbidden=forbidden,
                    event=aggregate.domain_event(verb),
                    var=var,
                )
            ]
        m.add(out)
        return m.render()

    def _repository(self, aggregate: Aggregate) -> str:
        name, var = aggregate.name, aggregate.var
        m = Module(f"Persistence of {name} aggregates.")
        m.frm("abc", "ABC", "abstractmethod")
        m.frm(aggregate.module, name)
        m.add(
            lines_of(
                '''
            class ${name}NotFoundError(LookupError):
                """No $what has the requested id."""


            class ${name}Repository(ABC):
                """Collection-like access to $name aggregates."""

                @abstractmethod
                def next_identity(self) -> int:
                    """A fresh id for a new $what."""

                @abstractmethod
                def find(self, ${var}_id: int) -> $name | None:
                    """The $what with ``${var}_id``, if any."""

                def get(self, ${var}_id: int) -> $name:
                    """The $what with ``${var}_id``; raise if there is none."""
                    $var = self.find(${var}_id)
                    if $var is None:
                        raise ${name}NotFoundError(${var}_id)
                    return $var

                @abstractmethod
                def add(self, $var: $name) -> None:
                    """Add a new $what."""

                @abstractmethod
                def update(self, $var: $name) -> None:
                    """Save the changes of a $what."""


            class InMemory${name}Repository(${name}Repository):
                """$plural kept in a dictionary, for tests and local runs."""

                def __init__(self) -> None:
                    self._rows: dict[int, $name] = {}
                    self._sequence = 0

                def next_identity(self) -> int:
                    self._sequence += 1
                    return self._sequence

                def find(self, ${var}_id: int) -> $name | None:
                    return self._rows.get(${var}_id)

                def add(self, $var: $name) -> None:
                    if ${var}.id in self._rows:
                        raise ValueError(f"$what {${var}.id} already exists")
                    self._rows[${var}.id] = $var

                def update(self, $var: $name) -> None:
                    if ${var}.id not in self._rows:
                        raise ${name}NotFoundError(${var}.id)
                    self._rows[${var}.id] = $var

                def by_status(self, status: str) -> list[$name]:
                    """The $what aggregates in ``status``, by id."""
                    return [row for _, row in sorted(self._rows.items()) if row.status == status]
        ''',
                name=name,
                var=var,
                what=words(var),
                plural=words(plural(var)).capitalize(),
            )
        )
        return m.render()

    def _commands(self, service: Service) -> str:
        m = Module(f"Commands of the {service.name} service: what its users ask for.")
        m.frm("dataclasses", "dataclass")
        for aggregate in service.aggregates:
            var = aggregate.var
            m.add(
                lines_of(
                    '''
                @dataclass(frozen=True)
                class Create${name}Command:
                    """Create a $what."""

                    name: str
                    actor: str
            ''',
                    name=aggregate.name,
                    what=words(var),
                )
            )
            for verb in aggregate.verbs[1:]:
                m.add(
                    lines_of(
                        '''
                    @dataclass(frozen=True)
                    class ${imp}${name}Command:
                        """${imp} a $what."""

                        ${var}_id: int
                        actor: str
                        note: str = ""
                ''',
                        imp=IMPERATIVE[verb].capitalize(),
                        name=aggregate.name,
                        what=words(var),
                        var=var,
                    )
                )
        return m.render()

    def _application_service(self, service: Service, aggregate: Aggregate) -> str:
        rng = self.rng
        plants = self.plants
        name, var, repo = aggregate.name, aggregate.var, aggregate.repo_attr
        m = Module(
            f"Application service of the {name} aggregate.\n\n"
            "Each use case loads or creates the aggregate, dispatches the domain events it\n"
            "raised through the mediator (inside the unit of work), commits, and only then\n"
            "publishes the integration event for the other services."
        )
        contracts = f"mono.contracts.{service.name}"
        m.frm("mono.seedwork.event_bus", "EventBus")
        m.frm("mono.seedwork.mediator", "Mediator")
        m.frm("mono.seedwork.outbox", "Outbox")
        m.frm("mono.seedwork.unit_of_work", "UnitOfWork")
        m.frm(aggregate.module, name)
        m.frm(f"mono.{service.name}.infrastructure.repositories.{var}_repository", f"{name}Repository")
        commands = f"mono.{service.name}.application.commands"
        m.frm(commands, f"Create{name}Command")
        m.frm(contracts, aggregate.integration_event("Created"))
        out = lines_of(
            '''
            class ${name}ApplicationService:
                """The use cases of the $what."""

                def __init__(
                    self,
                    $repo: ${name}Repository,
                    mediator: Mediator,
                    uow: UnitOfWork,
                    event_bus: EventBus,
                    outbox: Outbox,
                ) -> None:
                    self.$repo = $repo
                    self.mediator = mediator
                    self.uow = uow
                    self.event_bus = event_bus
                    self.outbox = outbox

                def _dispatch(self, $var: $name) -> None:
                    """Run the in-process handlers of the domain events the $what raised."""
                    for domain_event in ${var}.pull_domain_events():
                        self.mediator.publish(domain_event)

                def create_${var}(self, command: Create${name}Command) -> int:
                    """Create the $what and announce it once committed."""
                    $var = ${name}.create(self.${repo}.next_identity(), command.name, command.actor)
                    self.${repo}.add($var)
                    self._dispatch($var)
                    self.uow.commit()
                    self.event_bus.publish(
                        ${created}(${var}_id=${var}.id, actor=command.actor, note=command.name, version=${var}.version)
                    )
                    return ${var}.id
        ''',
            name=name,
            var=var,
            repo=repo,
            what=words(var),
            created=aggregate.integration_event("Created"),
        )
        for verb in aggregate.verbs[1:]:
            imp = IMPERATIVE[verb]
            command = f"{imp.capitalize()}{name}Command"
            event = aggregate.integration_event(verb)
            m.frm(commands, command)
            m.frm(contracts, event)
            shape = rng.randrange(5)
            values = {
                "imp": imp,
                "var": var,
                "repo": repo,
                "what": words(var),
                "past": verb.lower(),
                "command": command,
                "event": event,
                "status": verb.lower(),
            }
            if shape == 0:
                body = '''
                    def ${imp}_${var}(self, command: $command) -> None:
                        """Mark the $what as $past, commit, then tell the other services."""
                        $var = self.${repo}.get(command.${var}_id)
                        ${var}.${imp}(command.actor, command.note)
                        self.${repo}.update($var)
                        self._dispatch($var)
                        self.uow.commit()
                        self.event_bus.publish(
                            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
                        )
                '''
            elif shape == 1:
                body = '''
                    def ${imp}_${var}(self, command: $command) -> None:
                        """Mark the $what as $past; the event is built first, published after the commit."""
                        $var = self.${repo}.get(command.${var}_id)
                        ${var}.${imp}(command.actor, command.note)
                        self.${repo}.update($var)
                        announcement = ${event}(
                            ${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version
                        )
                        self._dispatch($var)
                        self.uow.commit()
                        self.event_bus.publish(announcement)
                '''
            elif shape == 2:
                body = '''
                    def ${imp}_${var}(self, command: $command) -> None:
                        """Mark the $what as $past; roll back if the commit fails."""
                        $var = self.${repo}.get(command.${var}_id)
                        ${var}.${imp}(command.actor, command.note)
                        self.${repo}.update($var)
                        self._dispatch($var)
                        try:
                            self.uow.commit()
                        except Exception:
                            self.uow.rollback()
                            raise
                        self.event_bus.publish(
                            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
                        )
                '''
            elif shape == 3:
                body = '''
                    def ${imp}_${var}(self, command: $command) -> bool:
                        """Mark the $what as $past unless it already is; return whether it changed."""
                        $var = self.${repo}.get(command.${var}_id)
                        if ${var}.status == "$status":
                            return False
                        ${var}.${imp}(command.actor, command.note)
                        self.${repo}.update($var)
                        self._dispatch($var)
                        self.uow.commit()
                        self.event_bus.publish(
                            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
                        )
                        return True
                '''
            else:
                body = '''
                    def ${imp}_${var}(self, command: $command) -> None:
                        """Mark the $what as $past; the outbox relays the event after the commit."""
                        $var = self.${repo}.get(command.${var}_id)
                        ${var}.${imp}(command.actor, command.note)
                        self.${repo}.update($var)
                        self._dispatch($var)
                        self.outbox.add(
                            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
                        )
                        self.uow.commit()
                '''
            out += [""] + [f"    {line}" if line else "" for line in lines_of(body, **values)]
        for planted, template, domain in (
            (plants.to_broker, _TO_BROKER, True),
            (plants.to_mediator, _TO_MEDIATOR, False),
            (plants.before_commit, _BEFORE_COMMIT, False),
        ):
            for planted_aggregate, verb in planted.get(service.name, []):
                if planted_aggregate != aggregate:
                    continue
                imp = IMPERATIVE[verb]
                command = f"{imp.capitalize()}{name}Command"
                if domain:
                    event = aggregate.domain_event(verb)
                    m.frm(f"mono.{service.name}.domain.events", event)
                else:
                    event = aggregate.integration_event(verb)
                    m.frm(contracts, event)
                m.frm(commands, command)
                method = lines_of(
                    template, imp=imp, var=var, repo=repo, what=words(var), past=verb.lower(), command=command, event=event
                )
                out += [""] + [f"    {line}" if line else "" for line in method]
        m.add(out)
        return m.render()

    def _command_routes(self, aggregate: Aggregate) -> str:
        name, var = aggregate.name, aggregate.var
        m = Module(f"HTTP routes that change {name} aggregates; each calls one use case.")
        m.frm("collections.abc", "Mapping")
        m.frm(f"mono.{aggregate.service}.application.services.{var}_service", f"{name}ApplicationService")
        commands = f"mono.{aggregate.service}.application.commands"
        m.frm(commands, f"Create{name}Command")
        m.add(
            lines_of(
                '''
            def _actor(body: Mapping[str, str]) -> str:
                actor = body.get("actor", "").strip()
                if not actor:
                    raise ValueError("actor is required")
                return actor


            def post_$var(service: ${name}ApplicationService, body: Mapping[str, str]) -> tuple[int, dict[str, object]]:
                """POST /$path: create a $what."""
                try:
                    actor = _actor(body)
                except ValueError as error:
                    return 400, {"error": str(error)}
                new_id = service.create_${var}(Create${name}Command(name=body.get("name", ""), actor=actor))
                return 201, {"id": new_id}
        ''',
                name=name,
                var=var,
                what=words(var),
                path=plural(var).replace("_", "-"),
            )
        )
        for verb in aggregate.verbs[1:]:
            imp = IMPERATIVE[verb]
            command = f"{imp.capitalize()}{name}Command"
            m.frm(commands, command)
            m.add(
                lines_of(
                    '''
                def ${imp}_$var(
                    service: ${name}ApplicationService, ${var}_id: str, body: Mapping[str, str]
                ) -> tuple[int, dict[str, object]]:
                    """POST /$path/{id}/$imp."""
                    if not ${var}_id.isdigit():
                        return 404, {"error": f"no $what {${var}_id!r}"}
                    try:
                        actor = _actor(body)
                    except ValueError as error:
                        return 400, {"error": str(error)}
                    service.${imp}_$var($command(${var}_id=int(${var}_id), actor=actor, note=body.get("note", "")))
                    return 202, {"id": int(${var}_id), "status": "$past"}
            ''',
                    imp=imp,
                    var=var,
                    name=name,
                    what=words(var),
                    path=plural(var).replace("_", "-"),
                    command=command,
                    past=verb.lower(),
                )
            )
        return m.render()

    def _domain_event_handlers(self, service: Service) -> str:
        rng = self.rng
        m = Module(
            f"Handlers of the {service.name} domain events.\n\n"
            "The mediator runs them synchronously, inside the unit of work of the use case\n"
            "that raised the event, so what they change commits together with it."
        )
        m.frm("mono.seedwork.mediator", "Mediator")
        registrations: list[str] = []
        for aggregate in service.aggregates:
            for verb in aggregate.verbs:
                if rng.random() < 0.45 and verb != "Created":
                    continue
                event = aggregate.domain_event(verb)
                m.frm(f"mono.{service.name}.domain.events", event)
                handler = f"{event}Handler"
                m.add(
                    lines_of(
                        '''
                    class $handler:
                        """Keeps the $what audit trail when a $what was $past."""

                        def __init__(self) -> None:
                            self.trail: list[str] = []
                            self.by_actor: dict[str, int] = {}

                        def handle(self, event: $event) -> None:
                            """Append the change to the trail and count it for its actor."""
                            line = f"{event.occurred_on.isoformat()} ${var} {event.${var}_id} $past by {event.actor}"
                            if event.note:
                                line += f": {event.note}"
                            self.trail.append(line)
                            self.by_actor[event.actor] = self.by_actor.get(event.actor, 0) + 1
                ''',
                        handler=handler,
                        what=words(aggregate.var),
                        past=verb.lower(),
                        event=event,
                        var=aggregate.var,
                    )
                )
                registrations.append(f"    mediator.subscribe({event}, {handler}().handle)")
        m.add(
            [
                "def register_domain_event_handlers(mediator: Mediator) -> None:",
                f'    """Subscribe the {service.name} domain-event handlers to the mediator."""',
            ]
            + registrations
        )
        return m.render()

    def _consumers(self, service: Service) -> str:
        m = Module(
            f"Consumers of the integration events the {service.name} service receives from the broker.\n\n"
            "Each one brings this context in step with a fact another service published,\n"
            "in a unit of work of its own."
        )
        m.frm("mono.seedwork.mediator", "Mediator")
        m.frm("mono.seedwork.unit_of_work", "UnitOfWork")
        local = service.aggregates[0]
        m.frm(f"mono.{service.name}.infrastructure.repositories.{local.var}_repository", f"{local.name}Repository")
        for aggregate, verb in service.upstream:
            event = aggregate.integration_event(verb)
            m.frm(f"mono.contracts.{aggregate.service}", event)
            m.add(
                lines_of(
                    '''
                class ${event}Consumer:
                    """Notes on the local $local that a $what was $past in the $upstream service."""

                    def __init__(self, $repo: ${localname}Repository, mediator: Mediator, uow: UnitOfWork) -> None:
                        self.$repo = $repo
                        self.mediator = mediator
                        self.uow = uow
                        self.skipped = 0

                    def handle(self, event: $event) -> None:
                        """Apply the upstream change, dispatch what it raised and commit."""
                        $lvar = self.${repo}.find(event.${var}_id)
                        if $lvar is None:
                            self.skipped += 1
                            return
                        ${lvar}.touch(event.actor, f"$upstream: $what {event.${var}_id} $past (v{event.version})")
                        self.${repo}.update($lvar)
                        for domain_event in ${lvar}.pull_domain_events():
                            self.mediator.publish(domain_event)
                        self.uow.commit()
            ''',
                    event=event,
                    local=words(local.var),
                    localname=local.name,
                    what=words(aggregate.var),
                    past=verb.lower(),
                    upstream=aggregate.service,
                    repo=local.repo_attr,
                    lvar=local.var,
                    var=aggregate.var,
                )
            )
        return m.render()

    def _messaging(self, service: Service) -> str:
        m = Module(
            f"The {service.name} service's side of the broker: raw messages in, consumers called.\n\n"
            "The adapter rebuilds each integration event from the published language and\n"
            "hands it to this service's own consumer, in this service's process."
        )
        m.imp("json")
        m.frm("collections.abc", "Mapping")
        m.frm("typing", "Any")
        m.frm("mono.seedwork.event_bus", "EventBus")
        init_params: list[str] = []
        init_body: list[str] = []
        branches: list[str] = []
        subscribe: list[str] = []
        builders: list[str] = []
        for aggregate, verb in service.upstream:
            event = aggregate.integration_event(verb)
            consumer = f"{event}Consumer"
            attr = f"{snake(aggregate.name)}_{verb.lower()}"
            topic = f"{aggregate.service}.{aggregate.var.replace('_', '-')}-{verb.lower()}"
            m.frm(f"mono.contracts.{aggregate.service}", event)
            m.frm(f"mono.{service.name}.application.consumers", consumer)
            init_params.append(f"        {attr}: {consumer},")
            init_body.append(f"        self._{attr} = {attr}")
            branches += [
                f'        if topic == "{topic}":',
                f"            self._{attr}.handle(self._{attr}_from(data))",
                "            return True",
            ]
            subscribe.append(f"    event_bus.subscribe({event}, adapter._{attr})")
            builders += lines_of(
                """

                @staticmethod
                def _${attr}_from(data: Mapping[str, Any]) -> $event:
                    return $event(
                        ${var}_id=int(data["${var}_id"]),
                        actor=str(data.get("actor", "")),
                        note=str(data.get("note", "")),
                        version=int(data.get("version", 0)),
                    )
            """,
                attr=attr,
                event=event,
                var=aggregate.var,
            )
        out = (
            [
                f"class {camel(service.name)}MessageAdapter:",
                '    """Routes broker messages, by topic, to the consumers of this service."""',
                "",
                "    def __init__(",
                "        self,",
            ]
            + init_params
            + ["    ) -> None:"]
            + init_body
            + [
                "        self.unknown_topics: dict[str, int] = {}",
                "",
                "    def dispatch(self, topic: str, body: bytes) -> bool:",
                '        """Decode one message and hand it to its consumer; return whether one took it."""',
                '        data = json.loads(body.decode("utf-8"))',
                "        if not isinstance(data, dict):",
                '            raise ValueError(f"message on {topic} is not an object")',
            ]
            + branches
            + [
                "        self.unknown_topics[topic] = self.unknown_topics.get(topic, 0) + 1",
                "        return False",
            ]
            + [f"    {line}" if line else "" for line in builders]
        )
        m.add(out)
        m.add(
            [
                f"def subscribe_consumers(event_bus: EventBus, adapter: {camel(service.name)}MessageAdapter) -> None:",
                '    """Register the consumers on the event bus, for in-memory test runs."""',
            ]
            + subscribe
        )
        return m.render()

    def _crossing(self, service: Service, aggregate: Aggregate, verb: str) -> str:
        event = aggregate.domain_event(verb)
        m = Module(
            f"Keeps the {service.name} view of {words(plural(aggregate.var))} in step with the {aggregate.service} context.\n\n"
            "Written when both ran in one process: it listens to the other context's domain\n"
            "events on the shared mediator instead of consuming its integration events."
        )
        m.frm_marked(f"mono.{aggregate.service}.domain.events", event, "expect: EVL201")
        m.add(
            lines_of(
                '''
            class ${agg}${verb}Listener:
                """Mirrors $upstream changes in a local lookup table."""

                def __init__(self) -> None:
                    self.last_actor: dict[int, str] = {}
                    self.changes = 0

                def on_${var}_${lower}(self, event: $event) -> None:  # expect: EVL201
                    """Remember who changed the $what last."""
                    self.last_actor[event.${var}_id] = event.actor
                    self.changes += 1
        ''',
                agg=aggregate.name,
                verb=verb,
                upstream=aggregate.service,
                var=aggregate.var,
                lower=verb.lower(),
                event=event,
                what=words(aggregate.var),
            )
        )
        return m.render()

    # --- plain modules -------------------------------------------------------

    def _filler(self, service: Service, count: int) -> None:
        rng = self.rng
        kinds = [kind for kind, _ in KIND_WEIGHTS]
        weights = [weight for _, weight in KIND_WEIGHTS]
        chosen = ["utils"] + rng.choices(kinds, weights=weights, k=count - 1) if count else []
        used: set[str] = {path for path in self.texts if path.startswith(f"src/mono/{service.name}/")}
        # Tests last: they import what the other modules define.
        for kind in sorted(chosen, key=lambda kind: kind == "tests"):
            topic = self._topic(rng, service)
            directory = f"src/mono/{service.name}/{KIND_DIRS[kind]}"
            stem = ("test_" if kind == "tests" else "") + topic + KIND_FILE_SUFFIX[kind]
            path, number = f"{directory}/{stem}.py", 2
            while path in used:
                path, number = f"{directory}/{stem}_{number}.py", number + 1
            used.add(path)
            module = path[len("src/") : -len(".py")].replace("/", ".")
            m = self._plain_module(service, kind, topic)
            if kind != "tests":
                self.exports[service.name] += [(module, name) for name in m.exports if not name.startswith("_")]
            self._put(path, m.render())
            if not self.plain_target and service is self.services[0] and kind == "utils":
                self.plain_target = path

    def _topic(self, rng: random.Random, service: Service) -> str:
        noun = rng.choice(service.nouns) if rng.random() < 0.7 else rng.choice(GENERIC_NOUNS)
        return f"{rng.choice(QUALIFIERS)}_{noun}" if rng.random() < 0.6 else noun

    def _plain_module(self, service: Service, kind: str, topic: str) -> Module:
        rng = self.rng
        doc = KIND_DOCS[kind].format(svc=service.name, topic=words(topic))
        if rng.random() < 0.08:
            doc += "\n\nNothing here opens a transaction or publishes anything: it is pure computation."
        m = Module(doc)
        ctx = Ctx(service.name, service.nouns, topic, self.counters)
        first, weighted = KINDS[kind]
        blocks = [block for block, _ in weighted]
        weights = [weight for _, weight in weighted]
        target = rng.randint(55, 175)
        if kind == "tests":
            exports = self.exports[service.name]
            if exports:
                picked = rng.sample(exports, min(len(exports), rng.randint(1, 3)))
                targets = list({name: (module, name) for module, name in picked}.values())
                block_import_check(m, rng, ctx, targets)
        for block in first:
            block(m, rng, ctx)
        while m.size < target:
            rng.choices(blocks, weights=weights)[0](m, rng, ctx)
        return m

    # --- output -----------------------------------------------------------------

    def write(self, root: Path) -> Planted:
        """Write the files under ``root`` and describe them."""
        lines = 0
        files = 0
        for path in sorted(self.texts):
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            data = self.texts[path].encode("utf-8")
            target.write_bytes(data)
            if path.endswith(".py"):
                files += 1
                lines += self.texts[path].count("\n")
        return Planted(
            files=files,
            lines=lines,
            expected=dict(sorted(self.plants.expected.items())),
            edit_target=self.edit_target,
            plain_target=self.plain_target,
        )


_TO_BROKER = '''
    def replay_${var}_${past}(self, ${var}_id: int, actor: str) -> None:
        """Re-send a past change to the broker for the search indexers (ops console)."""
        $var = self.${repo}.get(${var}_id)
        self.event_bus.publish(${event}(${var}_id=${var}.id, actor=actor, note="replayed"))  # expect: EVL202
'''

_TO_MEDIATOR = '''
    def ${imp}_${var}_in_process(self, command: $command) -> None:
        """Like ${imp}_${var}, but lets the listeners running in this process react at once."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        self.uow.commit()
        self.mediator.publish(  # expect: EVL301
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
'''

_BEFORE_COMMIT = '''
    def ${imp}_${var}_eagerly(self, command: $command) -> None:
        """Mark the $what as $past and announce it straight away (the old, eager way)."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        self.event_bus.publish(  # expect: EVL302
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
        self.uow.commit()
'''


SEEDWORK: dict[str, str] = {
    "__init__.py": '''
        """Building blocks shared by every bounded context of the monorepo."""

        from .domain import AggregateRoot, Entity, ValueObject
        from .event_bus import EventBus, IntegrationEventHandler
        from .events import DomainEvent, IntegrationEvent, utcnow
        from .mediator import DomainEventHandler, Mediator
        from .outbox import MessageTransport, Outbox, OutboxMessage, OutboxRelay, OutboxStore
        from .unit_of_work import InMemoryUnitOfWork, UnitOfWork

        __all__ = [
            "AggregateRoot",
            "DomainEvent",
            "DomainEventHandler",
            "Entity",
            "EventBus",
            "InMemoryUnitOfWork",
            "IntegrationEvent",
            "IntegrationEventHandler",
            "Mediator",
            "MessageTransport",
            "Outbox",
            "OutboxMessage",
            "OutboxRelay",
            "OutboxStore",
            "UnitOfWork",
            "ValueObject",
            "utcnow",
        ]
    ''',
    "events.py": '''
        """Base classes of the two kinds of events.

        Domain events keep the aggregates of *one* bounded context consistent: they
        are raised by aggregates and dispatched in-process, inside the unit of work.
        Integration events are the published language between services: they travel
        through the message broker, once the transaction that produced them has
        committed (or through the transactional outbox).
        """

        from __future__ import annotations

        from dataclasses import dataclass, field
        from datetime import datetime, timezone
        from uuid import UUID, uuid4


        def utcnow() -> datetime:
            """The current time, timezone-aware, in UTC."""
            return datetime.now(timezone.utc)


        @dataclass(frozen=True, kw_only=True)
        class DomainEvent:
            """Something that happened to an aggregate of one bounded context."""

            occurred_on: datetime = field(default_factory=utcnow)


        @dataclass(frozen=True, kw_only=True)
        class IntegrationEvent:
            """A fact one service publishes for the other services through the broker."""

            id: UUID = field(default_factory=uuid4)
            creation_date: datetime = field(default_factory=utcnow)

            @property
            def event_name(self) -> str:
                """The routing key of the event on the broker."""
                return type(self).__name__
    ''',
    "domain.py": '''
        """Tactical building blocks: entities, aggregate roots and value objects."""

        from __future__ import annotations

        from collections.abc import Hashable
        from dataclasses import dataclass
        from typing import Generic, TypeVar

        from .events import DomainEvent

        TId = TypeVar("TId", bound=Hashable)


        class Entity(Generic[TId]):
            """An object defined by its identity rather than by its attributes."""

            def __init__(self, entity_id: TId) -> None:
                self._id = entity_id

            @property
            def id(self) -> TId:
                """The identity of the entity, stable for its whole life."""
                return self._id

            def __eq__(self, other: object) -> bool:
                return isinstance(other, type(self)) and other._id == self._id

            def __hash__(self) -> int:
                return hash((type(self).__name__, self._id))


        class AggregateRoot(Entity[TId]):
            """The entry point of an aggregate; it records the domain events it raises."""

            def __init__(self, entity_id: TId) -> None:
                super().__init__(entity_id)
                self._domain_events: list[DomainEvent] = []

            @property
            def domain_events(self) -> tuple[DomainEvent, ...]:
                """The domain events raised since they were last pulled."""
                return tuple(self._domain_events)

            def add_domain_event(self, event: DomainEvent) -> None:
                """Record a domain event, to be dispatched before the unit of work commits."""
                self._domain_events.append(event)

            def pull_domain_events(self) -> list[DomainEvent]:
                """The recorded domain events, forgotten by the aggregate."""
                events, self._domain_events = self._domain_events, []
                return events


        @dataclass(frozen=True)
        class ValueObject:
            """An immutable object compared by the values of its attributes."""
    ''',
    "unit_of_work.py": '''
        """The unit of work: one business transaction, committed or rolled back as a whole."""

        from __future__ import annotations

        from abc import ABC, abstractmethod
        from collections.abc import Callable, Iterator
        from contextlib import contextmanager


        class UnitOfWork(ABC):
            """Tracks the changes of one business transaction."""

            def __init__(self) -> None:
                self._after_commit: list[Callable[[], None]] = []

            @abstractmethod
            def commit(self) -> None:
                """Make every change of the transaction durable."""

            @abstractmethod
            def rollback(self) -> None:
                """Discard every change of the transaction."""

            def on_commit(self, callback: Callable[[], None]) -> None:
                """Run ``callback`` once the current transaction has committed."""
                self._after_commit.append(callback)

            @contextmanager
            def transaction(self) -> Iterator[None]:
                """Commit when the block exits normally, roll back when it raises."""
                try:
                    yield
                except BaseException:
                    self.rollback()
                    raise
                self.commit()

            def _run_after_commit_callbacks(self) -> None:
                callbacks, self._after_commit = self._after_commit, []
                for callback in callbacks:
                    callback()


        class InMemoryUnitOfWork(UnitOfWork):
            """A unit of work for tests and local runs: it only counts."""

            def __init__(self) -> None:
                super().__init__()
                self.commits = 0
                self.rollbacks = 0

            def commit(self) -> None:
                """Count the commit, then run the after-commit callbacks."""
                self.commits += 1
                self._run_after_commit_callbacks()

            def rollback(self) -> None:
                """Count the rollback and drop the pending callbacks."""
                self.rollbacks += 1
                self._after_commit.clear()
    ''',
    "mediator.py": '''
        """In-process, synchronous dispatch of domain events to their handlers."""

        from __future__ import annotations

        from collections import defaultdict
        from collections.abc import Callable, Iterable
        from typing import Any, Protocol, TypeVar

        from .events import DomainEvent

        TDomainEvent = TypeVar("TDomainEvent", bound=DomainEvent, contravariant=True)


        class DomainEventHandler(Protocol[TDomainEvent]):
            """Reacts to a domain event inside the same bounded context and transaction."""

            def handle(self, event: TDomainEvent) -> None:
                """Apply the side effects of ``event``."""


        class Mediator:
            """Dispatches domain events to the handlers subscribed to their type."""

            def __init__(self) -> None:
                self._handlers: dict[type[DomainEvent], list[Callable[[Any], None]]] = defaultdict(list)

            def subscribe(self, event_type: type[DomainEvent], handler: Callable[[Any], None]) -> None:
                """Call ``handler`` for every published event of ``event_type``."""
                self._handlers[event_type].append(handler)

            def publish(self, event: DomainEvent) -> None:
                """Run every handler subscribed to the type of ``event`` or one of its bases."""
                for event_type, handlers in list(self._handlers.items()):
                    if isinstance(event, event_type):
                        for handler in list(handlers):
                            handler(event)

            def publish_all(self, events: Iterable[DomainEvent]) -> None:
                """Publish several events, in order."""
                for event in events:
                    self.publish(event)
    ''',
    "event_bus.py": '''
        """The message broker abstraction used for integration events."""

        from __future__ import annotations

        from abc import ABC, abstractmethod
        from typing import Protocol, TypeVar

        from .events import IntegrationEvent

        TIntegrationEvent = TypeVar("TIntegrationEvent", bound=IntegrationEvent)
        TReceived = TypeVar("TReceived", bound=IntegrationEvent, contravariant=True)


        class IntegrationEventHandler(Protocol[TReceived]):
            """Consumes an integration event delivered by the broker."""

            def handle(self, event: TReceived) -> None:
                """Bring this service in sync with the fact announced by ``event``."""


        class EventBus(ABC):
            """Publishes integration events to, and subscribes to them on, the broker.

            Publishing leaves the process: call it only after the unit of work has
            committed, or write to the outbox instead.
            """

            @abstractmethod
            def publish(self, event: IntegrationEvent) -> None:
                """Send ``event`` to the broker."""

            @abstractmethod
            def subscribe(
                self,
                event_type: type[TIntegrationEvent],
                handler: IntegrationEventHandler[TIntegrationEvent],
            ) -> None:
                """Deliver every ``event_type`` received from the broker to ``handler``."""
    ''',
    "outbox.py": '''
        """The transactional outbox.

        Services that must publish an integration event as part of a transaction
        write it with :meth:`Outbox.add`, in the same transaction as their business
        data; the :class:`OutboxRelay` forwards the stored messages to the broker.
        """

        from __future__ import annotations

        import json
        from dataclasses import asdict, dataclass
        from datetime import datetime
        from typing import Protocol
        from uuid import UUID

        from .events import IntegrationEvent, utcnow


        @dataclass
        class OutboxMessage:
            """A serialized integration event waiting to be relayed."""

            id: UUID
            event_name: str
            payload: str
            created_at: datetime
            dispatched_at: datetime | None = None


        class OutboxStore(Protocol):
            """Persistence of outbox messages, sharing the business transaction."""

            def append(self, message: OutboxMessage) -> None:
                """Store a new message."""

            def pending(self, limit: int) -> list[OutboxMessage]:
                """Up to ``limit`` messages not relayed yet, oldest first."""

            def mark_dispatched(self, message_id: UUID, when: datetime) -> None:
                """Record that a message reached the broker."""


        class MessageTransport(Protocol):
            """The low-level broker client used by the relay."""

            def send(self, topic: str, body: bytes) -> None:
                """Send raw bytes to ``topic``."""


        class Outbox:
            """Writes integration events to the outbox in the current transaction."""

            def __init__(self, store: OutboxStore) -> None:
                self._store = store

            def add(self, event: IntegrationEvent) -> None:
                """Serialize ``event`` and store it with the business changes."""
                payload = json.dumps(asdict(event), default=str, sort_keys=True)
                self._store.append(
                    OutboxMessage(id=event.id, event_name=event.event_name, payload=payload, created_at=event.creation_date)
                )


        class OutboxRelay:
            """Forwards committed outbox messages to the broker, at least once."""

            def __init__(self, store: OutboxStore, transport: MessageTransport) -> None:
                self._store = store
                self._transport = transport

            def relay_pending(self, batch_size: int = 100) -> int:
                """Send one batch of pending messages; return how many were sent."""
                sent = 0
                for message in self._store.pending(batch_size):
                    self._transport.send(message.event_name, message.payload.encode("utf-8"))
                    self._store.mark_dispatched(message.id, utcnow())
                    sent += 1
                return sent
    ''',
}


def generate(root: Path, files: int = 5000, seed: int = 7) -> Planted:
    """Write a monorepo of about ``files`` Python files under ``root`` (an empty directory).

    The same ``files`` and ``seed`` always give a byte-identical tree. Raise
    ``ValueError`` if ``root`` is not empty or ``files`` is too small to hold
    the event-related core of the services.
    """
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"{root} is not a directory")
    if any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    repo = Monorepo(files, seed)
    repo.build()
    return repo.write(root)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate the tree and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="where to write the tree (created if missing; must be empty)")
    parser.add_argument("--files", type=int, default=5000, help="number of Python files (default: 5000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    args = parser.parse_args(argv)
    directory: Path = args.directory
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        planted = generate(directory, files=args.files, seed=args.seed)
    except ValueError as error:
        parser.error(str(error))
    seconds = time.perf_counter() - started
    findings = ", ".join(f"{code}={count}" for code, count in planted.expected.items())
    print(
        f"{directory}: {planted.files} files, {planted.lines} lines in {seconds:.1f}s; "
        f"expected {sum(planted.expected.values())} findings ({findings}); "
        f"edit {planted.edit_target}; plain {planted.plain_target}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
