"""Filling a template and spelling names: the text helpers every generator uses."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from string import Template


def lines_of(template: str, **values: object) -> list[str]:
    """Dedent ``template``, substitute ``$name`` placeholders and split it into lines."""
    text = textwrap.dedent(template).strip("\n")
    return Template(text).substitute({key: str(value) for key, value in values.items()}).split("\n")


def indented(lines: Iterable[str]) -> list[str]:
    """``lines`` one level deeper (a method in a class), blank lines left empty."""
    return [f"    {line}" if line else "" for line in lines]


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
