"""The benchmark monorepo generator: deterministic, the requested size, and exactly its planted findings."""

from __future__ import annotations

import ast
import collections
import hashlib
import re
import sys
from pathlib import Path

import pytest

from eventlint import lint_paths
from eventlint.api import resolve_config

BENCH = Path(__file__).parent.parent / "bench"
sys.path.insert(0, str(BENCH))
import monorepo

FILES = 300
_EXPECT = re.compile(r"#\s*expect:\s*(EVL\d{3})")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by relative POSIX path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, monorepo.Planted]:
    root = tmp_path_factory.mktemp("mono")
    return root, monorepo.generate(root, files=FILES, seed=7)


def test_same_seed_gives_a_byte_identical_tree(
    small: tuple[Path, monorepo.Planted], tmp_path: Path
) -> None:
    root, planted = small
    again = tmp_path / "again"
    again.mkdir()
    assert monorepo.generate(again, files=FILES, seed=7) == planted
    assert tree(again) == tree(root)


def test_another_seed_gives_another_tree(small: tuple[Path, monorepo.Planted], tmp_path: Path) -> None:
    root, _ = small
    other = tmp_path / "other"
    other.mkdir()
    monorepo.generate(other, files=FILES, seed=8)
    assert tree(other) != tree(root)


def test_counts_describe_the_tree(small: tuple[Path, monorepo.Planted]) -> None:
    root, planted = small
    sources = sorted(root.rglob("*.py"))
    assert planted.files == len(sources)
    assert abs(planted.files - FILES) <= FILES * 0.02
    assert planted.lines == sum(len(path.read_text(encoding="utf-8").splitlines()) for path in sources)
    assert planted.lines >= 90 * planted.files
    for path in sources:
        ast.parse(path.read_bytes(), filename=str(path))


def test_layout_and_targets(small: tuple[Path, monorepo.Planted]) -> None:
    root, planted = small
    config = (root / "eventlint.toml").read_text(encoding="utf-8")
    assert 'src = ["src"]' in config
    assert 'published-language = ["mono.contracts"]' in config
    assert (root / "src/mono/seedwork/events.py").is_file()
    edit = (root / planted.edit_target).read_text(encoding="utf-8")
    assert "self.event_bus.publish(" in edit and "self.uow.commit()" in edit and "expect:" not in edit
    plain = (root / planted.plain_target).read_text(encoding="utf-8")
    assert "Event" not in plain and "expect:" not in plain
    sources = list(root.rglob("*.py"))
    eventful = [path for path in sources if re.search(r"DomainEvent|IntegrationEvent", path.read_text(encoding="utf-8"))]
    assert len(eventful) <= 0.15 * len(sources)


def test_the_language_server_targets(small: tuple[Path, monorepo.Planted]) -> None:
    """The leaf module holds event-related code and no module imports it; the event module defines an event and
    `event_importers` modules import it."""
    root, planted = small

    def module(path: str) -> str:
        return path.removeprefix("src/").removesuffix(".py").replace("/", ".")

    texts = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in root.rglob("*.py")}
    leaf = texts[planted.leaf_target]
    assert "def handle(self, event:" in leaf and "DomainEvent" in leaf
    assert not [path for path, text in texts.items() if module(planted.leaf_target) in text]
    assert re.search(r"^class \w+DomainEvent\(DomainEvent\):", texts[planted.event_target], re.MULTILINE)
    importing = [path for path, text in texts.items() if f"from {module(planted.event_target)} import" in text]
    assert planted.event_importers == len(importing) >= 3 * 2  # three per service at least: grows with the services


def test_eventlint_reports_exactly_the_planted_findings(small: tuple[Path, monorepo.Planted]) -> None:
    root, planted = small
    config, found = resolve_config([root])
    assert found
    result = lint_paths([root], config, base=root)
    assert not result.errors
    assert collections.Counter(d.code for d in result.diagnostics) == planted.expected
    markers: collections.Counter[tuple[str, int, str]] = collections.Counter()
    for path in root.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = _EXPECT.search(line)
            if match:
                markers[(path.relative_to(root).as_posix(), number, match[1])] += 1
    assert collections.Counter((d.path, d.line, d.code) for d in result.diagnostics) == markers


def test_refuses_a_non_empty_root(tmp_path: Path) -> None:
    (tmp_path / "stray.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        monorepo.generate(tmp_path, files=FILES)


def test_refuses_too_few_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="too few"):
        monorepo.generate(tmp_path, files=20)


def test_the_pre_check_changes_no_finding_of_the_monorepo(small: tuple[Path, monorepo.Planted]) -> None:
    """On a realistic tree: most files are never parsed, and the findings are those of parsing all."""
    root, _ = small
    config, _ = resolve_config([root])
    checked = lint_paths([root], config, base=root, cache=False, jobs=1)
    everything = lint_paths([root], config, base=root, cache=False, jobs=1, precheck=False)
    assert not checked.errors and not everything.errors
    assert checked.diagnostics == everything.diagnostics


def test_the_tree_of_seed_7_is_the_recorded_one(tmp_path: Path) -> None:
    """Every byte of the 300-file tree of seed 7, pinned by one digest (paths and contents, in path order).

    Moving code between the generator's modules must not change it; when the tree
    is meant to change, record the new digest.
    """
    monorepo.generate(tmp_path, files=FILES, seed=7)
    files = tree(tmp_path)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + files[path] + b"\0")
    assert digest.hexdigest() == "5b4ce533ff10c30fec085235e64b7108f6dbca25df671c89068cdc2dd221015e"


def test_the_generator_is_small_modules_and_small_classes() -> None:
    """The generator and its templates stay in modules under 450 lines, with no class over 150 lines."""
    for path in sorted(BENCH.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) < 450, path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno is not None
                assert node.end_lineno - node.lineno < 150, (path, node.name)
