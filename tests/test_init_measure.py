"""The measure of `eventlint init` against hand-written maps: its corpus loads, and its comparisons count right."""

from __future__ import annotations

import sys
from pathlib import Path

from eventlint.checks.registry import codes_matching
from eventlint.config.loading import parse_config

BENCH = Path(__file__).parent.parent / "bench"
sys.path.insert(0, str(BENCH))
import init_measure
from init_measure import Agreement, Side


def side(events: dict[tuple[str, str], tuple[str, str | None]], dispatch: dict[str, str] | None = None) -> Side:
    return Side(events=events, dispatch=dispatch or {})


def test_every_hand_map_of_the_corpus_loads_as_a_configuration(tmp_path: Path) -> None:
    entries = init_measure.load(init_measure.CORPUS)
    assert len(entries) >= 8
    assert len({entry.repo for entry in entries}) == len(entries)
    for entry in entries:
        assert len(entry.commit) == 40, entry.name
        for folder, table in entry.maps.items():
            text = init_measure.toml_text(table)
            config = parse_config(text, root=tmp_path / folder, rule_codes=codes_matching)
            assert config.contexts, f"{entry.name}: {folder or 'root'} names no context"


def test_kinds_agree_per_event_class_and_an_event_only_one_map_knows_disagrees() -> None:
    hand = side({("a.py", "Placed"): ("integration", "x"), ("a.py", "Paid"): ("domain", "x")})
    init = side({("a.py", "Placed"): ("domain", "x"), ("a.py", "Paid"): ("domain", "x"), ("t.py", "Fake"): ("domain", None)})
    kinds = init_measure.compare_kinds(hand, init)
    assert (kinds.agree, kinds.total) == (1, 3)
    assert "kind a.py::Placed: hand integration, init domain" in kinds.differences
    assert "kind t.py::Fake: hand not an event, init domain" in kinds.differences


def test_contexts_compare_as_partitions_so_a_renamed_context_still_agrees() -> None:
    hand = side(
        {
            ("o/e.py", "A"): ("domain", ".:ordering"),
            ("o/f.py", "B"): ("domain", ".:ordering"),
            ("p/e.py", "C"): ("domain", ".:payment"),
        }
    )
    renamed = side(
        {("o/e.py", "A"): ("domain", ".:orders"), ("o/f.py", "B"): ("domain", ".:orders"), ("p/e.py", "C"): ("domain", ".:pay")}
    )
    assert init_measure.compare_contexts(hand, renamed) == Agreement(3, 3, ())
    merged = side(
        {("o/e.py", "A"): ("domain", ".:app"), ("o/f.py", "B"): ("domain", ".:app"), ("p/e.py", "C"): ("domain", ".:app")}
    )
    agreement = init_measure.compare_contexts(hand, merged)
    assert (agreement.agree, agreement.total) == (1, 3)
    unplaced = side({("o/e.py", "A"): ("domain", None), ("o/f.py", "B"): ("domain", None), ("p/e.py", "C"): ("domain", None)})
    assert init_measure.compare_contexts(hand, unplaced).agree == 2  # the two files apart in both maps


def test_dispatch_agrees_on_the_last_name_and_the_role() -> None:
    hand = side({}, {"*.event_bus.publish": "broker", "*.outbox.add": "outbox"})
    init = side({}, {"shop.bus.EventBus.publish": "broker", "*.outbox.add": "local", "*.uow.commit": "commit"})
    agreement = init_measure.compare_dispatch(hand, init)
    assert (agreement.agree, agreement.total) == (1, 2)
    assert "dispatch *.outbox.add: hand outbox, init local" in agreement.differences
    assert "dispatch *.uow.commit: init commit, hand none" in agreement.differences


def test_the_reference_services_measured_against_their_own_map() -> None:
    (entry,) = [entry for entry in init_measure.references() if entry.name == "examples/shop"]
    measure = init_measure.measure(entry, Path("/no/mirrors"), timeout=600)
    assert measure.hand.error is None and measure.init.error is None
    assert measure.hand.findings == set()  # the clean services under their own map report nothing
    assert measure.kinds.total > 0 and measure.contexts.total > 0
    table = init_measure.table([measure])
    assert table.splitlines()[2].startswith("| examples/shop | 0 | ")
    assert table.splitlines()[-1].startswith("| **total** | 0 | ")
