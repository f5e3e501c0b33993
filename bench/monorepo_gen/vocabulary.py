"""The names the monorepo is made of: its bounded contexts, the verbs of their events, and the words of its plain code."""

from __future__ import annotations

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
