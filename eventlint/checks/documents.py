"""The rule documents of `rules/`, shipped inside the wheel as `eventlint/_rules`."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent.parent / "_rules"
_CHECKOUT = Path(__file__).parent.parent.parent / "rules"


def rules_folder() -> Path | None:
    """Where the documents are: inside the installed package, else the source checkout."""
    for folder in (_PACKAGED, _CHECKOUT):
        if folder.is_dir():
            return folder
    return None


def rule_path(code: str) -> Path | None:
    """Where the rule's document is, or None when there is none."""
    folder = rules_folder()
    if folder is None:
        return None
    for path in sorted(folder.glob(f"{code.upper()}-*.md")):
        return path
    return None


def rule_document(code: str) -> str | None:
    """The full Markdown document of a rule, or None when there is none."""
    path = rule_path(code)
    return path.read_text(encoding="utf-8") if path is not None else None


def rule_uri(code: str) -> str | None:
    """A link to the rule's document as installed (a `file:` URI an editor or a browser opens)."""
    path = rule_path(code)
    return path.resolve().as_uri() if path is not None else None
