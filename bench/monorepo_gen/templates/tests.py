"""Test modules: tests of plain data, and the tests that a service's modules import and document their public names."""

from __future__ import annotations

TEST_BODIES = (
    """
    def test_${name}_sorts_by_descending_value() -> None:
        values = [$values]
        ordered = sorted(values, key=lambda value: (-value, str(value)))
        assert ordered[0] == max(values)
        assert ordered[-1] == min(values)
        assert len(ordered) == len(values)
    """,
    """
    def test_${name}_rejects_malformed_numbers() -> None:
        with pytest.raises(ValueError):
            int("$bad")
    """,
    """
    @pytest.mark.parametrize(("raw", "expected"), [$pairs])
    def test_${name}_normalizes_labels(raw: str, expected: str) -> None:
        assert " ".join(raw.split()).lower() == expected
    """,
    """
    def test_${name}_groups_rows_by_owner() -> None:
        rows = [{"id": str(i), "owner": "owner-" + str(i % $mod)} for i in range($count)]
        groups: dict[str, list[str]] = {}
        for row in rows:
            groups.setdefault(row["owner"], []).append(row["id"])
        assert sum(len(ids) for ids in groups.values()) == $count
        assert len(groups) == min($mod, $count)
    """,
    '''
    class Test${cls}:
        """Behaviour of the $what bookkeeping."""

        def test_starts_empty(self) -> None:
            seen: set[str] = set()
            assert not seen

        def test_counts_each_key_once(self) -> None:
            keys = [$keys]
            assert len(set(keys)) == $distinct
            assert sorted(set(keys)) == sorted(dict.fromkeys(keys))

        def test_keeps_insertion_order(self) -> None:
            mapping = dict.fromkeys([$keys], 0)
            assert list(mapping) == [$ordered]
    ''',
    """
    def test_${name}_totals_add_up() -> None:
        amounts = [Decimal("$p1"), Decimal("$p2"), Decimal("$p3")]
        total = sum(amounts, Decimal(0))
        assert total == Decimal("$ptotal")
        assert total >= max(amounts)
    """,
    """
    def test_${name}_parses_iso_dates() -> None:
        parsed = datetime.fromisoformat("$iso")
        assert parsed.year == $year
        assert parsed.isoformat().startswith("$iso")
        with pytest.raises(ValueError):
            datetime.fromisoformat("$iso-garbage")
    """,
    """
    def test_${name}_chunks_cover_every_item() -> None:
        items = list(range($count))
        chunks = [items[start : start + $size] for start in range(0, len(items), $size)]
        assert [item for chunk in chunks for item in chunk] == items
        assert all(len(chunk) <= $size for chunk in chunks)
        assert len(chunks) == $nchunks
    """,
    """
    @pytest.fixture
    def ${name}_rows() -> list[dict[str, str]]:
        return [{"id": str(i), "status": "active" if i % 2 else "closed"} for i in range($count)]


    def test_${name}_filters_active_rows(${name}_rows: list[dict[str, str]]) -> None:
        active = [row for row in ${name}_rows if row["status"] == "active"]
        assert len(active) == $half
        assert all(int(row["id"]) % 2 == 1 for row in active)
    """,
    """
    def test_${name}_rounds_half_even() -> None:
        assert round($a) == $ra
        assert round($b) == $rb
    """,
)


IMPORT_CHECK = """
    def test_${lower}_is_documented() -> None:
        assert $name.__doc__
        assert $name.__module__ == "$module"
"""
