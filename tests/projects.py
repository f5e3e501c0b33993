"""The small shop project that the robustness and cache tests start from, and how to write a project."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

CONFIG = """\
src = ["src"]
[events]
domain-bases = ["shop.seedwork.DomainEvent"]
integration-bases = ["shop.seedwork.IntegrationEvent"]
[contexts.ordering]
modules = ["shop.ordering"]
[contexts.basket]
modules = ["shop.basket"]
"""

# Three findings: the domain event used in another context (EVL201), a badly named one (EVL101, EVL104).
SHOP: dict[str, str | bytes] = {
    "eventlint.toml": CONFIG,
    "src/shop/__init__.py": "",
    "src/shop/seedwork.py": "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n",
    "src/shop/ordering/__init__.py": "",
    "src/shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent\n"
        "\n"
        "\n"
        "class OrderStartedDomainEvent(DomainEvent): ...\n"
        "\n"
        "\n"
        "class CreateOrder(DomainEvent): ...\n"
    ),
    "src/shop/basket/__init__.py": "",
    "src/shop/basket/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent\n",
}

SHOP_FINDINGS = [
    ("src/shop/basket/handlers.py", "EVL201", 1),
    ("src/shop/ordering/events.py", "EVL101", 7),
    ("src/shop/ordering/events.py", "EVL104", 7),
]


def write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `{relative path: content}` below `root` (bytes as they are); return `root`."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root
