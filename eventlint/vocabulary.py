"""The vocabulary a configuration implies: the names of its event bases."""

from __future__ import annotations

from eventlint.config import Config
from eventlint.facts.vocabulary import Vocabulary
from eventlint.suppress import enabled_codes


def vocabulary_of(config: Config) -> Vocabulary:
    """The configured event bases' class names, beside the event-name fragments every run knows.

    Dispatch calls need no words of their own: a dispatch, publish or commit
    only matters to a rule together with an event the same code names.
    """
    words = {name.rpartition(".")[2] for name in (*config.domain_bases, *config.integration_bases)}
    words.discard("")
    if "EVL002" in enabled_codes(config):
        words.update(("noqa", "NOQA", "Noqa"))  # EVL002 judges every `# noqa`, also where no event is named
    return Vocabulary(frozenset(words))
