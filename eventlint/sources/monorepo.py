"""The projects a run judges: each file under its nearest configuration, as ruff does.

A repository may hold several projects, each with its own `eventlint.toml` or
`[tool.eventlint]` (`services/shop/eventlint.toml`, `services/billing/pyproject.toml`),
and pre-commit runs eventlint at the repository root. Each PATH belongs to
the project of its nearest configuration walking up; below every project's
root the configurations of nested projects are found, and their folders
are left out of the enclosing project, so that no file is judged twice and
none under a configuration that is not its own. A nested project below a
PATH is judged as a project of its own.

The search never follows a link (a linked configuration file is not taken:
its project root would be the folder of its target), never enters a folder
the enclosing project excludes or git ignores, and reads only regular files.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from eventlint.config.loading import RuleCodes, declares_eventlint, find_config, load_config
from eventlint.config.settings import CONFIG_FILE, PYPROJECT, Config, unconfigured
from eventlint.files.safeio import is_regular_file
from eventlint.sources.discovery import discover, display_path, is_below
from eventlint.sources.patterns import GitIgnores, path_patterns

Project = tuple[list[Path], Config, bool]  # the PATHs it reports on (all when empty), its configuration, whether one was found


def configuration_in(folder: Path) -> Path | None:
    """A folder's own configuration: `eventlint.toml`, else a `pyproject.toml` with `[tool.eventlint]`."""
    own = folder / CONFIG_FILE
    if is_regular_file(own):
        return own
    pyproject = folder / PYPROJECT
    if is_regular_file(pyproject) and declares_eventlint(pyproject):
        return pyproject
    return None


def configurations_below(config: Config) -> list[Path]:
    """The configurations in folders below the project's own (not its root's), in walk order.

    Folders the project excludes or git ignores are not entered, nor are links:
    a vendored checkout or a virtual environment holds no project of the repository.
    Paths are handled as strings: the walk costs what discovery's walk costs.
    """
    exclusions = path_patterns(config.exclude)
    ignores = GitIgnores(config.root) if config.respect_gitignore else None
    root = str(config.root)
    inside = os.path.join(root, "")
    found: list[Path] = []
    for start in config.project or (config.root,):
        if not start.is_dir():
            continue
        top = str(start.resolve())
        for folder, dirs, files in os.walk(top):  # os.walk never follows a link to a folder
            relative = folder[len(inside) :].replace(os.sep, "/") if folder.startswith(inside) else ""
            below = bool(relative)
            if ignores is not None and (below or folder == root):
                ignores.folder(relative)
            prefix = f"{relative}/" if relative else ""
            dirs[:] = [
                name
                for name in sorted(dirs)
                if not (
                    exclusions.name(name)
                    or (bool(exclusions.globs) and exclusions.matches(prefix + name, True, whole=False))
                    or (ignores is not None and (below or folder == root) and ignores.ignored(prefix + name, True, whole=False))
                )
            ]
            if below and folder != top and (CONFIG_FILE in files or PYPROJECT in files):
                nested = configuration_in(Path(folder))
                if nested is not None and nested not in found:
                    found.append(nested)
    return found


def _escaped(relative: str) -> str:
    """A folder path as a gitignore pattern that matches it literally."""
    return "".join("\\" + char if char in "\\*?[]!#" else char for char in relative)


def excluding(config: Config, roots: Iterable[Path]) -> Config:
    """The configuration with the folders of nested projects left out (each judged by its own)."""
    below = sorted({root for root in roots if root != config.root and is_below(root, config.root)})
    if not below:
        return config
    patterns = tuple(f"/{_escaped(root.relative_to(config.root).as_posix())}/" for root in below)
    return dataclasses.replace(config, exclude=config.exclude + patterns)


def without_nested(config: Config) -> Config:
    """The configuration with the projects nested below it left out (what one project alone, as the editor's, judges)."""
    return excluding(config, [found.parent.resolve() for found in configurations_below(config)])


def projects(paths: Sequence[Path], config_file: Path | None = None, *, rule_codes: RuleCodes) -> list[Project]:
    """The PATHs grouped by the project each belongs to, and the nested projects below them, each judged on its own.

    `--config` puts every PATH under that one configuration, and nothing is searched.
    With no PATH, the project of the current directory is judged whole, with the projects nested in it.
    """
    shown = Path.cwd()
    if config_file is not None:
        return [(list(paths), load_config(config_file, display=str(config_file), rule_codes=rule_codes), True)]
    groups: dict[Path | None, list[Path]] = {}
    for path in paths or [shown]:
        groups.setdefault(find_config(path), []).append(path)
    configs: dict[Path | None, Config] = {}
    for nearest, members in groups.items():
        if nearest is None:
            configs[nearest] = unconfigured(members if paths else [])
        else:
            configs[nearest] = load_config(nearest, display=display_path(nearest, shown), rule_codes=rule_codes)
    # What the run reports on: the PATHs, or with none every project found whole.
    scopes = [path.resolve() for path in paths] or [
        start for config in configs.values() for start in config.project or (config.root,)
    ]
    nested: list[Path] = []
    for config in list(configs.values()):
        nested.extend(found for found in configurations_below(config) if found not in nested)
    for found in nested:
        root = found.parent.resolve()
        if not any(is_below(root, scope) for scope in scopes):
            continue  # outside what is reported: only left out of the project around it
        if found not in groups:
            groups[found] = []
            configs[found] = load_config(found, display=display_path(found, shown), rule_codes=rule_codes)
        if paths:
            groups[found].append(root)  # a PATH above it reports all of it
    roots = [found.parent.resolve() for found in nested]
    judged = [(members, excluding(configs[nearest], roots), nearest is not None) for nearest, members in groups.items()]
    if len(judged) > 1:
        # Outside every configuration, with nothing of its own to check: not a project (no notice, no cache).
        judged = [project for project in judged if project[2] or discover(project[1])]
    return [([] if not paths else members, config, found) for members, config, found in judged]
