"""EVL304 measured on real bugs: recall on the commits before their fixes, false positives after, and a sweep.

    python bench/corpus.py --mirrors /work/.mirror [--corpus bench/corpus/evl304.toml] [--only ID,...]
                           [--no-bugs] [--no-sweep] [--timeout SECONDS]

The corpus (bench/corpus/evl304.toml) lists merged fixes that moved a message send after the commit
of the transaction around it. For each one the trees of the commit before the fix and of the fix are
taken from a local mirror with `git archive` (the mirror is only read, nothing is fetched), written to
a temporary folder, and checked with `python -m eventlint check --format json` and no configuration.
The buggy send is found when an EVL304 (or EVL302) finding points at its line, or at a call of the
function that holds it; the fix is flagged when such a finding points into that function in the fixed
tree, or at a call of it. The report gives recall, false positives, and both per transaction source.

Each sweep entry is a large application checked the same way at one commit; every EVL304 finding is
printed, with where the transaction was opened, for a person to judge.

A mirror is looked for as MIRRORS/owner+name/repo (bare or with a .git folder) or MIRRORS/owner+name.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the 3.10 interpreter reads TOML through tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus" / "evl304.toml"
BUG_CODES = ("EVL304", "EVL302")
SWEEP_CODE = "EVL304"
SOURCES = ("function", "decorator", "caller", "atomic-requests", "signal")
# What eventlint reads of a project: its Python files and the files that configure it.
KEPT_SUFFIXES = (".py", ".pyi", ".toml", ".cfg", ".ini")


@dataclass(frozen=True)
class Finding:
    """One finding of the JSON report, with its path relative to the tree."""

    code: str
    path: str
    line: int
    end_line: int
    message: str
    related: tuple[tuple[str, int, str], ...]


@dataclass
class Run:
    """The findings of one tree, or why there are none."""

    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    left_out: int = 0  # kept files whose content the snapshot lacks


@dataclass(frozen=True)
class Bug:
    """A buggy send and the fix that deferred it."""

    id: str
    repo: str
    fix: str
    before: str
    path: str
    line: int
    function: str
    transaction: str
    description: str


@dataclass(frozen=True)
class Verdict:
    """What the checker said of one bug, before and after its fix."""

    bug: Bug
    found: str | None  # "send", "caller" or None
    evidence: Finding | None  # the finding that found it
    flagged: list[Finding]
    error: str | None


def git_dir(mirrors: Path, repo: str) -> Path | None:
    """The git directory mirroring `repo`, if there is one."""
    base = mirrors / repo.replace("/", "+")
    for candidate in (base / "repo", base / "repo" / ".git", base):
        if candidate.is_dir():
            probe = subprocess.run(
                ["git", "--git-dir", str(candidate), "rev-parse", "--git-dir"],
                capture_output=True,
                text=True,
                check=False,
            )
            if probe.returncode == 0:
                return candidate
    return None


def kept(name: str) -> bool:
    """Whether the checker reads this file of the tree."""
    base = name.rsplit("/", 1)[-1]
    return name.endswith(KEPT_SUFFIXES) or (base.startswith("requirements") and base.endswith(".txt"))


def pattern(name: str) -> str:
    """The git pathspec that selects this kept file and its kind everywhere in the tree."""
    suffix = next((s for s in KEPT_SUFFIXES if name.endswith(s)), None)
    return f":(glob)**/*{suffix}" if suffix else f":(glob)**/{name.rsplit('/', 1)[-1]}"


def materialise(gitdir: Path, commit: str, dest: Path) -> int:
    """Write the files eventlint reads of `commit` into `dest`, from the mirror, without changing it.

    Only those files are archived, one glob per kind, so the data files a snapshot may lack do not
    make the archive fail; a kept file whose content the snapshot lacks is left out and counted.
    """
    git = ["git", "--git-dir", str(gitdir)]
    listing = subprocess.run([*git, "ls-tree", "-r", "-z", commit], capture_output=True, check=True)
    blobs: list[tuple[str, str]] = []
    for entry in listing.stdout.decode("utf-8", errors="replace").split("\0"):
        head, _, name = entry.partition("\t")
        fields = head.split()
        if len(fields) == 3 and fields[1] == "blob" and kept(name):
            blobs.append((fields[2], name))
    if not blobs:
        return 0
    present = subprocess.run(
        [*git, "cat-file", "--batch-check"],
        input="".join(f"{oid}\n" for oid, _ in blobs).encode(),
        capture_output=True,
        check=True,
    )
    missing = {line.split()[0] for line in present.stdout.decode().splitlines() if line.endswith(" missing")}
    absent = [f":(exclude,literal){name}" for oid, name in blobs if oid in missing]
    globs = sorted({pattern(name) for _, name in blobs})
    archive = subprocess.run([*git, "archive", "--format=tar", commit, "--", *globs, *absent], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout), mode="r:") as tar:
        for member in tar:
            name = member.name
            if not member.isfile() or not kept(name) or name.startswith("/") or ".." in name.split("/"):
                continue
            source = tar.extractfile(member)
            if source is None:
                continue
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
    return len(absent)


def relative(path: str, tree: Path) -> str:
    """A reported path as it is named in the repository."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.resolve().relative_to(tree.resolve()).as_posix()
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix()


def check(tree: Path, timeout: float) -> Run:
    """Run eventlint with no configuration on `tree` and read its JSON report."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    command = [sys.executable, "-m", "eventlint", "check", "--format", "json", "--exit-zero", "--no-cache", "--quiet"]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Run(error=f"no answer within {timeout:.0f} s", seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Run(error=f"exit {done.returncode}: {tail}", seconds=seconds)
    findings = [
        Finding(
            code=item["code"],
            path=relative(item["path"], tree),
            line=item["line"],
            end_line=item.get("end_line") or item["line"],
            message=item["message"],
            related=tuple((relative(r["path"], tree), r["line"], r["message"]) for r in item.get("related", [])),
        )
        for item in report
    ]
    return Run(findings=findings, seconds=seconds)


def checked(gitdir: Path, commit: str, timeout: float) -> Run:
    """The findings of one commit, in a temporary tree removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="evl304-corpus-") as folder:
        tree = Path(folder) / "tree"
        tree.mkdir()
        try:
            left_out = materialise(gitdir, commit, tree)
        except subprocess.CalledProcessError as error:
            return Run(error=f"git archive {commit[:10]} failed: {error.stderr.decode(errors='replace').strip()}")
        run = check(tree, timeout)
        run.left_out = left_out
        return run


def show(gitdir: Path, commit: str, path: str) -> str | None:
    """The text of `path` at `commit`, read from the mirror."""
    done = subprocess.run(["git", "--git-dir", str(gitdir), "show", f"{commit}:{path}"], capture_output=True, check=False)
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def span(source: str, qualname: str) -> tuple[int, int] | None:
    """The first and last line of the function `qualname` (Class.method or name) in `source`."""
    try:
        module = ast.parse(source)
    except SyntaxError:
        return None

    def walk(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, ast.stmt]]:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{node.name}"
                yield name, node
                yield from walk(node.body, f"{name}.")

    for name, node in walk(module.body, ""):
        if name == qualname and not isinstance(node, ast.ClassDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return first, node.end_lineno or node.lineno
    return None


def calls(texts: dict[str, list[str]], finding: Finding, function: str) -> bool:
    """Whether the finding's line calls the function (by its last name) without defining it."""
    lines = texts.get(finding.path)
    if lines is None or not 0 < finding.line <= len(lines):
        return False
    name = re.escape(function.rsplit(".", 1)[-1])
    text = lines[finding.line - 1]
    return re.search(rf"\b{name}\s*\(", text) is not None and re.search(rf"\bdef\s+{name}\b", text) is None


def sources(gitdir: Path, commit: str, findings: list[Finding]) -> dict[str, list[str]]:
    """The lines of every file a finding points into."""
    texts: dict[str, list[str]] = {}
    for path in {f.path for f in findings}:
        text = show(gitdir, commit, path)
        if text is not None:
            texts[path] = text.splitlines()
    return texts


def judge(bug: Bug, gitdir: Path, before: Run, after: Run) -> Verdict:
    """Whether the send was found before the fix, and what was flagged in its function after."""
    if before.error or after.error:
        return Verdict(bug, None, None, [], before.error or after.error)
    relevant = [f for f in before.findings if f.code in BUG_CODES]
    texts = sources(gitdir, bug.before, relevant)
    at_send = [f for f in relevant if f.path == bug.path and f.line <= bug.line <= f.end_line]
    at_call = [f for f in relevant if calls(texts, f, bug.function)]
    found = "send" if at_send else "caller" if at_call else None
    evidence = (at_send or at_call or [None])[0]
    later = [f for f in after.findings if f.code in BUG_CODES]
    texts = sources(gitdir, bug.fix, later)
    fixed = show(gitdir, bug.fix, bug.path)
    lines = span(fixed, bug.function) if fixed is not None else None
    flagged = [
        f
        for f in later
        if (lines is not None and f.path == bug.path and lines[0] <= f.line <= lines[1]) or calls(texts, f, bug.function)
    ]
    return Verdict(bug, found, evidence, flagged, None)


def load(path: Path) -> tuple[list[Bug], list[dict[str, str]]]:
    """The bugs and the sweep of the corpus file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    keys = Bug.__dataclass_fields__
    bugs = [Bug(**{k: v for k, v in entry.items() if k in keys}) for entry in data.get("bug", [])]
    for bug in bugs:
        if bug.transaction not in SOURCES:
            raise SystemExit(f"{bug.id}: transaction {bug.transaction!r} is none of {', '.join(SOURCES)}")
    return bugs, list(data.get("sweep", []))


def percent(part: int, whole: int) -> str:
    """`part/whole (n%)`, or a dash for nothing."""
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def run_bugs(bugs: list[Bug], mirrors: Path, timeout: float) -> list[Verdict]:
    """Check every before and fix commit once and judge each bug."""
    runs: dict[tuple[str, str], Run] = {}
    verdicts: list[Verdict] = []
    for bug in bugs:
        gitdir = git_dir(mirrors, bug.repo)
        if gitdir is None:
            verdicts.append(Verdict(bug, None, None, [], f"no mirror of {bug.repo} under {mirrors}"))
            print(f"  {bug.id}: no mirror", flush=True)
            continue
        for commit in (bug.before, bug.fix):
            if (bug.repo, commit) not in runs:
                run = checked(gitdir, commit, timeout)
                runs[bug.repo, commit] = run
                state = run.error or f"{len(run.findings)} findings"
                gaps = f" ({run.left_out} file(s) absent from the snapshot)" if run.left_out else ""
                print(f"  {bug.repo}@{commit[:10]}: {state} in {run.seconds:.1f} s{gaps}", flush=True)
        verdicts.append(judge(bug, gitdir, runs[bug.repo, bug.before], runs[bug.repo, bug.fix]))
    return verdicts


def report_bugs(verdicts: list[Verdict]) -> None:
    """The table of bugs, then recall and false positives in all and per transaction source."""
    print()
    print(f"{'bug':<28} {'transaction':<16} {'before':<14} {'after':<8} where")
    for v in verdicts:
        before = "error" if v.error else (f"found:{v.found}" if v.found else "missed")
        after = "error" if v.error else ("flagged" if v.flagged else "clean")
        print(f"{v.bug.id:<28} {v.bug.transaction:<16} {before:<14} {after:<8} {v.bug.path}:{v.bug.line}")
        if v.error:
            print(f"    {v.error}")
        if v.evidence is not None:
            e = v.evidence
            print(f"    before: {e.code} {e.path}:{e.line}: {e.message}")
        for f in v.flagged:
            print(f"    after: {f.code} {f.path}:{f.line}: {f.message}")
    judged = [v for v in verdicts if v.error is None]
    print()
    print(f"recall (before, send or caller flagged): {percent(sum(v.found is not None for v in judged), len(judged))}")
    print(f"false positives (after, still flagged):  {percent(sum(bool(v.flagged) for v in judged), len(judged))}")
    if len(judged) < len(verdicts):
        print(f"not judged (errors): {len(verdicts) - len(judged)}")
    print()
    print(f"{'transaction source':<18} {'bugs':>5} {'found':>14} {'flagged after':>14}")
    for source in SOURCES:
        group = [v for v in judged if v.bug.transaction == source]
        if group:
            found = percent(sum(v.found is not None for v in group), len(group))
            flagged = percent(sum(bool(v.flagged) for v in group), len(group))
            print(f"{source:<18} {len(group):>5} {found:>14} {flagged:>14}")


def run_sweep(sweep: list[dict[str, str]], mirrors: Path, timeout: float) -> None:
    """Print every EVL304 finding of each application, with where its transaction was opened."""
    print()
    print("sweep (no configuration): every EVL304 finding, to be judged by hand")
    total = 0
    for entry in sweep:
        repo, commit = entry["repo"], entry["commit"]
        gitdir = git_dir(mirrors, repo)
        if gitdir is None:
            print(f"\n{repo}: no mirror under {mirrors}")
            continue
        run = checked(gitdir, commit, timeout)
        if run.error:
            print(f"\n{repo}@{commit[:10]}: {run.error}")
            continue
        found = sorted((f for f in run.findings if f.code == SWEEP_CODE), key=lambda f: (f.path, f.line))
        total += len(found)
        gaps = f", {run.left_out} file(s) absent from the snapshot" if run.left_out else ""
        print(f"\n{repo}@{commit[:10]}: {len(found)} EVL304 of {len(run.findings)} findings in {run.seconds:.1f} s{gaps}")
        for f in found:
            print(f"  {f.path}:{f.line}: {f.message}")
            for path, line, message in f.related:
                print(f"      {path}:{line}: {message}")
    print(f"\nsweep: {total} EVL304 findings to judge")


def main(argv: list[str] | None = None) -> int:
    """Measure EVL304 on the corpus and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of the repository mirrors")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus file (default: %(default)s)")
    parser.add_argument("--only", default="", help="comma-separated bug ids or sweep repositories to run")
    parser.add_argument("--no-bugs", action="store_true", help="skip the bugs")
    parser.add_argument("--no-sweep", action="store_true", help="skip the sweep")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed for one check")
    args = parser.parse_args(argv)
    bugs, sweep = load(args.corpus)
    if args.only:
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        bugs = [b for b in bugs if b.id in wanted]
        sweep = [s for s in sweep if s["repo"] in wanted]
    if not args.no_bugs and bugs:
        print(f"bugs: {len(bugs)} sends in {len({b.repo for b in bugs})} repositories", flush=True)
        report_bugs(run_bugs(bugs, args.mirrors, args.timeout))
    if not args.no_sweep and sweep:
        run_sweep(sweep, args.mirrors, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
