"""`eventlint init` measured on real code: its map against a hand-written one, per project.

    python bench/init_measure.py --mirrors /work/.mirror [--corpus bench/init_corpus] [--only NAME,...]
                                 [--examples] [--hand] [--timeout SECONDS] [--quiet]

Each file of the corpus folder (bench/init_corpus/NAME.toml) names a public repository, a commit, and the
context map a careful team would write for it, read from the code (`[map]`: the keys of an eventlint.toml;
`[maps."sub/dir"]`: the map of a project nested in that folder). For each one the tree of the commit is taken
from the local mirror twice (nothing is fetched, any eventlint configuration of the tree is removed):

* H: the hand map is written as eventlint.toml, then `eventlint check --format json` gives the findings H;
* I: `eventlint init --write`, then `eventlint check --format json` gives the findings I.

A finding matches on (code, path, line). The report gives, per project, recall |I∩H|/|H| and precision
|I∩H|/|I|, the agreement of event kinds (per event class, by file and class name), of contexts (per file
holding events: the pairs of such files that share a context in both maps or in neither, so a renamed context
still agrees) and of dispatch roles (per hand pattern: the init map holds a pattern with the same last name and
role), then the totals as a markdown table, and every finding and disagreement that differs. Recall and
precision are also given without the naming rules (EVL1xx), which follow the event kinds alone.

`--examples` adds the reference services of this checkout (examples/*), each measured against its own
eventlint.toml; `--hand` prints every finding of the hand maps, for a person to judge.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import git_dir, materialise, relative  # the bench folder is no package: its scripts import each other

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the 3.10 interpreter reads TOML through tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "init_corpus"
CONFIG_NAME = "eventlint.toml"

Key = tuple[str, str, int]  # code, path, line

# Run in a child process on a tree: every event class of every project of the tree, as the rules see it.
CATALOGUE = """
import json, sys
from pathlib import Path
from eventlint.api import project_of_paths, projects_of
tree = Path(sys.argv[1]).resolve()
out = []
for _paths, config, _found in projects_of([tree]):
    project = project_of_paths(config, cache=False, jobs=1)
    for event in project.events.events.values():
        if event.is_base:
            continue
        path = event.source.path.resolve().relative_to(tree).as_posix()
        out.append([path, event.name, event.kind.value, event.context, str(config.root.resolve().relative_to(tree))])
print(json.dumps(out))
"""


@dataclass(frozen=True)
class Entry:
    """One project of the corpus."""

    name: str
    repo: str
    commit: str
    maps: dict[str, dict[str, object]]  # folder ("" for the root) -> the keys of its eventlint.toml
    source: Path | None = None  # a reference service of this checkout, instead of a mirrored commit


@dataclass
class Side:
    """What one map gives: findings, event classes, dispatch patterns, or why not."""

    findings: set[Key] = field(default_factory=set)
    messages: dict[Key, str] = field(default_factory=dict)
    events: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)  # (path, class) -> kind, context
    dispatch: dict[str, str] = field(default_factory=dict)  # pattern -> role
    warnings: list[str] = field(default_factory=list)  # what check said of the configuration
    error: str | None = None


@dataclass(frozen=True)
class Agreement:
    """How far the init map agrees with the hand map on one aspect: agreeing out of compared."""

    agree: int
    total: int
    differences: tuple[str, ...]

    def text(self) -> str:
        return f"{self.agree}/{self.total}" if self.total else "-"


@dataclass(frozen=True)
class Measure:
    """One project measured."""

    entry: Entry
    hand: Side
    init: Side
    kinds: Agreement
    contexts: Agreement
    dispatch: Agreement

    @property
    def matched(self) -> set[Key]:
        return self.hand.findings & self.init.findings


def load(folder: Path) -> list[Entry]:
    """Every corpus file of the folder, in name order."""
    entries = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        maps: dict[str, dict[str, object]] = {}
        if "map" in data:
            maps[""] = data["map"]
        maps.update(data.get("maps", {}))
        if not maps:
            raise SystemExit(f'{path}: neither [map] nor [maps."folder"]')
        entries.append(Entry(path.stem, data["repo"], data["commit"], maps))
    return entries


def references() -> list[Entry]:
    """The reference services of this checkout, each with its own eventlint.toml as the hand map."""
    entries = []
    for folder in sorted((ROOT / "examples").iterdir()):
        config = folder / CONFIG_NAME
        if config.is_file():
            table = tomllib.loads(config.read_text(encoding="utf-8"))
            entries.append(Entry(f"examples/{folder.name}", "(reference services)", "", {"": table}, folder))
    return entries


def toml_value(value: object) -> str:
    """A TOML literal of a string, boolean, number or (nested) list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML literal for {value!r}")


def toml_text(table: Mapping[str, object], prefix: str = "") -> str:
    """The TOML text of a table: its plain keys first, then each sub-table under its dotted header."""
    lines = [f"{json.dumps(key)} = {toml_value(value)}" for key, value in table.items() if not isinstance(value, dict)]
    for key, value in table.items():
        if isinstance(value, dict):
            header = f"{prefix}.{json.dumps(key)}" if prefix else json.dumps(key)
            lines.append(f"\n[{header}]")
            lines.append(toml_text(value, header))
    return "\n".join(line for line in lines if line)


def unconfigure(tree: Path) -> None:
    """Remove every eventlint configuration the repository carries."""
    for found in tree.rglob(CONFIG_NAME):
        found.unlink()
    for pyproject in tree.rglob("pyproject.toml"):
        text = pyproject.read_text(encoding="utf-8", errors="replace")
        if "[tool.eventlint" in text:
            kept = re.sub(r"^\[tool\.eventlint[^\n]*\n(?:(?!\[)[^\n]*\n?)*", "", text, flags=re.MULTILINE)
            pyproject.write_text(kept, encoding="utf-8")


def run(command: Sequence[str], tree: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a command in the tree with this checkout of eventlint first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def observe(tree: Path, timeout: float) -> Side:
    """The findings, event classes and root dispatch patterns of the tree under its configuration."""
    side = Side()
    command = [sys.executable, "-m", "eventlint", "check", "--format", "json", "--exit-zero", "--no-cache"]
    try:
        done = run(command, tree, timeout)
        report = json.loads(done.stdout)
    except subprocess.TimeoutExpired:
        return Side(error=f"check: no answer within {timeout:.0f} s")
    except json.JSONDecodeError:
        return Side(error=f"check exit {done.returncode}: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
    side.warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    for item in report:
        key = (item["code"], relative(item["path"], tree), item["line"])
        side.findings.add(key)
        side.messages[key] = item["message"]
    try:
        done = run([sys.executable, "-c", CATALOGUE, str(tree)], tree, timeout)
        for path, name, kind, context, project in json.loads(done.stdout):
            side.events[path, name] = (kind, f"{project}:{context}" if context else None)
    except (subprocess.TimeoutExpired, json.JSONDecodeError):
        side.error = f"event catalogue failed: {(done.stderr.strip().splitlines() or ['no output'])[-1]}"
    config = tree / CONFIG_NAME
    if config.is_file():
        dispatch = tomllib.loads(config.read_text(encoding="utf-8")).get("dispatch", {})
        side.dispatch = {pattern: role for role, patterns in dispatch.items() for pattern in patterns}
    return side


def compare_kinds(hand: Side, init: Side) -> Agreement:
    """Per event class of either map: the same kind (or neither makes it an event)."""
    names = sorted(hand.events.keys() | init.events.keys())
    differences = []
    for name in names:
        h = hand.events.get(name, ("not an event", None))[0]
        i = init.events.get(name, ("not an event", None))[0]
        if h != i:
            differences.append(f"kind {name[0]}::{name[1]}: hand {h}, init {i}")
    return Agreement(len(names) - len(differences), len(names), tuple(differences))


def partition(side: Side, files: list[str]) -> dict[str, str | None]:
    """The context of each file holding events (None: in no context)."""
    owner: dict[str, str | None] = {}
    for (path, _name), (_kind, context) in side.events.items():
        if path in files:
            owner[path] = context
    return {path: owner.get(path) for path in files}


def compare_contexts(hand: Side, init: Side) -> Agreement:
    """Per pair of files holding hand-map events: together in both maps or apart in both (None is apart)."""
    files = sorted({path for path, _name in hand.events})
    h, i = partition(hand, files), partition(init, files)
    differences = []
    for path in files:
        if (h[path] is None) != (i[path] is None):
            differences.append(f"context of {path}: hand {h[path]}, init {i[path]}")
    pairs = list(itertools.combinations(files, 2))
    agree = 0
    for a, b in pairs:
        together_h = h[a] is not None and h[a] == h[b]
        together_i = i[a] is not None and i[a] == i[b]
        agree += together_h == together_i
        if together_h != together_i:
            differences.append(
                f"contexts {a} / {b}: hand {'together' if together_h else 'apart'}, init {'together' if together_i else 'apart'}"
            )
    if not pairs:  # a single file: agreement is whether both put it in a context
        return Agreement(sum((h[p] is None) == (i[p] is None) for p in files), len(files), tuple(differences))
    return Agreement(agree, len(pairs), tuple(differences))


def compare_dispatch(hand: Side, init: Side) -> Agreement:
    """Per hand pattern: init proposes one with the same last name and the same role."""
    differences = []
    agree = 0
    for pattern, role in sorted(hand.dispatch.items()):
        last = pattern.rsplit(".", 1)[-1]
        roles = {r for p, r in init.dispatch.items() if p.rsplit(".", 1)[-1] == last}
        if role in roles:
            agree += 1
        else:
            differences.append(f"dispatch {pattern}: hand {role}, init {', '.join(sorted(roles)) or 'none'}")
    for pattern, role in sorted(init.dispatch.items()):
        last = pattern.rsplit(".", 1)[-1]
        if not any(p.rsplit(".", 1)[-1] == last for p in hand.dispatch):
            differences.append(f"dispatch {pattern}: init {role}, hand none")
    return Agreement(agree, len(hand.dispatch), tuple(differences))


def extracted(gitdir: Path, commit: str, dest: Path) -> None:
    """The tree of the commit, without eventlint configuration."""
    dest.mkdir()
    materialise(gitdir, commit, dest)
    unconfigure(dest)


def measure_trees(entry: Entry, hand_tree: Path, init_tree: Path, timeout: float) -> Measure:
    """Both maps on their trees (already extracted): write, check, compare."""
    for folder, table in entry.maps.items():
        (hand_tree / folder / CONFIG_NAME).write_text(toml_text(table) + "\n", encoding="utf-8")
    hand = observe(hand_tree, timeout)
    hand.dispatch = {}
    for table in entry.maps.values():
        dispatch = table.get("dispatch", {})
        assert isinstance(dispatch, dict)
        hand.dispatch.update({pattern: role for role, patterns in dispatch.items() for pattern in patterns})
    done = run([sys.executable, "-m", "eventlint", "init", "--write"], init_tree, timeout)
    if done.returncode != 0:
        init = Side(error=f"init exit {done.returncode}: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
    else:
        init = observe(init_tree, timeout)
    return Measure(entry, hand, init, compare_kinds(hand, init), compare_contexts(hand, init), compare_dispatch(hand, init))


def measure(entry: Entry, mirrors: Path, timeout: float) -> Measure:
    """One project: both trees from the mirror, in a temporary folder removed afterwards."""
    if entry.source is not None:
        with tempfile.TemporaryDirectory(prefix="init-measure-") as folder:
            hand_tree, init_tree = Path(folder) / "hand", Path(folder) / "init"
            for tree in (hand_tree, init_tree):
                shutil.copytree(entry.source, tree, ignore=shutil.ignore_patterns(CONFIG_NAME, "__pycache__", ".eventlint_cache"))
            return measure_trees(entry, hand_tree, init_tree, timeout)
    gitdir = git_dir(mirrors, entry.repo)
    if gitdir is None:
        missing = Side(error=f"no mirror of {entry.repo} under {mirrors}")
        none = Agreement(0, 0, ())
        return Measure(entry, missing, missing, none, none, none)
    with tempfile.TemporaryDirectory(prefix="init-measure-") as folder:
        hand_tree, init_tree = Path(folder) / "hand", Path(folder) / "init"
        extracted(gitdir, entry.commit, hand_tree)
        shutil.copytree(hand_tree, init_tree)
        return measure_trees(entry, hand_tree, init_tree, timeout)


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.2f})" if whole else "-"


def beyond_naming(keys: set[Key]) -> set[Key]:
    """The findings that are not about an event's name (EVL1xx): boundaries, dispatch, timing, contracts."""
    return {key for key in keys if not key[0].startswith("EVL1")}


def table(measures: list[Measure]) -> str:
    """The markdown table: one row per project, then the totals."""
    rows = [
        "| project | H | I | I∩H | recall | precision | recall w/o EVL1xx | precision w/o EVL1xx | kinds | contexts (file pairs) | dispatch |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    totals = [0, 0, 0]
    other = [0, 0, 0]
    agreements = {"kinds": [0, 0], "contexts": [0, 0], "dispatch": [0, 0]}
    for m in measures:
        h, i, both = len(m.hand.findings), len(m.init.findings), len(m.matched)
        totals = [totals[0] + h, totals[1] + i, totals[2] + both]
        oh, oi, ob = (len(beyond_naming(keys)) for keys in (m.hand.findings, m.init.findings, m.matched))
        other = [other[0] + oh, other[1] + oi, other[2] + ob]
        for name in agreements:
            a: Agreement = getattr(m, name)
            agreements[name][0] += a.agree
            agreements[name][1] += a.total
        error = " (error)" if m.hand.error or m.init.error else ""
        rows.append(
            f"| {m.entry.name}{error} | {h} | {i} | {both} | {ratio(both, h)} | {ratio(both, i)} | "
            f"{ratio(ob, oh)} | {ratio(ob, oi)} | {m.kinds.text()} | {m.contexts.text()} | {m.dispatch.text()} |"
        )
    h, i, both = totals
    oh, oi, ob = other
    rows.append(
        f"| **total** | {h} | {i} | {both} | {ratio(both, h)} | {ratio(both, i)} | {ratio(ob, oh)} | {ratio(ob, oi)} | "
        + " | ".join(Agreement(a, t, ()).text() for a, t in agreements.values())
        + " |"
    )
    return "\n".join(rows)


def details(m: Measure) -> list[str]:
    """The findings and disagreements that differ, for a person to see why."""
    lines = [f"\n### {m.entry.name} ({m.entry.repo}@{m.entry.commit[:10]})"]
    for label, side in (("hand", m.hand), ("init", m.init)):
        if side.error:
            lines.append(f"  {label} error: {side.error}")
        warnings = sorted(set(side.warnings))
        lines.extend(f"  {label} {warning}" for warning in warnings[:5])
        if len(warnings) > 5:
            lines.append(f"  {label}: {len(warnings) - 5} more warnings")
    for key in sorted(m.hand.findings - m.init.findings):
        lines.append(f"  missed {key[0]} {key[1]}:{key[2]}: {m.hand.messages[key]}")
    for key in sorted(m.init.findings - m.hand.findings):
        lines.append(f"  extra  {key[0]} {key[1]}:{key[2]}: {m.init.messages[key]}")
    for agreement in (m.kinds, m.contexts, m.dispatch):
        lines.extend(f"  {difference}" for difference in agreement.differences)
    return lines


def main(argv: list[str] | None = None) -> int:
    """Measure init on the corpus and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of the repository mirrors")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (default: %(default)s)")
    parser.add_argument("--only", default="", help="comma-separated corpus names to run")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed for one command")
    parser.add_argument("--quiet", action="store_true", help="the table only, without the differences")
    parser.add_argument("--examples", action="store_true", help="also measure the reference services (examples/)")
    parser.add_argument("--hand", action="store_true", help="also print every finding of the hand map, to judge")
    args = parser.parse_args(argv)
    entries = load(args.corpus) + (references() if args.examples else [])
    if args.only:
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        entries = [e for e in entries if e.name in wanted]
    measures = []
    for entry in entries:
        m = measure(entry, args.mirrors, args.timeout)
        print(f"  {entry.name}: H {len(m.hand.findings)}, I {len(m.init.findings)}, matched {len(m.matched)}", flush=True)
        measures.append(m)
    print()
    print(table(measures))
    if not args.quiet:
        for m in measures:
            print("\n".join(details(m)))
            if args.hand:
                print(f"  hand findings of {m.entry.name}:")
                print("\n".join(f"    {k[0]} {k[1]}:{k[2]}: {m.hand.messages[k]}" for k in sorted(m.hand.findings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
