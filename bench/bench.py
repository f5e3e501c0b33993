"""Measure eventlint on a generated monorepo against baselines measured in the same run.

    python bench/bench.py [--files 5000] [--runs 3] [--scale 1000,5000,20000] [--keep DIR]

On one tree of `--files` modules (see `monorepo.py`), it times, as whole
processes (`python -m eventlint check`), with the peak memory of the largest
process:

* cold: no cache at all (the folder is removed first);
* warm: again, nothing changed;
* one file edited: a function added to an application service;
* `check ONE_FILE`, warm: what a pre-commit hook runs;

and the baselines: `libcst.parse_module` of every file in one process, and
`ruff check --no-cache` (when ruff is installed: `pip install ruff`). Each
figure is the median of `--runs` and is given as a ratio to the libcst
baseline, so results compare across machines. Then a scaling table: cold runs
on trees of each `--scale` size, in seconds per 1,000 files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import monorepo

PARSE_ALL = """
import sys
from pathlib import Path
import libcst
for path in sorted(Path(sys.argv[1]).rglob("*.py")):
    libcst.parse_module(path.read_bytes())
"""

TARGETS = {"cold": 0.5, "warm": 0.04, "one file edited": 0.02, "check ONE_FILE, warm": 0.04}  # × libcst


@dataclass(frozen=True)
class Figure:
    """One measured command: median wall seconds and peak memory over its runs."""

    label: str
    seconds: float
    peak_mb: float
    runs: int


def measure(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB (largest process of the tree) and exit code of one run."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        if code not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({code}):\n{errors.read().decode('utf-8', 'replace')}")
    return seconds, usage.ru_maxrss / 1024, code


def repeat(label: str, runs: int, command: list[str], cwd: Path, before: object = None) -> Figure:
    """The median of `runs` runs; `before()` is called ahead of each."""
    times, peaks = [], []
    for _ in range(runs):
        if callable(before):
            before()
        seconds, peak, _ = measure(command, cwd)
        times.append(seconds)
        peaks.append(peak)
    return Figure(label, statistics.median(times), max(peaks), runs)


def eventlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "eventlint", "check", "--quiet", *args]


def ruff_command() -> list[str] | None:
    found = shutil.which("ruff")
    if found:
        return [found]
    try:
        subprocess.run([sys.executable, "-m", "ruff", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return [sys.executable, "-m", "ruff"]


def tree(root: Path, files: int) -> monorepo.Planted:
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        shutil.rmtree(root)
        root.mkdir()
    return monorepo.generate(root, files=files)


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", default="1000,5000,20000", help="tree sizes for the scaling table ('' to skip)")
    parser.add_argument("--keep", type=Path, help="generate the trees under this folder and keep them")
    in_work_folder(parser.parse_args(), run, "eventlint-bench-")


def in_work_folder(args: argparse.Namespace, body: Callable[[argparse.Namespace, Path], None], prefix: str) -> None:
    """`body(args, folder)` in `--keep` (kept) or in a temporary folder (removed after)."""
    work = args.keep or Path(tempfile.mkdtemp(prefix=prefix))
    try:
        body(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    root = work / f"monorepo-{args.files}"
    planted = tree(root, args.files)
    cache = root / ".eventlint_cache"
    print(
        f"tree: {planted.files} files, {planted.lines} lines, {sum(planted.expected.values())} planted findings; "
        f"{os.cpu_count()} processors, Python {sys.version.split()[0]}",
        flush=True,
    )

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    edits = iter(range(1_000_000))
    target = root / planted.edit_target

    def edit() -> None:
        with target.open("a", encoding="utf-8") as out:
            out.write(f"\n\ndef touched_{next(edits)}() -> int:\n    return 1\n")

    figures: list[Figure] = []
    baseline = repeat("libcst.parse_module, every file", args.runs, [sys.executable, "-c", PARSE_ALL, str(root)], root)
    figures.append(baseline)
    ruff = ruff_command()
    if ruff is not None:
        figures.append(repeat("ruff check --no-cache", args.runs, [*ruff, "check", "--no-cache", "--exit-zero", "-q", "."], root))
    figures.append(repeat("cold", args.runs, eventlint("."), root, before=drop_cache))
    measure(eventlint("."), root)  # fill the cache
    figures.append(repeat("warm", args.runs, eventlint("."), root))
    figures.append(repeat("one file edited", args.runs, eventlint("."), root, before=edit))
    measure(eventlint("."), root)
    figures.append(repeat("check ONE_FILE, warm", args.runs, eventlint(planted.edit_target), root))

    rows = [("run", "seconds", "files/s", "peak MB", "× libcst", "target")]
    for figure in figures:
        ratio = figure.seconds / baseline.seconds
        target_ratio = TARGETS.get(figure.label)
        verdict = "" if target_ratio is None else f"≤ {target_ratio}× {'met' if ratio <= target_ratio else 'NOT met'}"
        rows.append(
            (
                figure.label,
                f"{figure.seconds:.2f}",
                f"{planted.files / figure.seconds:,.0f}",
                f"{figure.peak_mb:.0f}",
                f"{ratio:.3f}",
                verdict,
            )
        )
    print(f"\n{planted.files} files, median of {args.runs} runs\n")
    print(table(rows), flush=True)

    sizes = [int(size) for size in args.scale.split(",") if size.strip()]
    if sizes:
        rows = [("files", "lines", "cold s", "s per 1,000 files", "libcst s per 1,000 files", "peak MB")]
        for size in sizes:
            scaled = work / f"monorepo-{size}"
            made = tree(scaled, size) if scaled != root else planted
            parse = repeat("parse", 1, [sys.executable, "-c", PARSE_ALL, str(scaled)], scaled)
            cold = repeat(
                "cold",
                1,
                eventlint("."),
                scaled,
                before=lambda: shutil.rmtree(scaled / ".eventlint_cache", ignore_errors=True),  # noqa: B023
            )
            rows.append(
                (
                    f"{made.files:,}",
                    f"{made.lines:,}",
                    f"{cold.seconds:.1f}",
                    f"{cold.seconds / made.files * 1000:.2f}",
                    f"{parse.seconds / made.files * 1000:.2f}",
                    f"{cold.peak_mb:.0f}",
                )
            )
            if scaled != root and args.keep is None:
                shutil.rmtree(scaled, ignore_errors=True)
        print("\nscaling, cold, one run each\n")
        print(table(rows), flush=True)


if __name__ == "__main__":
    main()
