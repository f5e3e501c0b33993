"""eventlint's own position pass gives exactly libcst's `PositionProvider` ranges."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from eventlint.extractor.positions import POSITIONED, STARTS_ONLY, Positions
from eventlint.model import Span

ROOT = Path(__file__).parent.parent
CORPUS = sorted(
    path
    for folder in ("eventlint", "examples/shop", "tests")
    for path in (ROOT / folder).rglob("*.py")
)
SAMPLES = {
    "crlf": "import a\r\nx = a.b(\r\n    1,\r\n)\r\n",
    "lone-cr": "import a\rx = a.b(1)\r",
    "tabs-and-continuations": "if x:\n\ty = \\\n\t\tf(a.b)\n",
    "parentheses": "x = ((a.b))(c)\n(y) = (lambda: (g()))\n",
    "decorators-and-comments": "# c\n\n@d.e(f)\n# c2\nclass A(B):  # t\n    pass\n",
}


def assert_same_ranges(source: str) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = Positions(module)
    checked = 0
    for node, where in expected.items():
        if type(node) in STARTS_ONLY:
            assert ours.span(node)[:2] == (where.start.line, where.start.column + 1), type(node).__name__
        elif type(node) in POSITIONED:
            assert ours.span(node) == Span(
                where.start.line, where.start.column + 1, where.end.line, where.end.column + 1
            ), type(node).__name__
            checked += 1
    assert checked


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_positions_match_libcst_on_real_files(path: Path) -> None:
    assert_same_ranges(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_positions_match_libcst_on_awkward_layouts(name: str) -> None:
    assert_same_ranges(SAMPLES[name])
