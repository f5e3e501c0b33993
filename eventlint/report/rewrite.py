"""`--fix`, `--diff` and `--add-noqa`: one project's findings rewritten into its code, or shown as a diff."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eventlint.checks.registry import by_code
from eventlint.config.settings import Config
from eventlint.report.console import Console
from eventlint.report.result import Result
from eventlint.sources.discovery import display_path


class Rewrite(enum.Enum):
    """What a check does to the code its findings point at."""

    FIX = "fix"  # apply the fixes
    DIFF = "diff"  # print the fixes as a unified diff, the code left as it is
    NOQA = "noqa"  # suppress every finding with a `noqa` comment naming its code


@dataclass(frozen=True)
class Rewritten:
    """A project after a rewrite: the findings that remain, whether some text changed (or would), whether a
    finding was refused, whether a file could not be written (then nothing was)."""

    result: Result
    changed: bool
    refused: bool
    failed: bool = False


def rewrite(
    result: Result, config: Config, again: Callable[[], Result], how: Rewrite, *, unsafe: bool, console: Console
) -> Rewritten:
    """Rewrite the code of one project's findings as `how` says; after fixes, `again()` lints it anew.

    A quiet console keeps the counts to itself; what was refused and what could not be written are always said."""
    from eventlint.fixes.plan import plan_fixes, plan_noqa  # libcst: only a run that rewrites code loads it

    base, noqa = Path.cwd(), how is Rewrite.NOQA
    plan = (
        plan_noqa(result.diagnostics, base, _takes_noqa) if noqa else plan_fixes(result.diagnostics, config, base, unsafe=unsafe)
    )
    for refused in plan.refused:
        console.say(f"eventlint: {'not suppressed' if noqa else 'not fixed'}: {refused}")
    count, files = len(plan.fixed), len(plan.texts)
    counted = f"{count} finding{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    if how is Rewrite.DIFF:
        if text := plan.diff(base):
            console.show(text)
        console.note(f"eventlint: would fix {counted}")
    else:
        failed = plan.write(config.root)
        for problem in failed:
            shown = functools.partial(display_path, base=base)
            console.say(f"eventlint: cannot write {shown(problem.path)}: {problem.message(shown)}")
        if failed:
            return Rewritten(result, changed=False, refused=bool(plan.refused), failed=True)
        console.note(f"eventlint: {'added `# noqa` for' if noqa else 'fixed'} {counted}")
    if left := plan.unsafe_left:
        console.note(f"eventlint: {left} more fix{'es' if left != 1 else ''} available with --unsafe-fixes")
    if how is not Rewrite.FIX or not plan.texts:
        return Rewritten(result, changed=bool(plan.texts), refused=bool(plan.refused))
    return Rewritten(again(), changed=True, refused=bool(plan.refused))


def _takes_noqa(code: str) -> bool:
    """Whether `--add-noqa` answers a finding of this rule with a comment (the rule says)."""
    return by_code()[code].takes_noqa
