"""The domain model: aggregates and their state transitions, repositories, and domain policies."""

from __future__ import annotations

AGGREGATE_MODULE = "The {name} aggregate of the {service} context."

REPOSITORY_MODULE = "Persistence of {name} aggregates."


POLICY = '''
    @dataclass(frozen=True)
    class $name:
        """Decides whether a $what may go ahead, and explains why not."""

        minimum: int = $minimum
        maximum: int = $maximum
        blocked_regions: frozenset[str] = frozenset({$blocked})

        def violations(self, candidate: Mapping[str, object]) -> list[str]:
            """The reasons ``candidate`` breaks the policy; empty when it complies."""
            reasons: list[str] = []
            size = candidate.get("size", 0)
            if not isinstance(size, int):
                reasons.append("size is not a number")
            elif size < self.minimum:
                reasons.append(f"size {size} is below {self.minimum}")
            elif size > self.maximum:
                reasons.append(f"size {size} is above {self.maximum}")
            region = str(candidate.get("region", "")).lower()
            if region in self.blocked_regions:
                reasons.append(f"region {region!r} is blocked")
            return reasons

        def is_satisfied_by(self, candidate: Mapping[str, object]) -> bool:
            """Whether ``candidate`` complies with the policy."""
            return not self.violations(candidate)
'''


AGGREGATE = '''
    class ${name}Error(Exception):
        """A change the $what's invariants forbid."""


    class $name(AggregateRoot[int]):
        """Aggregate root: a $what and everything that must change with it atomically."""

        def __init__(self, ${var}_id: int, name: str, owner: str) -> None:
            super().__init__(${var}_id)
            self.name = name
            self.owner = owner
            self.status = "new"
            self.version = 0
            self.history: list[str] = []

        @classmethod
        def create(cls, ${var}_id: int, name: str, actor: str) -> $name:
            """A new $what, recording that it was created."""
            if not name.strip():
                raise ${name}Error("a $what needs a name")
            $var = cls(${var}_id, name.strip(), actor)
            ${var}.status = "created"
            ${var}.add_domain_event(${created}(${var}_id=${var}_id, actor=actor, note=name))
            return $var

        def _record(self, actor: str, change: str) -> None:
            self.version += 1
            self.history.append(f"{self.version}:{actor}:{change}")

        def touch(self, actor: str, note: str) -> None:
            """Note an external change that raises no domain event."""
            self._record(actor, note)
'''


TRANSITION = '''
    def $imp(self, actor: str, note: str = "") -> None:
        """Mark the $what as $past."""
        if self.status == "$status":
            raise ${name}Error(f"{self.name} is already $status")
        if self.status == "$forbidden":
            raise ${name}Error(f"a $forbidden $what cannot be $past")
        self.status = "$status"
        self._record(actor, "$imp")
        self.add_domain_event(${event}(${var}_id=self.id, actor=actor, note=note))
'''


REPOSITORY = '''
    class ${name}NotFoundError(LookupError):
        """No $what has the requested id."""


    class ${name}Repository(ABC):
        """Collection-like access to $name aggregates."""

        @abstractmethod
        def next_identity(self) -> int:
            """A fresh id for a new $what."""

        @abstractmethod
        def find(self, ${var}_id: int) -> $name | None:
            """The $what with ``${var}_id``, if any."""

        def get(self, ${var}_id: int) -> $name:
            """The $what with ``${var}_id``; raise if there is none."""
            $var = self.find(${var}_id)
            if $var is None:
                raise ${name}NotFoundError(${var}_id)
            return $var

        @abstractmethod
        def add(self, $var: $name) -> None:
            """Add a new $what."""

        @abstractmethod
        def update(self, $var: $name) -> None:
            """Save the changes of a $what."""


    class InMemory${name}Repository(${name}Repository):
        """$plural kept in a dictionary, for tests and local runs."""

        def __init__(self) -> None:
            self._rows: dict[int, $name] = {}
            self._sequence = 0

        def next_identity(self) -> int:
            self._sequence += 1
            return self._sequence

        def find(self, ${var}_id: int) -> $name | None:
            return self._rows.get(${var}_id)

        def add(self, $var: $name) -> None:
            if ${var}.id in self._rows:
                raise ValueError(f"$what {${var}.id} already exists")
            self._rows[${var}.id] = $var

        def update(self, $var: $name) -> None:
            if ${var}.id not in self._rows:
                raise ${name}NotFoundError(${var}.id)
            self._rows[${var}.id] = $var

        def by_status(self, status: str) -> list[$name]:
            """The $what aggregates in ``status``, by id."""
            return [row for _, row in sorted(self._rows.items()) if row.status == status]
'''
