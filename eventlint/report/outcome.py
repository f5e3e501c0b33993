"""What a check makes of its findings: each project's judged against its baseline (or recorded in it) and
rewritten as asked, then one report and the exit code.

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, or an
internal error (after every other file's findings have been printed).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.config.settings import Config
from eventlint.pipeline.engine import Progress
from eventlint.report.baseline import BASELINE_FILE, read_baseline, without_baselined, write_baseline
from eventlint.report.console import Console, shown_paths
from eventlint.report.emitters.printable import printable_result
from eventlint.report.output import deliver
from eventlint.report.result import Result, merged
from eventlint.report.rewrite import Rewrite, rewrite

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class CheckRequest:
    """What a check is asked for besides which files to lint: the selection, the baseline, a rewrite, the report."""

    selected: tuple[str, ...] | None = None  # replaces the configured selection
    ignored: tuple[str, ...] = ()  # added to the configured list
    baseline: Path | None = None  # default: `BASELINE_FILE` at each project's root
    update_baseline: bool = False  # record every finding of the project instead of reporting
    rewrite: Rewrite | None = None
    unsafe_fixes: bool = False
    output_format: str = "text"
    output_file: Path | None = None
    statistics: bool = False
    exit_zero: bool = False


@dataclass(frozen=True)
class ProjectOutcome:
    """One project checked: the findings to report, whether a rewrite changed text (or would), whether
    `# noqa` left a finding unsuppressed, whether a file could not be written."""

    result: Result
    changed: bool = False
    unsuppressed: bool = False
    failed: bool = False


def configured(config: Config, found: bool, request: CheckRequest, console: Console) -> Config:
    """The project's configuration with the requested selection; said first when the project has none."""
    if not found:
        console.note(
            f"eventlint: no eventlint.toml or [tool.eventlint] found; checking {shown_paths(config.project)} "
            "as the project (no bounded contexts: only the naming rules apply; "
            "`eventlint init` proposes a context map from the code)"
        )
    return config.with_selection(request.selected, request.ignored)


def judged(
    result: Result, config: Config, request: CheckRequest, console: Console, again: Callable[[], Result]
) -> ProjectOutcome:
    """One project's findings recorded in its baseline, or hidden by it and rewritten as asked (`again()` lints
    the project anew after fixes)."""
    baseline = request.baseline or config.root / BASELINE_FILE
    if request.update_baseline:
        count = write_baseline(baseline, result.diagnostics, config.root, Path.cwd())
        console.say(f"eventlint: wrote {count} finding{'s' if count != 1 else ''} to {shown_paths([baseline])}")
        return ProjectOutcome(result)
    # Anything by that name is read, so a named pipe or a broken link is an error, never skipped.
    baselined = read_baseline(baseline)
    result = without_baselined(result, baselined, config.root)
    if request.rewrite is None:
        return ProjectOutcome(result)
    done = rewrite(
        result,
        config,
        lambda: without_baselined(again(), baselined, config.root),
        request.rewrite,
        unsafe=request.unsafe_fixes,
        console=console,
    )
    return ProjectOutcome(done.result, done.changed, request.rewrite is Rewrite.NOQA and done.refused, done.failed)


def concluded(outcomes: Sequence[ProjectOutcome], merged: Result, request: CheckRequest, console: Console) -> int:
    """The exit code of a check whose projects were all judged; `merged` is their findings, reported unless
    the check rewrote the code as a diff or with `# noqa`, or recorded a baseline."""
    if request.rewrite in (Rewrite.DIFF, Rewrite.NOQA):
        changed = request.rewrite is Rewrite.DIFF and any(outcome.changed for outcome in outcomes)
        return EXIT_FINDINGS if changed or any(outcome.unsuppressed for outcome in outcomes) else EXIT_CLEAN
    if request.update_baseline:
        return EXIT_CLEAN
    return reported(merged, request, console)


def reported(raw: Result, request: CheckRequest, console: Console) -> int:
    """Report `raw` where asked, with the run's warnings and internal errors; the exit code."""
    result = printable_result(raw)  # SARIF names each file by its bytes; every other output shows it printable
    for notice in result.notices:
        console.warn(notice)
    errors = [*result.errors]
    errors.extend(deliver(raw, console.out, request.output_file, request.output_format, request.statistics, console.quiet))
    for error in errors:
        console.internal_error(error)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.diagnostics and not request.exit_zero else EXIT_CLEAN


Lint = Callable[[Sequence[Path], Config, Progress | None], Result]
"""A run over some paths of a project, with a progress indicator or none."""


def check_projects(
    projects: Sequence[tuple[list[Path], Config, bool]],
    request: CheckRequest,
    console: Console,
    lint: Lint,
) -> int:
    """A check over the projects its PATHs belong to: each linted (by `lint`, the run of `eventlint.api`)
    and judged against its baseline, rewritten as asked, then one report; the exit code."""
    outcomes: list[ProjectOutcome] = []
    for members, config, found in projects:
        config = configured(config, found, request, console)
        with console.indicator() as progress:  # a baseline records the whole project
            linted = lint([] if request.update_baseline else members, config, progress)
        outcome = judged(linted, config, request, console, functools.partial(lint, members, config, None))
        if outcome.failed:
            return EXIT_ERROR
        outcomes.append(outcome)
    return concluded(outcomes, merged([outcome.result for outcome in outcomes]), request, console)
