"""Expected findings marked inline (`# expect: EVL201`) and the rule documents' examples."""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass
from pathlib import Path

from eventlint import Result

_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>EVL\d{3}(?:\s*,\s*EVL\d{3})*)")
_FILE = re.compile(r"^# file: (?P<path>\S+)\s*$")
_BLOCK = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)

Finding = tuple[str, int, str]

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Configuration", "Known limitations")


def expected(sources: dict[str, str]) -> collections.Counter[Finding]:
    """Every `# expect: CODE[, CODE]` marker as (path, line, code), with multiplicity."""
    out: collections.Counter[Finding] = collections.Counter()
    for path, text in sources.items():
        for number, line in enumerate(text.splitlines(), start=1):
            match = _EXPECT.search(line)
            if match:
                for code in re.split(r"\s*,\s*", match["codes"]):
                    out[(path, number, code)] += 1
    return out


def actual(result: Result) -> collections.Counter[Finding]:
    """The findings of a run as (path, line, code), with multiplicity."""
    return collections.Counter((d.path, d.line, d.code) for d in result.diagnostics)


@dataclass
class RuleDocument:
    """A parsed `rules/EVLnnn-slug.md`: title, section headings and bodies."""

    path: Path
    title: str
    headings: list[str]
    sections: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> RuleDocument:
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0]
        parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
        headings = parts[1::2]
        return cls(path, title, headings, dict(zip(headings, parts[2::2])))

    def project(self, section: str) -> tuple[dict[str, str], str | None]:
        """The files and eventlint.toml of an Example or Use instead section."""
        config: str | None = None
        files: dict[str, str] = {}
        for match in _BLOCK.finditer(self.sections[section]):
            lang, body = match["lang"], match["body"]
            if lang == "toml":
                config = body
            elif lang == "python":
                files.update(split_files(body))
        return files, config


def split_files(body: str) -> dict[str, str]:
    """A python block split at `# file: path` lines (no such line: one `example.py`)."""
    files: dict[str, list[str]] = {}
    current = "example.py"
    for line in body.splitlines():
        match = _FILE.match(line)
        if match:
            current = match["path"]
            files[current] = []
        else:
            files.setdefault(current, []).append(line)
    return {path: "\n".join(lines).strip("\n") + "\n" for path, lines in files.items()}
