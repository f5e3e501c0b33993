"""The rule documents of `rules/`, shipped inside the wheel as `eventlint/_rules`."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "_rules"
_CHECKOUT = Path(__file__).parent.parent / "rules"


def rules_folder() -> Path | None:
    """Where the documents are: inside the installed package, else the source checkout."""
    for folder in (_PACKAGED, _CHECKOUT):
        if folder.is_dir():
            return folder
    return None


def rule_document(code: str) -> str | None:
    """The full Markdown document of a rule, or None when there is none."""
    folder = rules_folder()
    if folder is None:
        return None
    for path in sorted(folder.glob(f"{code.upper()}-*.md")):
        return path.read_text(encoding="utf-8")
    return None
