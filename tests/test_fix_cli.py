"""`check --fix`, `--diff`, `--unsafe-fixes` and `--add-noqa` on a copy of the violating reference services."""

from __future__ import annotations

import ast
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from projects import SHOP, run, shop_config, write, write_configured

VIOLATIONS = Path(__file__).parent.parent / "examples" / "shop-violations"


@pytest.fixture()
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "shop-violations"
    shutil.copytree(VIOLATIONS, copy, ignore=shutil.ignore_patterns(".eventlint_cache"))
    monkeypatch.chdir(copy)
    return copy


def texts(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*.py"))}


def found(capsys: pytest.CaptureFixture[str]) -> Counter[tuple[str, str, int]]:
    code, out, err = run(capsys, "check", "--format", "json", "--no-cache")
    assert code in (0, 1), err
    return Counter((d["code"], d["path"], d["line"]) for d in json.loads(out))


def test_fixes_are_unsafe_so_plain_diff_offers_them_and_changes_nothing(
    services: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = texts(services)
    code, out, err = run(capsys, "check", "--diff")
    assert (code, out) == (0, "")
    assert err.splitlines()[-2:] == [
        "eventlint: would fix 0 findings in 0 files",
        "eventlint: 10 more fixes available with --unsafe-fixes",
    ]
    code, out, err = run(capsys, "check", "--diff", "--unsafe-fixes")
    assert code == 1
    assert "-class OrderShipped(DomainEvent):" in out or "OrderShippedDomainEvent" in out
    assert "+        transaction.on_commit(lambda: self.event_bus.publish(renamed))  # expect: EVL302\n" in out
    assert "eventlint: would fix 8 findings in 24 files" in err
    assert texts(services) == before  # --diff writes nothing


def test_unsafe_fixes_rename_across_the_project_and_defer_the_publish(
    services: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = found(capsys)
    code, _, err = run(capsys, "check", "--fix", "--unsafe-fixes")
    assert code == 1  # other findings remain
    assert "eventlint: fixed 8 findings in 24 files" in err
    promotions = (services / "src/shop/catalog/promotions.py").read_text(encoding="utf-8")
    assert "self.uow.on_commit(lambda: self.event_bus.publish(ended))  # expect: EVL302" in promotions  # a configured hook
    assert "eventlint: not fixed: src/shop/identity/profile.py:48: EVL302:" in err  # refused: it reads `user` later
    after = found(capsys)
    gone = before - after
    assert {code for code, *_ in gone} == {"EVL101", "EVL102", "EVL302"}
    assert not [key for key in after if key[0] in ("EVL101", "EVL102")]
    assert after == before - gone  # nothing new
    for relpath, data in texts(services).items():
        if "EVL001" not in data.decode("utf-8", "replace"):
            ast.parse(data, relpath)  # every fixed file still parses
    unchanged = texts(services)
    code, _, err = run(capsys, "check", "--fix", "--unsafe-fixes")
    assert "eventlint: fixed 0 findings in 0 files" in err
    assert texts(services) == unchanged  # a second run changes nothing


def test_add_noqa_silences_every_finding_but_unparsable_files_and_unused_noqa(services: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--add-noqa")
    assert code == 0
    assert err.startswith("eventlint: added `# noqa` for ")
    assert {code for code, *_ in found(capsys)} == {"EVL001", "EVL002"}  # EVL002 is fixed by removing the code
    unchanged = texts(services)
    run(capsys, "check", "--add-noqa")
    assert texts(services) == unchanged


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--fix", "--add-noqa"], "--fix and --add-noqa cannot be used together"),
        (["--diff", "--add-noqa"], "--diff and --add-noqa cannot be used together"),
        (["--fix", "--update-baseline"], "--fix: not with --update-baseline"),
        (["--add-noqa", "--stdin-filename", "src/shop/a.py", "-"], "--add-noqa: not with standard input"),
    ],
)
def test_fixing_options_that_do_not_go_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    write(tmp_path, SHOP)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", open(tmp_path / "src/shop/__init__.py", encoding="utf-8"))  # noqa: SIM115
    code, _, err = run(capsys, "check", *argv)
    assert code == 2
    assert message in err


def test_a_file_that_cannot_be_written_is_named_and_exits_2(
    services: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import os

    real = os.open
    before = texts(services)

    def refusing(path: str | Path, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if Path(path).name == "events.py" and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr("os.open", refusing)
    code, _, err = run(capsys, "check", "--fix", "--unsafe-fixes")
    assert code == 2
    assert "eventlint: cannot write " in err and "events.py: Permission denied" in err
    assert texts(services) == before  # all or nothing: the files written before it were restored


UOW_CONFIG = shop_config(
    "ordering", src=True, events=["integration"], dispatch=["broker", "commit", "after-commit"], patterns={"broker": "*.bus.publish"}
)

UOW_SERVICE = """\
from shop.seedwork import IntegrationEvent


class OrderPlacedIntegrationEvent(IntegrationEvent): ...


class PlaceOrder:
    def __init__(self, uow, bus) -> None:
        self.uow = uow
        self.bus = bus

    def __call__(self) -> None:
        event = OrderPlacedIntegrationEvent()
        self.bus.publish(event)
        self.uow.commit()
"""


def test_a_configured_after_commit_hook_takes_the_publish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_configured(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/seedwork.py": "class IntegrationEvent: ...\n",
            "src/shop/ordering/__init__.py": "",
            "src/shop/ordering/service.py": UOW_SERVICE,
        },
        UOW_CONFIG,
    )
    monkeypatch.chdir(tmp_path)
    assert [(code, line) for code, _, line in found(capsys)] == [("EVL302", 14)]
    code, _, err = run(capsys, "check", "--fix", "--unsafe-fixes")
    assert code == 0, err
    fixed = (tmp_path / "src/shop/ordering/service.py").read_text(encoding="utf-8")
    assert fixed == UOW_SERVICE.replace(
        "        self.bus.publish(event)\n", "        self.uow.on_commit(lambda: self.bus.publish(event))\n"
    )


@pytest.mark.parametrize("options", [["--fix", "--unsafe-fixes"], ["--diff", "--unsafe-fixes"], ["--add-noqa"], ["--fix"]])
def test_quiet_fixing_prints_no_counts_but_still_what_was_refused(
    services: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    _, _, err = run(capsys, "check", *options, "--quiet")
    assert "fixed" not in err.replace("not fixed", "") and "would fix" not in err and "available with" not in err, err
    assert all(line.startswith("eventlint: not fixed: ") for line in err.splitlines()), err


def test_a_publish_that_computes_its_event_says_how_to_make_it_fixable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    service = (
        "from django.db import transaction\n\nfrom shop.seedwork import IntegrationEvent\n\n\n"
        "class PriceChangedIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "def change(event_bus) -> None:\n"
        "    with transaction.atomic():\n"
        "        event_bus.publish(PriceChangedIntegrationEvent())\n"
    )
    config = shop_config("ordering", "basket", src=True, dispatch=["broker"])
    monkeypatch.chdir(write_configured(tmp_path, {**SHOP, "src/shop/ordering/service.py": service}, config))
    before = (tmp_path / "src/shop/ordering/service.py").read_bytes()
    _, _, err = run(capsys, "check", "--fix", "--unsafe-fixes", "--select", "EVL302")
    assert "src/shop/ordering/service.py:11: EVL302: the publish cannot be deferred as written" in err, err
    assert "bind it to a name first (`event = OrderPaid(...)` then `publish(event)`" in err
    assert (tmp_path / "src/shop/ordering/service.py").read_bytes() == before
