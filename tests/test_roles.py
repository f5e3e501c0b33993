"""Types say what values are: dispatch roles (`Role`) and fixes (`FixAction` and their typed arguments)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from projects import write

from eventlint import lint_paths, lint_sources
from eventlint.api import project_of_sources
from eventlint.config.presets import PRESETS, Preset
from eventlint.config.settings import DISPATCH_KINDS
from eventlint.index.call_patterns import Pattern
from eventlint.index.project import Project
from eventlint.init.calls import propose_dispatch
from eventlint.init.proposal import Entry, Proposal, ProposedDispatch
from eventlint.init.render import render
from eventlint.model import FixAction, PublishAfterCommit, RenameClass, Role, Suggestion

# -- Role ---------------------------------------------------------------------------------------


def test_every_preset_field_is_a_role_and_every_role_a_preset_field() -> None:
    assert [field.name for field in dataclasses.fields(Preset)] == [role.value for role in Role]


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_pattern_is_read_by_its_role(name: str) -> None:
    preset = PRESETS[name]
    by_role = {role: preset.patterns(role) for role in Role}
    assert {text for texts in by_role.values() for text in texts} == {text for texts in vars(preset).values() for text in texts}
    assert all(isinstance(text, str) for texts in by_role.values() for text in texts)


def test_the_dispatch_keys_are_the_roles_as_users_spell_them() -> None:
    assert DISPATCH_KINDS == ("broker", "local", "outbox", "commit", "transaction", "after-commit", "subscriber")
    assert [role.key for role in Role] == list(DISPATCH_KINDS)
    assert Role.AFTER_COMMIT.key == "after-commit"
    assert Role.AFTER_COMMIT == "after_commit"
    assert "after_commit" in frozenset({Role.AFTER_COMMIT})  # a role is found by its value, as strings are


def _configured(dispatch: str) -> Project:
    return project_of_sources({"example.py": "x = 1\n"}, f"[dispatch]\n{dispatch}")


def test_a_configured_after_commit_pattern_and_a_preset_hook_are_the_same_kind_of_pattern() -> None:
    project = _configured('after-commit = ["*.uow.on_commit"]\n')
    hooks = project.calls.patterns.by_role[Role.AFTER_COMMIT]
    assert hooks == (Pattern("*.uow.on_commit"), Pattern("django.db.transaction.on_commit", "django"))
    configured, preset = hooks
    assert type(configured) is type(preset) is Pattern
    assert (configured.suffix, configured.qualified, configured.called) == ("uow.on_commit", None, "on_commit")
    assert (preset.suffix, preset.qualified, preset.called) == (None, "django.db.transaction.on_commit", "on_commit")


def test_every_role_has_its_patterns_and_a_disabled_preset_none() -> None:
    project = _configured('subscriber = ["@bus.subscriber"]\ndisable-presets = ["django"]\n')
    by_role = project.calls.patterns.by_role
    assert set(by_role) == set(Role)
    assert by_role[Role.SUBSCRIBER] == (Pattern("@bus.subscriber"),)
    assert by_role[Role.AFTER_COMMIT] == ()
    assert all(pattern.preset != "django" for patterns in by_role.values() for pattern in patterns)


def test_call_sites_say_their_roles_as_roles() -> None:
    source = "from django.db import transaction\n\ntransaction.on_commit(print)\ntransaction.commit()\n"
    project = project_of_sources({"example.py": source})
    roles = {site.step.span.line: site.roles for site in project.calls.sites}
    assert roles[3] == frozenset({Role.AFTER_COMMIT})
    assert roles[4] == frozenset({Role.COMMIT})
    assert all(isinstance(role, Role) for found in roles.values() for role in found)


def test_init_proposes_patterns_under_roles_and_writes_the_users_keys() -> None:
    source = (
        "class Service:\n"
        "    def __call__(self, uow) -> None:\n"
        "        uow.commit()\n"
        "        uow.on_commit(print)\n"
    )
    proposed = propose_dispatch(project_of_sources({"service.py": source}).calls)
    assert [role for role, _ in proposed.by_role] == [Role.COMMIT, Role.AFTER_COMMIT]
    dispatch = ProposedDispatch(((Role.AFTER_COMMIT, (Entry("*.uow.on_commit", "1 call in 1 file"),)),))
    text = render(Proposal(src=(Entry(".", "the project"),), named_events=1, dispatch=dispatch))
    assert 'after-commit = [\n    "*.uow.on_commit",  # 1 call in 1 file\n]\n' in text


# -- the EVL302 hook, by each form of after-commit pattern --------------------------------------

_CONFIG = """\
[events]
integration-bases = ["shop.seedwork.IntegrationEvent"]
[dispatch]
broker = ["*.bus.publish"]
commit = ["shop.seedwork.UnitOfWork.commit"]
"""
_SOURCES = {
    "shop/__init__.py": "",
    "shop/seedwork.py": (
        "class IntegrationEvent: ...\n\n\n"
        "class UnitOfWork:\n"
        "    def commit(self) -> None: ...\n\n"
        "    def on_commit(self, callback) -> None: ...\n"
    ),
    "shop/service.py": (
        "from shop.seedwork import IntegrationEvent, UnitOfWork\n\n\n"
        "class OrderPlacedIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "class PlaceOrder:\n"
        "    def __init__(self, uow: UnitOfWork, bus) -> None:\n"
        "        self.uow = uow\n"
        "        self.bus = bus\n\n"
        "    def __call__(self) -> None:\n"
        "        self.bus.publish(OrderPlacedIntegrationEvent())\n"
        "        self.uow.commit()\n"
    ),
}


@pytest.mark.parametrize(
    ("hooks", "fixed"),
    [
        ('["shop.seedwork.UnitOfWork.on_commit"]', True),  # the class whose commit it is
        ('["*.uow.on_commit"]', True),  # the object, as written
        ('["*.on_commit"]', False),  # no object named
        ('["shop.seedwork.Other.on_commit"]', False),  # another class
        ('["shop.**.on_commit", "@shop.hook.on_commit"]', False),  # forms that name no holder
        ("[]", False),
    ],
)
def test_the_after_commit_hook_is_read_from_the_patterns(hooks: str, fixed: bool) -> None:
    (finding,) = lint_sources(_SOURCES, f"{_CONFIG}after-commit = {hooks}\n", report=["shop/service.py"]).diagnostics
    assert finding.code == "EVL302"
    assert finding.fix is not None
    assert finding.fix.action is FixAction.PUBLISH_AFTER_COMMIT
    if fixed:
        assert finding.fix.arguments == PublishAfterCommit(13, "self.uow.on_commit")
        assert not finding.fix.refused
    else:
        assert finding.fix.arguments is None
        assert "no after-commit hook is configured for `self.uow`" in finding.fix.refused


# -- fixes ----------------------------------------------------------------------------------------


def test_a_fix_carries_its_action_and_typed_arguments() -> None:
    assert PublishAfterCommit(3, "self.uow.on_commit").action is FixAction.PUBLISH_AFTER_COMMIT
    assert RenameClass("shop.Created", "CreatedDomainEvent").action is FixAction.RENAME_CLASS
    assert [action.value for action in FixAction] == ["rename-class", "publish-after-commit"]
    with pytest.raises(TypeError):
        Suggestion(FixAction.RENAME_CLASS, "Rename", False, PublishAfterCommit(3, "hook"))


def test_a_fix_round_trips_through_the_cached_results(tmp_path: Path) -> None:
    config = _CONFIG + 'after-commit = ["*.uow.on_commit"]\n[contexts.shop]\nmodules = ["shop.service"]\n'
    events = "from shop.seedwork import IntegrationEvent\n\n\nclass Created(IntegrationEvent): ...\n"
    root = write(tmp_path, {"eventlint.toml": config, **_SOURCES, "shop/events.py": events})
    judged: list[Project] = []
    cold = lint_paths([root], base=root, jobs=1, judged=judged.append)
    warm = lint_paths([root], base=root, jobs=1, judged=judged.append)
    assert len(judged) == 1  # the second run reused the cached results
    fixes = [(d.code, d.fix) for d in warm.diagnostics]
    assert fixes == [(d.code, d.fix) for d in cold.diagnostics]
    arguments = {code: fix.arguments for code, fix in fixes if fix is not None}
    assert arguments == {
        "EVL102": RenameClass("shop.events.Created", "CreatedIntegrationEvent"),
        "EVL302": PublishAfterCommit(13, "self.uow.on_commit"),
    }
    assert isinstance(arguments["EVL302"], PublishAfterCommit)
    assert type(arguments["EVL302"].line) is int
