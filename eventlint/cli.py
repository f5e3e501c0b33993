"""The command line: a thin click layer over `eventlint.api`.

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, or an
internal error (after every other file's findings have been printed).
"""

from __future__ import annotations

import functools
import io
import os
import stat
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from eventlint.api import InternalError, Result, lint_paths, merged, projects_of, resolve_config
from eventlint.checks.documents import rule_document
from eventlint.checks.registry import by_code, option_codes, rule_named
from eventlint.checks.summary import summary_text
from eventlint.config.settings import Config, ConfigError
from eventlint.files.safeio import MAX_FILE_BYTES
from eventlint.init import ExistingConfiguration, propose_configuration
from eventlint.map.formats import MAP_FORMATS
from eventlint.map.view import map_paths
from eventlint.report.baseline import BASELINE_FILE, Baseline, BaselineError, without_baselined, write_baseline
from eventlint.report.emitters import EMITTERS
from eventlint.report.emitters.printable import printable_result
from eventlint.report.output import report, write_output
from eventlint.report.progress import ProgressIndicator
from eventlint.sources.discovery import display_path
from eventlint.version import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageProblem(click.UsageError):
    """A bad argument: one line naming the option at fault, exit code 2."""


def _selection(select: str | None, ignore: str | None) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """`--select` and `--ignore` read; every problem of both reported at once, one line each."""
    (selected, select_problems), (ignored, ignore_problems) = option_codes("--select", select), option_codes("--ignore", ignore)
    if problems := select_problems + ignore_problems:
        raise UsageProblem("\neventlint: ".join(problems))
    return selected, ignored


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventlint")
def cli() -> None:
    """Check the boundaries of domain and integration events in a DDD codebase."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Use this configuration file.")
@click.option("--select", help="Comma-separated rule codes or prefixes to report (replaces the configured list).")
@click.option("--ignore", help="Comma-separated rule codes or prefixes not to report (added to the configured list).")
@click.option("--format", "output_format", type=click.Choice(sorted(EMITTERS)), default="text", show_default=True)
@click.option("--output-file", type=click.Path(path_type=Path), help="Write the report to this file.")
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Show a count per rule instead of each finding.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache in .eventlint_cache/.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for parsing (default and most: the processors available; 1 parses in this process).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path),
    help=f"Hide the findings this file records (default: {BASELINE_FILE} at the project root, when present).",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Record every finding of the project in the baseline (fixed ones are dropped), then exit 0.",
)
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="With '-' as the PATH: lint standard input as this file of the project.",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes (and the unsafe ones with --unsafe-fixes).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change behaviour seen outside the code.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of applying them.")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` to the line of every finding, then exit 0.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary, no notices.")
def check(
    paths: tuple[Path, ...],
    config_file: Path | None,
    select: str | None,
    ignore: str | None,
    output_format: str,
    output_file: Path | None,
    exit_zero: bool,
    statistics: bool,
    no_cache: bool,
    jobs: int | None,
    baseline_file: Path | None,
    update_baseline: bool,
    stdin_filename: Path | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    add_noqa: bool,
    quiet: bool,
) -> None:
    """Lint PATHS (default: the whole project). Every file of the project is still
    read, so a file is judged the same alone as in a full run."""
    overlay: dict[Path, bytes] = {}
    if Path("-") in paths:
        if stdin_filename is None:
            raise UsageProblem("'-' reads standard input: name the file it stands for with --stdin-filename PATH")
        if len(paths) > 1:
            raise UsageProblem("'-' reads standard input: give no other PATH with it")
        # One byte past the limit tells a buffer too large to read (EVL001), as on disk, in bounded memory.
        overlay = {stdin_filename: sys.stdin.buffer.read(MAX_FILE_BYTES + 1)}
        paths = (stdin_filename,)
    elif stdin_filename is not None:
        raise UsageProblem("--stdin-filename: give '-' as the PATH to read standard input")
    rewriting = [name for name, on in (("--fix", fix), ("--diff", diff), ("--add-noqa", add_noqa)) if on]
    if len(rewriting) > 1 and rewriting != ["--fix", "--diff"]:
        raise UsageProblem(f"{rewriting[0]} and {rewriting[1]} cannot be used together")
    if rewriting and (overlay or update_baseline):
        raise UsageProblem(f"{rewriting[0]}: not with {'standard input' if overlay else '--update-baseline'}")
    for path in paths:
        if not path.exists() and path not in overlay:
            raise UsageProblem(f"path '{path}' does not exist")
    if baseline_file is not None and baseline_file.is_dir():
        raise UsageProblem(f"--baseline: '{baseline_file}' is a folder")
    if baseline_file is not None and not update_baseline and not os.path.lexists(baseline_file):
        raise UsageProblem(f"--baseline: file '{baseline_file}' does not exist (write it with --update-baseline)")
    _must_be_regular("--config", config_file)
    if config_file is not None and not config_file.is_file():
        raise UsageProblem(f"--config: file '{config_file}' does not exist")
    if output_file is not None:
        if output_file.is_dir():
            raise UsageProblem(f"--output-file: '{output_file}' is a folder")
        _must_be_writable("--output-file", output_file)
        if not output_file.absolute().parent.is_dir():
            raise UsageProblem(f"--output-file: folder '{output_file.absolute().parent}' does not exist")
    selected, ignored = _selection(select, ignore)
    results = []
    changed = False  # a fix, a diff or a `# noqa` changed some text
    unsuppressed = False  # `--add-noqa` left a finding it could not suppress
    projects = projects_of(paths, config_file)
    if baseline_file is not None and len(projects) > 1:  # its keys are paths from one project's root
        raise UsageProblem(f"--baseline: the paths hold {len(projects)} projects; each keeps its own {BASELINE_FILE} at its root")
    for members, config, found in projects:
        if not found and not quiet:
            click.echo(
                f"eventlint: no eventlint.toml or [tool.eventlint] found; checking {_shown(config.project)} "
                "as the project (no bounded contexts: only the naming rules apply; "
                "`eventlint init` proposes a context map from the code)",
                err=True,
            )
        config = config.with_selection(selected, ignored or ())
        baseline = baseline_file or config.root / BASELINE_FILE
        indicator = ProgressIndicator(sys.stderr) if sys.stderr.isatty() and not quiet else None
        try:
            found_now = lint_paths(
                [] if update_baseline else members,  # a baseline records the whole project
                config,
                progress=indicator,
                cache=not no_cache,
                jobs=jobs,
                overlay=overlay,
            )
        finally:
            if indicator is not None:
                indicator.clear()
        if update_baseline:
            count = write_baseline(baseline, found_now.diagnostics, config.root, Path.cwd())
            click.echo(f"eventlint: wrote {count} finding{'s' if count != 1 else ''} to {_shown([baseline])}", err=True)
            continue
        # Anything by that name is read, so a named pipe or a broken link is an error, never skipped.
        baselined = Baseline.read(baseline) if os.path.lexists(baseline) else None
        found_now = without_baselined(found_now, baselined, config.root)
        if rewriting:
            again = functools.partial(lint_paths, members, config, cache=not no_cache, jobs=jobs)
            relint = functools.partial(without_baselined, baseline=baselined, root=config.root)
            found_now, rewritten, refused = _rewrite(
                found_now,
                config,
                lambda: relint(again()),  # noqa: B023
                diff=diff,
                noqa=add_noqa,
                unsafe=unsafe_fixes,
                quiet=quiet,
            )
            changed = changed or rewritten
            unsuppressed = unsuppressed or (add_noqa and refused)
        results.append(found_now)
    if add_noqa or diff:
        raise click.exceptions.Exit(EXIT_FINDINGS if (diff and changed) or unsuppressed else EXIT_CLEAN)
    if update_baseline:
        raise click.exceptions.Exit(EXIT_CLEAN)
    raw = merged(results)  # SARIF names each file by its bytes; every other output shows it printable
    result = printable_result(raw)
    if not quiet:
        for notice in result.notices:
            click.echo(f"eventlint: warning: {notice}", err=True)
    errors = list(result.errors)
    errors.extend(_write_report(raw, output_file, output_format, statistics, quiet))
    for error in errors:
        click.echo(f"eventlint: internal error in {error.where} (please report it):\n{error.details}", err=True)
    if errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    raise click.exceptions.Exit(EXIT_FINDINGS if result.diagnostics and not exit_zero else EXIT_CLEAN)


def _rewrite(
    result: Result,
    config: Config,
    again: Callable[[], Result],
    *,
    diff: bool,
    noqa: bool,
    unsafe: bool,
    quiet: bool = False,
) -> tuple[Result, bool, bool]:
    """`--fix`, `--diff` or `--add-noqa` on one project's findings: the findings that remain, whether text changed,
    whether a finding was refused.

    `quiet` keeps the counts to itself; what was refused and what could not be written are always said."""
    from eventlint.fixes.plan import plan_fixes, plan_noqa  # libcst: only a run that rewrites code loads it

    def say(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    base = Path.cwd()
    plan = (
        plan_noqa(result.diagnostics, base, _takes_noqa) if noqa else plan_fixes(result.diagnostics, config, base, unsafe=unsafe)
    )
    for refused in plan.refused:
        click.echo(f"eventlint: {'not suppressed' if noqa else 'not fixed'}: {refused}", err=True)
    count, files = len(plan.fixed), len(plan.texts)
    counted = f"{count} finding{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    if diff:
        text = plan.diff(base)
        if text:
            click.echo(text, nl=False)
        say(f"eventlint: would fix {counted}")
    else:
        failed = plan.write(config.root)
        for problem in failed:
            shown = functools.partial(display_path, base=base)
            click.echo(f"eventlint: cannot write {shown(problem.path)}: {problem.message(shown)}", err=True)
        if failed:
            raise click.exceptions.Exit(EXIT_ERROR)
        say(f"eventlint: {'added `# noqa` for' if noqa else 'fixed'} {counted}")
    if plan.unsafe_left:
        left = plan.unsafe_left
        say(f"eventlint: {left} more fix{'es' if left != 1 else ''} available with --unsafe-fixes")
    if diff or noqa or not plan.texts:
        return result, bool(plan.texts), bool(plan.refused)
    return again(), True, bool(plan.refused)


def _write_report(
    result: Result, output_file: Path | None, output_format: str, statistics: bool, quiet: bool
) -> list[InternalError]:
    """Write the report where asked; on failure, say so and still print every finding."""
    buffer = io.StringIO()
    try:
        report(result, buffer, output_format, statistics, quiet)
    except Exception:
        fallback = io.StringIO()
        EMITTERS["text"](printable_result(result), fallback)
        sys.stdout.write(fallback.getvalue())
        return [InternalError(f"the {output_format} report", traceback.format_exc())]
    if output_file is None:
        sys.stdout.write(buffer.getvalue())
        return []
    try:
        write_output(output_file, buffer.getvalue())
    except OSError as error:
        sys.stdout.write(buffer.getvalue())
        raise CannotWrite(f"--output-file: cannot write '{output_file}': {error.strerror or error}") from None
    return []


def _must_be_writable(option: str, path: Path | None) -> None:
    """Refuse what a report cannot go to; a named pipe or a device (`/dev/stdout`) may take it."""
    if path is not None and os.path.exists(path):
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise UsageProblem(f"{option}: '{path}' is neither a file, a named pipe nor a device")


def _must_be_regular(option: str, path: Path | None) -> None:
    """Refuse a file that is there but is not a regular file: a named pipe would wait for ever."""
    if path is not None and os.path.exists(path) and not path.is_file():
        raise UsageProblem(f"{option}: '{path}' is not a regular file")


class CannotWrite(click.ClickException):
    """The report could not be written where asked (printed to standard output instead); exit 2."""


def _shown(paths: Sequence[Path]) -> str:
    """Paths as the user would type them: relative to the current directory when below it."""
    cwd = Path.cwd()
    shown = [display_path(path, cwd) if path != cwd else "." for path in paths]
    return ", ".join(shown) if shown else "."


@cli.command()
def rules() -> None:
    """List every rule: code, name, default, fix, summary."""
    click.echo(summary_text())


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the full document of the rule CODE (its code, EVL201, or its name, domain-event-crosses-context)."""
    named = rule_named(code)
    if isinstance(named, str):
        hint = f" (did you mean '{named}'?)" if named else ""
        raise UsageProblem(f"unknown rule '{code}'{hint}: give a code or a name that 'eventlint rules' lists")
    code = named.code
    document = rule_document(code)
    if document is None:
        raise UsageProblem(f"no document found for {code}; is eventlint installed completely?")
    click.echo(document.rstrip("\n"))


@cli.command(name="map")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(sorted(MAP_FORMATS)), default="mermaid", show_default=True)
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Use this configuration file.")
@click.option("--output-file", type=click.Path(path_type=Path), help="Write the map to this file.")
def map_command(path: Path | None, output_format: str, config_file: Path | None, output_file: Path | None) -> None:
    """Draw the context map as the code is: each context's events, and every flow between contexts
    (the project is the one PATH belongs to; default: the current directory's)."""
    if path is not None and not path.exists():
        raise UsageProblem(f"path '{path}' does not exist")
    _must_be_regular("--config", config_file)
    if config_file is not None and not config_file.is_file():
        raise UsageProblem(f"--config: file '{config_file}' does not exist")
    if output_file is not None and (output_file.is_dir() or not output_file.absolute().parent.is_dir()):
        raise UsageProblem(f"--output-file: cannot write '{output_file}' (a folder, or in a folder that does not exist)")
    _must_be_writable("--output-file", output_file)
    paths = [path] if path is not None else []
    config, found = resolve_config(paths, config_file)
    if not found:
        click.echo(
            f"eventlint: no eventlint.toml or [tool.eventlint] found; mapping {_shown(config.project)} "
            "as the project (no bounded contexts: the map is empty; `eventlint init` proposes a context map)",
            err=True,
        )
    elif not config.contexts:
        click.echo(
            "eventlint: the configuration names no bounded contexts: the map is empty "
            "(add [contexts.NAME] tables, or see what `eventlint init` proposes)",
            err=True,
        )
    view, result = map_paths(config)
    for notice in result.notices:
        click.echo(f"eventlint: warning: {notice}", err=True)
    for error in result.errors:
        click.echo(f"eventlint: internal error in {error.where} (please report it):\n{error.details}", err=True)
    if result.errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    text = MAP_FORMATS[output_format](view)
    if output_file is None:
        sys.stdout.write(text)
        return
    try:
        write_output(output_file, text)
    except OSError as error:
        raise CannotWrite(f"--output-file: cannot write '{output_file}': {error.strerror or error}") from None


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--write", is_flag=True, help="Write the proposal (eventlint.toml, or into pyproject.toml with --pyproject).")
@click.option("--pyproject", is_flag=True, help="Propose a [tool.eventlint] table for pyproject.toml.")
def init(path: Path | None, write: bool, pyproject: bool) -> None:
    """Propose a context map for the project at PATH (default: the current directory) from its code, with
    its evidence; on standard error, what a first `eventlint check` with it would report."""
    root = path if path is not None else Path.cwd()
    if not root.exists():
        raise UsageProblem(f"path '{root}' does not exist: give the project's root folder")
    if not root.is_dir():
        raise UsageProblem(f"path '{root}' is a file, not a folder: give the project's root folder")
    try:
        outcome = propose_configuration(root, write=write, pyproject=pyproject)
    except ExistingConfiguration as existing:
        raise UsageProblem(str(existing)) from None
    sys.stdout.write(outcome.text)
    for line in outcome.messages:
        click.echo(f"eventlint: {line}", err=True)
    raise click.exceptions.Exit(EXIT_ERROR if outcome.failed else EXIT_CLEAN)


@cli.command()
def lsp() -> None:
    """Run the language server over standard input and output (needs the `lsp` extra)."""
    try:
        from eventlint.lsp import serve
    except ImportError as error:
        raise UsageProblem(f"the language server needs the `lsp` extra: pip install 'eventlint[lsp]' ({error.msg})") from None
    serve()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        # With standalone_mode=False click *returns* the code of a raised Exit.
        code = cli.main(args=list(argv) if argv is not None else None, prog_name="eventlint", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.UsageError as error:
        click.echo(f"eventlint: {error.format_message()}", err=True)
        return EXIT_ERROR
    except click.ClickException as error:
        click.echo(f"eventlint: {error.format_message()}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        return EXIT_ERROR
    except ConfigError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        return EXIT_ERROR
    except BaselineError as error:
        click.echo(str(error), err=True)
        return EXIT_ERROR
    except Exception:  # a bug: say where, never a bare traceback
        click.echo(f"eventlint: internal error (please report it):\n{traceback.format_exc()}", err=True)
        return EXIT_ERROR
    return code if isinstance(code, int) else EXIT_CLEAN


def _takes_noqa(code: str) -> bool:
    """Whether `--add-noqa` answers a finding of this rule with a comment."""
    return by_code()[code].takes_noqa
