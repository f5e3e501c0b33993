"""The context map: which bounded context owns a module, and which contexts may share."""

from __future__ import annotations

from eventlint.config.settings import Config


def covers(prefix: str, module: str) -> bool:
    """Whether a module is `prefix` or inside it."""
    return module == prefix or module.startswith(prefix + ".")


class ContextMap:
    """Bounded contexts by module prefix, published language, shared kernels, relationships."""

    def __init__(self, config: Config) -> None:
        self._prefixes = sorted(
            ((prefix, context.name) for context in config.contexts for prefix in context.modules),
            key=lambda item: len(item[0]),
            reverse=True,
        )
        self._published = config.published_language
        self._kernels = [frozenset(group) for group in config.shared_kernels]
        self.relationships = frozenset(config.relationships)
        self._cache: dict[str, str | None] = {}

    def context_of(self, module: str) -> str | None:
        """The context owning a module: the longest matching prefix, or None."""
        if module not in self._cache:
            self._cache[module] = next((name for prefix, name in self._prefixes if covers(prefix, module)), None)
        return self._cache[module]

    def in_published_language(self, module: str) -> bool:
        """Whether a module is part of the published language (shared contracts)."""
        return any(covers(prefix, module) for prefix in self._published)

    def share_kernel(self, first: str, second: str) -> bool:
        """Whether two contexts share a kernel and so may share domain events."""
        return any(first in group and second in group for group in self._kernels)

    def declares_flow(self, upstream: str, downstream: str) -> bool:
        """Whether integration events of `upstream` may reach `downstream`.

        A relationship is directed, upstream -> downstream, as the events flow;
        a shared kernel relates its contexts both ways.
        """
        return (upstream, downstream) in self.relationships or self.share_kernel(upstream, downstream)
