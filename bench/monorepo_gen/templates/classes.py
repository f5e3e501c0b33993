"""Plain stateful classes: in-memory stores, accumulators, timers, caches, lifecycles and protocols."""

from __future__ import annotations

STORE = '''
    @dataclass
    class $record:
        """A $what kept by the $store."""

        key: str
        owner: str
        updated_at: datetime
        labels: list[str] = field(default_factory=list)
        archived: bool = False


    class $store:
        """$plural kept in memory, indexed by key."""

        def __init__(self) -> None:
            self._records: dict[str, $record] = {}

        def __len__(self) -> int:
            return len(self._records)

        def put(self, record: $record) -> None:
            """Insert or replace ``record``."""
            self._records[record.key] = record

        def get(self, key: str) -> $record | None:
            """The record with ``key``, if any."""
            return self._records.get(key)

        def owned_by(self, owner: str) -> list[$record]:
            """The live records of ``owner``, most recently updated first."""
            matches = [r for r in self._records.values() if r.owner == owner and not r.archived]
            return sorted(matches, key=lambda r: r.updated_at, reverse=True)
'''


#: The methods a store may get besides its fixed ones, by what they do.
STORE_METHODS = {
    "archive": '''
        def archive(self, key: str) -> bool:
            """Archive the record; return whether it existed and was live."""
            record = self._records.get(key)
            if record is None or record.archived:
                return False
            record.archived = True
            return True
    ''',
    "count_by_owner": '''
        def count_by_owner(self) -> dict[str, int]:
            """How many live records each owner has."""
            counts: dict[str, int] = {}
            for record in self._records.values():
                if not record.archived:
                    counts[record.owner] = counts.get(record.owner, 0) + 1
            return counts
    ''',
    "rename": '''
        def relabel(self, key: str, old: str, new: str) -> None:
            """Replace the label ``old`` by ``new`` on one record."""
            record = self._records.get(key)
            if record is None:
                raise KeyError(key)
            record.labels = [new if label == old else label for label in record.labels]
    ''',
    "touch": '''
        def touch(self, key: str, when: datetime) -> None:
            """Mark the record as updated at ``when``."""
            if key in self._records:
                self._records[key].updated_at = when
    ''',
    "search": '''
        def search(self, text: str) -> list[str]:
            """Keys of the records with a label containing ``text``."""
            needle = text.lower()
            return sorted(
                key
                for key, record in self._records.items()
                if any(needle in label.lower() for label in record.labels)
            )
    ''',
}


ACCUMULATOR = '''
    @dataclass
    class $name:
        """Running figures about $what values."""

        samples: list[float] = field(default_factory=list)
        rejected: int = 0
        ceiling: float = $ceiling

        def add(self, value: float) -> None:
            """Record ``value``; values above the ceiling are counted and dropped."""
            if value > self.ceiling:
                self.rejected += 1
                return
            self.samples.append(value)

        def mean(self) -> float:
            """The mean of the accepted samples, 0 without any."""
            return statistics.fmean(self.samples) if self.samples else 0.0

        def percentile(self, rank: float) -> float:
            """The sample below which ``rank`` percent of the samples fall."""
            if not self.samples:
                return 0.0
            ordered = sorted(self.samples)
            index = min(len(ordered) - 1, max(0, round(rank / 100 * (len(ordered) - 1))))
            return ordered[index]

        def reset(self) -> None:
            """Forget everything recorded so far."""
            self.samples.clear()
            self.rejected = 0
'''


TIMER = '''
    class $name:
        """Measures the wall-clock time of a ``with`` block."""

        def __init__(self, label: str = "$label") -> None:
            self.label = label
            self.seconds = 0.0
            self._started = 0.0

        def __enter__(self) -> $name:
            self._started = time.perf_counter()
            return self

        def __exit__(
            self,
            exc_type: type[BaseException] | None,
            exc: BaseException | None,
            traceback: TracebackType | None,
        ) -> None:
            self.seconds = time.perf_counter() - self._started

        def __str__(self) -> str:
            return f"{self.label}: {self.seconds * 1000:.1f} ms"
'''


LRU_CACHE = '''
    class $name(Generic[_K, _V]):
        """A least-recently-used cache of $what lookups."""

        def __init__(self, capacity: int = $cap) -> None:
            if capacity < 1:
                raise ValueError("capacity must be at least 1")
            self.capacity = capacity
            self.hits = 0
            self.misses = 0
            self._entries: OrderedDict[_K, _V] = OrderedDict()

        def get(self, key: _K) -> _V | None:
            """The cached value, refreshed as most recently used."""
            if key not in self._entries:
                self.misses += 1
                return None
            self.hits += 1
            self._entries.move_to_end(key)
            return self._entries[key]

        def put(self, key: _K, value: _V) -> None:
            """Cache ``value``, evicting the least recently used entry if full."""
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
'''


LIFECYCLE = '''
    class $name:
        """The states a $what goes through, and the moves allowed between them."""

        def __init__(self, state: str = "$initial") -> None:
            if state not in $const:
                raise ValueError(f"unknown state {state!r}")
            self.state = state
            self.trail: list[str] = [state]

        def can_move_to(self, target: str) -> bool:
            """Whether ``target`` may follow the current state."""
            return target in $const[self.state]

        def move_to(self, target: str) -> None:
            """Enter ``target``, or raise if the move is not allowed."""
            if not self.can_move_to(target):
                raise ValueError(f"cannot go from {self.state!r} to {target!r}")
            self.state = target
            self.trail.append(target)
'''


PROTOCOL = '''
    class $proto(Protocol):
        """Where $what data comes from."""

        def fetch(self, key: str) -> dict[str, str] | None:
            """The attributes stored under ``key``, if any."""

        def keys(self) -> list[str]:
            """Every known key."""


    class $impl:
        """A $proto backed by a dictionary, for tests and local runs."""

        def __init__(self, data: dict[str, dict[str, str]] | None = None) -> None:
            self._data = dict(data or {})

        def fetch(self, key: str) -> dict[str, str] | None:
            """A copy of the attributes under ``key``."""
            found = self._data.get(key)
            return dict(found) if found is not None else None

        def keys(self) -> list[str]:
            """The keys, sorted."""
            return sorted(self._data)
'''
