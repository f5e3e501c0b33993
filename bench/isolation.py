"""Which isolation of the parser is cheaper and which one works: a thread with a large stack, or a process.

    python bench/isolation.py [--files 300]

Part 1 times the extraction of ordinary files (from a generated monorepo) in
this process, in a thread with a 512 MiB stack (a thread per file), and in a
worker process (eventlint's pool of one, fed in batches), reporting the
overhead per file of each against in-process extraction.

Part 2 runs libcst's parser on inputs that crash or hang it, each in a fresh
interpreter (so a crash is observed, not suffered): on the main thread, and
in a thread with a 1 GiB stack. A thread can outlive a stack overflow but
cannot be stopped when the parser runs for minutes, nor survive an abort;
only a process can be killed on time and replaced.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import monorepo

from eventlint.extractor import extract
from eventlint.facts.vocabulary import Vocabulary
from eventlint.pipeline.workers import Extraction, Job

INPUTS = {
    "3,000 nested parentheses": "y = " + "(" * 3000 + "1" + ")" * 3000 + "\n",
    "3,000 nested lists": "y = " + "[" * 3000 + "]" * 3000 + "\n",
    "30,000 'not'": "y = " + "not " * 30000 + "1\n",
    "60,000-term sum": "y = " + " + ".join(["1"] * 60000) + "\n",
}

PROBE = """
import sys, threading, libcst
source = sys.stdin.read()
def parse():
    libcst.parse_module(source)
if sys.argv[1] == "thread":
    threading.stack_size(1024 * 1024 * 1024)
    worker = threading.Thread(target=parse)
    worker.start()
    worker.join()
else:
    parse()
print("parsed")
"""


def per_file(label: str, seconds: float, files: int, baseline: float | None) -> str:
    extra = "" if baseline is None else f", {1000 * (seconds - baseline) / files:+.2f} ms per file"
    return f"{label:<42} {seconds:6.2f} s{extra}"


def time_extraction(datas: list[bytes], runs: int = 3) -> None:
    vocabulary = Vocabulary()

    def in_process() -> None:
        for data in datas:
            extract(data, "mono.module", False, vocabulary)

    def in_threads() -> None:
        threading.stack_size(512 * 1024 * 1024)
        try:
            for data in datas:
                worker = threading.Thread(target=extract, args=(data, "mono.module", False, vocabulary))
                worker.start()
                worker.join()
        finally:
            threading.stack_size(0)

    def in_a_process() -> None:
        extraction = Extraction(vocabulary, 1)
        try:
            jobs = [Job(n, data, "mono.module", False, parse=True) for n, data in enumerate(datas)]
            list(extraction._workers(1).run(jobs))
        finally:
            extraction.close()

    results = {}
    for label, work in (
        ("in this process", in_process),
        ("a thread with a 512 MiB stack per file", in_threads),
        ("a worker process (pool of one)", in_a_process),
    ):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        results[label] = statistics.median(times)
    baseline = results["in this process"]
    print(f"\nextracting {len(datas)} files, median of {runs} runs")
    for label, seconds in results.items():
        print(per_file(label, seconds, len(datas), None if label == "in this process" else baseline))


def survival(limit: float) -> None:
    print(f"\nlibcst on inputs that break it (each in a fresh interpreter, stopped after {limit:.0f} s)")
    print(f"{'input':<28} {'main thread':<24} {'thread, 1 GiB stack':<24}")
    for label, source in INPUTS.items():
        outcomes = []
        for mode in ("main", "thread"):
            start = time.perf_counter()
            try:
                done = subprocess.run(
                    [sys.executable, "-c", PROBE, mode], input=source, capture_output=True, text=True, timeout=limit
                )
                seconds = time.perf_counter() - start
                if done.returncode == 0:
                    outcomes.append(f"parsed in {seconds:.1f} s")
                elif done.returncode < 0:
                    outcomes.append(f"killed by signal {-done.returncode}")
                else:
                    outcomes.append(f"exit {done.returncode}")
            except subprocess.TimeoutExpired:
                outcomes.append(f"still running at {limit:.0f} s")
        print(f"{label:<28} {outcomes[0]:<24} {outcomes[1]:<24}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--limit", type=float, default=20.0, help="seconds before a probe is stopped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monorepo.generate(root, files=max(args.files, 300))
        paths = sorted((root / "src").rglob("*.py"))[: args.files]
        datas = [path.read_bytes() for path in paths]
    time_extraction(datas)
    survival(args.limit)


if __name__ == "__main__":
    main()
