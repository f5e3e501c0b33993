"""A setup that checks less than it seems: each is a warning naming the file and the key.

A linter is trusted for its silence, so a configuration that silently checks
nothing must say so: a `src` folder that does not exist, a context whose
module prefixes match no module, an event base that is not where the
configuration says. These are warnings, not errors (as mypy and ruff treat a
path or a setting that matches nothing): the run goes on, and the warning
says exactly what to fix.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from eventlint.checks.selection import enabled_codes
from eventlint.config import keys
from eventlint.config.settings import PYPROJECT, Config
from eventlint.index.eventbases import hint, unresolved_bases
from eventlint.index.names import ProjectIndex
from eventlint.sources.discovery import SourceFile, display_path, glob_matches, module_owners


def _where(config: Config) -> tuple[str, str]:
    """How warnings name the configuration file, and the prefix of its keys."""
    if config.source is None:
        return "configuration", ""
    return display_path(config.source, Path.cwd()), "tool.eventlint." if config.source.name == PYPROJECT else ""


def setup_warnings(config: Config, files: Sequence[SourceFile]) -> Iterator[str]:
    """What in the configuration matches nothing of the project, found from its files alone."""
    name, prefix = _where(config)
    if not enabled_codes(config):
        yield f"{name}: select and ignore (with --select and --ignore) leave no rule on: nothing is checked"
    for number, root in enumerate(config.src):
        if not root.is_relative_to(config.root):
            shown = display_path(root, config.root)
            yield (
                f"{name}: {prefix}src[{number}]: folder '{shown}' is outside the project "
                f"(the folder of {config.source.name if config.source else 'the configuration'}); its files are not checked"
            )
        elif not root.is_dir():
            shown = display_path(root, config.root)
            yield f"{name}: {prefix}src[{number}]: folder '{shown}' does not exist"
    modules = {module for source in files for module in _prefixes(source.module)}
    for context in config.contexts:
        for number, module in enumerate(context.modules):
            if module not in modules:
                yield f"{name}: {prefix}contexts.{context.name}.modules[{number}]: '{module}' matches no module of the project"
    for number, module in enumerate(config.contract_modules):
        if module not in modules:
            yield f"{name}: {prefix}{keys.CONTRACT_MODULES.name}[{number}]: '{module}' matches no module of the project"
    _, shared = module_owners(files, config)
    for sources in shared:
        owner, *others = sources
        for other in others:
            yield (
                f"{owner.display} and {other.display} are both module '{owner.module}': "
                f"imports resolve to {owner.display}, and {other.display} is not checked"
            )
    relpaths = [display_path(source.path, config.root) for source in files]
    for pattern, _ in config.per_file_ignores:
        if not any(glob_matches(pattern, relpath) for relpath in relpaths):
            yield f"{name}: {prefix}{keys.PER_FILE_IGNORES.name}: '{pattern}' matches no file of the project"
    checked = {source.module.partition(".")[0] for source in files}
    for library in sorted(config.libraries & checked):
        yield (
            f"package '{library}' ships py.typed, so it is taken as a library: the naming rules "
            "(EVL101, EVL102, EVL104) leave its public event classes alone, as they are its API"
        )


def missing_bases(config: Config, index: ProjectIndex) -> Iterator[str]:
    """Configured event bases that name no class of the project (`eventlint.index.eventbases`), with a did-you-mean."""
    name, prefix = _where(config)
    for unresolved in unresolved_bases(config, index):
        where = f"{prefix}events.{unresolved.key}[{unresolved.number}]"
        yield f"{name}: {where}: {unresolved.reason}{hint(unresolved.suggestions)}"


def _prefixes(module: str) -> Iterator[str]:
    parts = module.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])
