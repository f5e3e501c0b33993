"""The pre-commit hook, run by the real `pre-commit` on a throwaway repository.

pre-commit installs the hook from this checkout into an environment of its
own. The suite has no network: the packages that environment needs come from a
folder of wheels when `EVENTLINT_TEST_WHEELS` names one (as `.ci/run` does),
else from this interpreter's own site-packages, where the test extras put them
(the hook's environment then sees them, and pip builds nothing it must fetch).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from projects import CONFIG, SHOP, shop_config, write

CHECKOUT = Path(__file__).parent.parent
WHEELS = os.environ.get("EVENTLINT_TEST_WHEELS", "")

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]

CLEAN_HANDLERS = "from shop.ordering import events\n\n\ndef handle(event: object) -> None:\n    print(events.__name__)\n"
ALIAS = "\n\nRecent = OrderStartedDomainEvent\n"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit home for the module: the hook's environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    events = "from shop.seedwork import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent): ...\n"
    project = {**SHOP, "src/shop/ordering/events.py": events, "src/shop/basket/handlers.py": CLEAN_HANDLERS}
    write(tmp_path, project)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "dev@example.com")
    git(tmp_path, "config", "user.name", "Dev")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "clean")
    return tmp_path


def hook(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <this checkout> eventlint` on what is staged in `repo`."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    if WHEELS and Path(WHEELS).is_dir():
        env["PIP_FIND_LINKS"] = WHEELS
    else:
        # libcst, click and hatchling: the ones installed here, also when "here" is a virtual
        # environment (the hook's environment sees its base interpreter's packages, and these).
        import site

        env["VIRTUALENV_SYSTEM_SITE_PACKAGES"] = "1"
        env["PYTHONPATH"] = os.pathsep.join([*site.getsitepackages(), *filter(None, [os.environ.get("PYTHONPATH")])])
        env["PIP_NO_BUILD_ISOLATION"] = "0"  # i.e. --no-build-isolation (pip reads this flag inverted): hatchling is installed here
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(CHECKOUT), "eventlint"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def stage(repo: Path, files: dict[str, str]) -> None:
    write(repo, files)
    git(repo, "add", *files)


def test_a_clean_commit_passes(repo: Path, home: Path) -> None:
    stage(repo, {"src/shop/basket/notes.py": "NOTES = 1\n"})
    done = hook(repo, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_a_violation_in_the_staged_file_fails(repo: Path, home: Path) -> None:
    stage(repo, {"src/shop/basket/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent\n"})
    done = hook(repo, home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "src/shop/basket/handlers.py:1:" in done.stdout and "EVL201" in done.stdout


def test_a_staged_change_breaking_an_untouched_file_fails(repo: Path, home: Path) -> None:
    """ordering now names its domain event `Recent`; the unchanged basket handler reads it."""
    stage(repo, {"src/shop/basket/handlers.py": "from shop.ordering.events import Recent\n"})
    git(repo, "commit", "-q", "--no-verify", "-m", "basket reads ordering.Recent (not an event yet)")
    events = (repo / "src/shop/ordering/events.py").read_text() + ALIAS
    stage(repo, {"src/shop/ordering/events.py": events})
    done = hook(repo, home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "src/shop/basket/handlers.py:1:" in done.stdout and "EVL201" in done.stdout


def test_a_configuration_only_change_that_makes_a_finding_fails(repo: Path, home: Path) -> None:
    """basket reads ordering's domain event; it only crosses a boundary once basket is a context."""
    without_basket = shop_config("ordering", src=True)
    stage(repo, {"eventlint.toml": without_basket, "src/shop/basket/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent\n"})
    git(repo, "commit", "-q", "--no-verify", "-m", "basket is no context yet")
    stage(repo, {"eventlint.toml": CONFIG})
    done = hook(repo, home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "src/shop/basket/handlers.py:1:" in done.stdout and "EVL201" in done.stdout


def test_a_broken_configuration_fails(repo: Path, home: Path) -> None:
    stage(repo, {"eventlint.toml": 'srcc = ["src"]\n' + CONFIG})
    done = hook(repo, home)
    assert done.returncode == 2 or done.returncode == 1, done.stdout + done.stderr
    assert "eventlint.toml: srcc: unknown key" in done.stdout + done.stderr
