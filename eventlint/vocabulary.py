"""The vocabulary a configuration implies: its dispatch patterns' calls and its event bases."""

from __future__ import annotations

from eventlint.config import Config
from eventlint.dispatch import active_patterns, called_name
from eventlint.facts.vocabulary import Vocabulary


def vocabulary_of(config: Config) -> Vocabulary:
    """Every call a pattern of the configuration or its presets ends with, and every event base's name."""
    words = {called_name(text) for texts in active_patterns(config).values() for text in texts}
    words.update(name.rpartition(".")[2] for name in (*config.domain_bases, *config.integration_bases))
    words.discard("")
    return Vocabulary(frozenset(words))
