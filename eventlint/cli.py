"""The command line: a thin click layer over `eventlint.api`, reading options and printing what it returns.

Exit codes (`eventlint.report.outcome`): 0 no findings, 1 findings, 2 usage or configuration error, or an
internal error (after every other file's findings have been printed).
"""

from __future__ import annotations

import functools
import os
import stat
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import click

from eventlint.api import lint_paths, projects_of, resolve_config
from eventlint.checks.documents import rule_document
from eventlint.checks.registry import option_codes, rule_named
from eventlint.checks.summary import summary_text
from eventlint.config.settings import Config, ConfigError
from eventlint.files.safeio import MAX_FILE_BYTES
from eventlint.init import ExistingConfiguration, propose_configuration
from eventlint.map.formats import MAP_FORMATS
from eventlint.map.view import map_paths
from eventlint.pipeline.engine import Progress
from eventlint.report.baseline import BASELINE_FILE, BaselineError
from eventlint.report.console import Console, shown_paths
from eventlint.report.emitters import EMITTERS
from eventlint.report.outcome import EXIT_CLEAN, EXIT_ERROR, CheckRequest, Lint, check_projects
from eventlint.report.output import UnwritableOutput, write_output
from eventlint.report.progress import ProgressIndicator
from eventlint.report.result import Result
from eventlint.report.rewrite import Rewrite
from eventlint.version import __version__


class UsageProblem(click.UsageError):
    """A bad argument: one line naming the option at fault, exit code 2."""


def _selection(select: str | None, ignore: str | None) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """`--select` and `--ignore` read (no `--select`: None, the configured list); every problem of both reported
    at once, one line each."""
    (selected, select_problems), (ignored, ignore_problems) = option_codes("--select", select), option_codes("--ignore", ignore)
    if problems := select_problems + ignore_problems:
        raise UsageProblem("\neventlint: ".join(problems))
    return selected, ignored or ()


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
    baseline: Path | None,
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
    paths, overlay = _standard_input(paths, stdin_filename)
    rewrite = _rewrite_asked(fix, diff, add_noqa, standard_input=bool(overlay), update_baseline=update_baseline)
    _validate(paths, config_file, output_file, standard_input=stdin_filename, baseline=baseline, recording=update_baseline)
    selected, ignored = _selection(select, ignore)
    projects = _projects(paths, config_file, baseline)
    request = CheckRequest(
        selected, ignored, baseline, update_baseline, rewrite, unsafe_fixes, output_format, output_file, statistics, exit_zero
    )
    lint = _linter(cache=not no_cache, jobs=jobs, overlay=overlay)
    code = check_projects(projects, request, _console(quiet), lint)
    raise click.exceptions.Exit(code)


def _projects(paths: Sequence[Path], config_file: Path | None, baseline: Path | None) -> list[tuple[list[Path], Config, bool]]:
    """The projects the PATHs belong to (`projects_of`); a `--baseline` serves one only."""
    projects = projects_of(paths, config_file)
    if baseline is not None and len(projects) > 1:  # its keys are paths from one project's root
        raise UsageProblem(f"--baseline: the paths hold {len(projects)} projects; each keeps its own {BASELINE_FILE} at its root")
    return projects


def _standard_input(paths: tuple[Path, ...], stdin_filename: Path | None) -> tuple[tuple[Path, ...], dict[Path, bytes]]:
    """The PATHs, with '-' standing for standard input, read as the file `--stdin-filename` names; and what it read."""
    if Path("-") not in paths:
        if stdin_filename is not None:
            raise UsageProblem("--stdin-filename: give '-' as the PATH to read standard input")
        return paths, {}
    if stdin_filename is None:
        raise UsageProblem("'-' reads standard input: name the file it stands for with --stdin-filename PATH")
    if len(paths) > 1:
        raise UsageProblem("'-' reads standard input: give no other PATH with it")
    # One byte past the limit tells a buffer too large to read (EVL001), as on disk, in bounded memory.
    return (stdin_filename,), {stdin_filename: sys.stdin.buffer.read(MAX_FILE_BYTES + 1)}


def _rewrite_asked(fix: bool, diff: bool, add_noqa: bool, *, standard_input: bool, update_baseline: bool) -> Rewrite | None:
    """`--fix`, `--diff` and `--add-noqa` read: one of them (`--fix --diff` shows the fixes), never with
    standard input or `--update-baseline`."""
    asked = [name for name, on in (("--fix", fix), ("--diff", diff), ("--add-noqa", add_noqa)) if on]
    if len(asked) > 1 and asked != ["--fix", "--diff"]:
        raise UsageProblem(f"{asked[0]} and {asked[1]} cannot be used together")
    if asked and (standard_input or update_baseline):
        raise UsageProblem(f"{asked[0]}: not with {'standard input' if standard_input else '--update-baseline'}")
    return Rewrite.NOQA if add_noqa else Rewrite.DIFF if diff else Rewrite.FIX if fix else None


def _output_folder_problem(output_file: Path) -> str | None:
    """Why a report could not be created at `output_file`: it is a folder, or its folder is missing."""
    if output_file.is_dir():
        return f"'{output_file}' is a folder"
    if not output_file.absolute().parent.is_dir():
        return f"folder '{output_file.absolute().parent}' does not exist"
    return None


def _validate(
    paths: Sequence[Path],
    config_file: Path | None,
    output_file: Path | None,
    *,
    standard_input: Path | None = None,
    baseline: Path | None = None,
    recording: bool = False,
    output_problem: Callable[[Path], str | None] = _output_folder_problem,
) -> None:
    """The options of `check` and `map` that name files, checked before any work: each problem is a usage error
    naming its option. `standard_input` is the PATH standing for it; `recording` writes the `baseline`."""
    for path in paths:
        if not path.exists() and path != standard_input:
            raise UsageProblem(f"path '{path}' does not exist")
    if baseline is not None and baseline.is_dir():
        raise UsageProblem(f"--baseline: '{baseline}' is a folder")
    if baseline is not None and not recording and not os.path.lexists(baseline):
        raise UsageProblem(f"--baseline: file '{baseline}' does not exist (write it with --update-baseline)")
    _must_be_regular("--config", config_file)
    if config_file is not None and not config_file.is_file():
        raise UsageProblem(f"--config: file '{config_file}' does not exist")
    if output_file is not None and (problem := output_problem(output_file)):
        raise UsageProblem(f"--output-file: {problem}")
    _must_be_writable("--output-file", output_file)


def _output_problem_of_map(output_file: Path) -> str | None:
    """As `_output_folder_problem`, in the one sentence `map` has always said."""
    if _output_folder_problem(output_file) is None:
        return None
    return f"cannot write '{output_file}' (a folder, or in a folder that does not exist)"


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


def _console(quiet: bool) -> Console:
    """The terminal as a command speaks to it: lines on standard error, text and the report on standard output,
    a progress line on an interactive standard error unless quiet."""
    return Console(
        say=functools.partial(click.echo, err=True),
        show=functools.partial(click.echo, nl=False),
        out=sys.stdout,
        progress=functools.partial(ProgressIndicator, sys.stderr) if sys.stderr.isatty() and not quiet else None,
        quiet=quiet,
    )


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
    paths = [path] if path is not None else []
    _validate(paths, config_file, output_file, output_problem=_output_problem_of_map)
    config, found = resolve_config(paths, config_file)
    console = _console(quiet=False)
    if not found:
        console.say(
            f"eventlint: no eventlint.toml or [tool.eventlint] found; mapping {shown_paths(config.project)} "
            "as the project (no bounded contexts: the map is empty; `eventlint init` proposes a context map)"
        )
    elif not config.contexts:
        console.say(
            "eventlint: the configuration names no bounded contexts: the map is empty "
            "(add [contexts.NAME] tables, or see what `eventlint init` proposes)"
        )
    view, result = map_paths(config)
    for notice in result.notices:
        console.warn(notice)
    for error in result.errors:
        console.internal_error(error)
    if result.errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    text = MAP_FORMATS[output_format](view)
    if output_file is None:
        sys.stdout.write(text)
        return
    try:
        write_output(output_file, text)
    except OSError as error:
        raise UnwritableOutput(output_file, error) from None


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
    except click.ClickException as error:  # a usage error among them
        click.echo(f"eventlint: {error.format_message()}", err=True)
        return EXIT_ERROR
    except UnwritableOutput as error:
        click.echo(f"eventlint: {error}", err=True)
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


def _linter(*, cache: bool, jobs: int | None, overlay: Mapping[Path, bytes] | None) -> Lint:
    """How `check` lints the paths of one project: `lint_paths` with the run's options."""

    def lint(paths: Sequence[Path], config: Config, progress: Progress | None) -> Result:
        return lint_paths(paths, config, progress=progress, cache=cache, jobs=jobs, overlay=overlay)

    return lint
