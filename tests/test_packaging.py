"""The wheel carries the rule documents, so `eventlint explain` works when installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_wheel_ships_rule_documents_and_explain_reads_them(tmp_path: Path) -> None:
    wheel_builder = pytest.importorskip("hatchling.builders.wheel", reason="hatchling is in the test extras")
    built = list(wheel_builder.WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"), versions=["standard"]))
    (wheel,) = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "eventlint/_rules/EVL201-domain-event-crosses-context.md" in names
        archive.extractall(tmp_path / "site")
    # Run from the unpacked wheel alone, away from the checkout's rules/ folder.
    done = subprocess.run(
        [sys.executable, "-m", "eventlint", "explain", "EVL201"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# EVL201: domain-event-crosses-context")


def test_pre_commit_hook_is_declared() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: eventlint" in text
    assert "entry: eventlint check" in text
