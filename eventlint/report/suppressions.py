"""What keeps a finding from being reported: selection, per-file ignores, noqa comments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from eventlint.checks.registry import codes_matching, is_eventlint_code
from eventlint.checks.unused_noqa import UNUSED_NOQA, unused_noqa_code
from eventlint.config.settings import Config
from eventlint.facts import ModuleFacts
from eventlint.facts.noqa import NoqaComments
from eventlint.model import Diagnostic, Span
from eventlint.pipeline.engine import FileState
from eventlint.sources.discovery import display_path, glob_matches


def _covered(code: str, selectors: Iterable[str]) -> bool:
    return any(code.startswith(selector) for selector in selectors)


def ignored_by_path(config: Config, relpath: str, code: str) -> bool:
    """Whether `per-file-ignores` switches `code` off for a file (path relative to the root)."""
    return any(glob_matches(pattern, relpath) and _covered(code, codes) for pattern, codes in config.per_file_ignores)


def _unused_codes(
    comments: NoqaComments, used: set[tuple[int, str | None]], enabled: frozenset[str]
) -> list[tuple[Span, str, bool]]:
    """The eventlint codes of the comments that suppressed nothing: (where the code is written, code, whether it is enabled)."""
    found = []
    for line, code, column in comments.codes():
        known = codes_matching(code)
        if is_eventlint_code(code) and known and (line, code) not in used:
            found.append((Span(line, column, line, column + len(code)), code, any(name in enabled for name in known)))
    return found


# -- applied to a run's findings ----------------------------------------------------
def invalid_directives(states: Iterable[FileState]) -> list[tuple[str, int, str]]:
    """(path, line, why) of every `# noqa` that suppresses nothing: malformed, or naming no eventlint rule."""
    found: list[tuple[str, int, str]] = []
    for state in states:
        facts = state.outcome if isinstance(state.outcome, ModuleFacts) else None
        if facts is None:
            continue
        problems = list(facts.invalid_noqa)
        for line, codes in facts.noqa:
            for code in codes or ():
                if is_eventlint_code(code) and not codes_matching(code):
                    problems.append((line, f"`{code}` is no eventlint rule"))
        found.extend((state.source.display, line, why) for line, why in sorted(problems))
    return found


def unused_noqa(
    states: Iterable[FileState], config: Config, enabled: frozenset[str], used: Mapping[str, set[tuple[int, str | None]]]
) -> Iterator[Diagnostic]:
    """EVL002: the eventlint codes of `# noqa` comments that suppressed nothing where they stand."""
    for state in states:
        facts = state.outcome if isinstance(state.outcome, ModuleFacts) else None
        if facts is None or facts.skip_file or not facts.noqa:
            continue
        if ignored_by_path(config, display_path(state.source.path, config.root), UNUSED_NOQA.code):
            continue
        for span, code, active in _unused_codes(NoqaComments(facts), used.get(state.source.display, set()), enabled):
            yield unused_noqa_code(state.source, span, code, enabled=active)


def reportable(
    diagnostic: Diagnostic,
    states: Mapping[str, FileState],
    config: Config,
    enabled: frozenset[str],
    noqa: dict[str, NoqaComments],
    used: dict[str, set[tuple[int, str | None]]],
) -> bool:
    """Whether a finding is reported: enabled, not ignored for its file, not under a `# noqa` (noted in `used`)."""
    if diagnostic.code not in enabled:
        return False
    state = states[diagnostic.path]
    relpath = display_path(state.source.path, config.root)
    if ignored_by_path(config, relpath, diagnostic.code):
        return False
    facts = state.outcome if isinstance(state.outcome, ModuleFacts) else None
    if facts is None:
        return True
    if facts.skip_file:
        return False
    if diagnostic.path not in noqa:
        noqa[diagnostic.path] = NoqaComments(facts)
    suppressor = noqa[diagnostic.path].suppressor(diagnostic)
    if suppressor is None:
        return True
    used.setdefault(diagnostic.path, set()).add(suppressor)
    return False
