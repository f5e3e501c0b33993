"""What reacts to events: domain-event handlers, integration-event consumers, the broker's message adapter and the planted cross-context listener."""

from __future__ import annotations

DOMAIN_EVENT_HANDLERS_MODULE = (
    "Handlers of the {service} domain events.\n\n"
    "The mediator runs them synchronously, inside the unit of work of the use case\n"
    "that raised the event, so what they change commits together with it."
)

CONSUMERS_MODULE = (
    "Consumers of the integration events the {service} service receives from the broker.\n\n"
    "Each one brings this context in step with a fact another service published,\n"
    "in a unit of work of its own."
)

MESSAGING_MODULE = (
    "The {service} service's side of the broker: raw messages in, consumers called.\n\n"
    "The adapter rebuilds each integration event from the published language and\n"
    "hands it to this service's own consumer, in this service's process."
)

CROSSING_MODULE = (
    "Keeps the {service} view of {things} in step with the {upstream} context.\n\n"
    "Written when both ran in one process: it listens to the other context's domain\n"
    "events on the shared mediator instead of consuming its integration events."
)


DOMAIN_EVENT_HANDLER = '''
    class $handler:
        """Keeps the $what audit trail when a $what was $past."""

        def __init__(self) -> None:
            self.trail: list[str] = []
            self.by_actor: dict[str, int] = {}

        def handle(self, event: $event) -> None:
            """Append the change to the trail and count it for its actor."""
            line = f"{event.occurred_on.isoformat()} ${var} {event.${var}_id} $past by {event.actor}"
            if event.note:
                line += f": {event.note}"
            self.trail.append(line)
            self.by_actor[event.actor] = self.by_actor.get(event.actor, 0) + 1
'''


CONSUMER = '''
    class ${event}Consumer:
        """Notes on the local $local that a $what was $past in the $upstream service."""

        def __init__(self, $repo: ${localname}Repository, mediator: Mediator, uow: UnitOfWork) -> None:
            self.$repo = $repo
            self.mediator = mediator
            self.uow = uow
            self.skipped = 0

        def handle(self, event: $event) -> None:
            """Apply the upstream change, dispatch what it raised and commit."""
            $lvar = self.${repo}.find(event.${var}_id)
            if $lvar is None:
                self.skipped += 1
                return
            ${lvar}.touch(event.actor, f"$upstream: $what {event.${var}_id} $past (v{event.version})")
            self.${repo}.update($lvar)
            for domain_event in ${lvar}.pull_domain_events():
                self.mediator.publish(domain_event)
            self.uow.commit()
'''


MESSAGE_DECODER = """

    @staticmethod
    def _${attr}_from(data: Mapping[str, Any]) -> $event:
        return $event(
            ${var}_id=int(data["${var}_id"]),
            actor=str(data.get("actor", "")),
            note=str(data.get("note", "")),
            version=int(data.get("version", 0)),
        )
"""


CROSSING_LISTENER = '''
    class ${agg}${verb}Listener:
        """Mirrors $upstream changes in a local lookup table."""

        def __init__(self) -> None:
            self.last_actor: dict[int, str] = {}
            self.changes = 0

        def on_${var}_${lower}(self, event: $event) -> None:  # expect: EVL201
            """Remember who changed the $what last."""
            self.last_actor[event.${var}_id] = event.actor
            self.changes += 1
'''
