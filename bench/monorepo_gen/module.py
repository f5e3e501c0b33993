"""The source of one generated Python module, assembled block by block and rendered with its imports grouped."""

from __future__ import annotations


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

    def declare(self, name: str, line: str) -> None:
        """Define ``name`` by the top-level ``line``, unless the module defines it already."""
        if name not in self.names:
            self.names.add(name)
            self.add([line])

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
