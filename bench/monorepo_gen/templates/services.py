"""Use cases: commands, application services (five clean shapes of a use case, and the planted dispatch violations) and read-side queries."""

from __future__ import annotations

COMMANDS_MODULE = "Commands of the {service} service: what its users ask for."

APPLICATION_SERVICE_MODULE = (
    "Application service of the {name} aggregate.\n\n"
    "Each use case loads or creates the aggregate, dispatches the domain events it\n"
    "raised through the mediator (inside the unit of work), commits, and only then\n"
    "publishes the integration event for the other services."
)


CREATE_COMMAND = '''
    @dataclass(frozen=True)
    class Create${name}Command:
        """Create a $what."""

        name: str
        actor: str
'''


COMMAND = '''
    @dataclass(frozen=True)
    class ${imp}${name}Command:
        """${imp} a $what."""

        ${var}_id: int
        actor: str
        note: str = ""
'''


APPLICATION_SERVICE = '''
    class ${name}ApplicationService:
        """The use cases of the $what."""

        def __init__(
            self,
            $repo: ${name}Repository,
            mediator: Mediator,
            uow: UnitOfWork,
            event_bus: EventBus,
            outbox: Outbox,
        ) -> None:
            self.$repo = $repo
            self.mediator = mediator
            self.uow = uow
            self.event_bus = event_bus
            self.outbox = outbox

        def _dispatch(self, $var: $name) -> None:
            """Run the in-process handlers of the domain events the $what raised."""
            for domain_event in ${var}.pull_domain_events():
                self.mediator.publish(domain_event)

        def create_${var}(self, command: Create${name}Command) -> int:
            """Create the $what and announce it once committed."""
            $var = ${name}.create(self.${repo}.next_identity(), command.name, command.actor)
            self.${repo}.add($var)
            self._dispatch($var)
            self.uow.commit()
            self.event_bus.publish(
                ${created}(${var}_id=${var}.id, actor=command.actor, note=command.name, version=${var}.version)
            )
            return ${var}.id
'''


#: The clean shapes of a use case changing an aggregate, one drawn per use case.
USE_CASES = (
    # commit, then publish
    '''
    def ${imp}_${var}(self, command: $command) -> None:
        """Mark the $what as $past, commit, then tell the other services."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        self.uow.commit()
        self.event_bus.publish(
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
    ''',
    # the event built first, published after the commit
    '''
    def ${imp}_${var}(self, command: $command) -> None:
        """Mark the $what as $past; the event is built first, published after the commit."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        announcement = ${event}(
            ${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version
        )
        self._dispatch($var)
        self.uow.commit()
        self.event_bus.publish(announcement)
    ''',
    # roll back when the commit fails
    '''
    def ${imp}_${var}(self, command: $command) -> None:
        """Mark the $what as $past; roll back if the commit fails."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        try:
            self.uow.commit()
        except Exception:
            self.uow.rollback()
            raise
        self.event_bus.publish(
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
    ''',
    # nothing to do when the state is already reached
    '''
    def ${imp}_${var}(self, command: $command) -> bool:
        """Mark the $what as $past unless it already is; return whether it changed."""
        $var = self.${repo}.get(command.${var}_id)
        if ${var}.status == "$status":
            return False
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        self.uow.commit()
        self.event_bus.publish(
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
        return True
    ''',
    # through the outbox, inside the unit of work
    '''
    def ${imp}_${var}(self, command: $command) -> None:
        """Mark the $what as $past; the outbox relays the event after the commit."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        self.outbox.add(
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
        self.uow.commit()
    ''',
)


# Planted: the methods an application service gets for EVL202, EVL301 and EVL302.
TO_BROKER = '''
    def replay_${var}_${past}(self, ${var}_id: int, actor: str) -> None:
        """Re-send a past change to the broker for the search indexers (ops console)."""
        $var = self.${repo}.get(${var}_id)
        self.event_bus.publish(${event}(${var}_id=${var}.id, actor=actor, note="replayed"))  # expect: EVL202
'''

TO_MEDIATOR = '''
    def ${imp}_${var}_in_process(self, command: $command) -> None:
        """Like ${imp}_${var}, but lets the listeners running in this process react at once."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        self.uow.commit()
        self.mediator.publish(  # expect: EVL301
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
'''

BEFORE_COMMIT = '''
    def ${imp}_${var}_eagerly(self, command: $command) -> None:
        """Mark the $what as $past and announce it straight away (the old, eager way)."""
        $var = self.${repo}.get(command.${var}_id)
        ${var}.${imp}(command.actor, command.note)
        self.${repo}.update($var)
        self._dispatch($var)
        self.event_bus.publish(  # expect: EVL302
            ${event}(${var}_id=${var}.id, actor=command.actor, note=command.note, version=${var}.version)
        )
        self.uow.commit()
'''


QUERY = '''
    @dataclass(frozen=True)
    class $query:
        """Ask the read model for $what rows."""

        owner: str | None = None
        text: str = ""
        limit: int = $limit
        offset: int = 0


    class $handler:
        """Answers $query from a denormalised list of rows; it never writes."""

        def __init__(self, rows: Sequence[dict[str, str]]) -> None:
            self._rows = rows

        def __call__(self, query: $query) -> list[dict[str, str]]:
            """The matching rows, sorted by name."""
            needle = query.text.strip().lower()
            matches = [
                row
                for row in self._rows
                if (query.owner is None or row.get("owner") == query.owner)
                and (not needle or needle in row.get("name", "").lower())
            ]
            matches.sort(key=lambda row: (row.get("name", ""), row.get("id", "")))
            return matches[query.offset : query.offset + query.limit]
'''
