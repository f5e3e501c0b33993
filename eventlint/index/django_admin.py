"""Django's admin: its change and delete views save the models it registers inside a transaction.

`ModelAdmin.changeform_view` and `delete_view` run in `transaction.atomic`,
so a model signal receiver of a model registered with the admin runs inside
that transaction whenever the admin saves or deletes one. The registrations
are read from the `admin` modules: `admin.site.register(Model, ...)` (a list
or tuple of models too, on Django's site or an `AdminSite` of the project)
and `@admin.register(Model, ...)` on a `ModelAdmin`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventlint.facts import CallStep, Value
from eventlint.index.django import Location, imports_django
from eventlint.index.names import ProjectIndex
from eventlint.index.scopes import ClassAttributes, FunctionScope, walk

_ADMIN_REGISTER = frozenset({"django.contrib.admin.register", "django.contrib.admin.decorators.register"})
_ADMIN_SITES = ("django.contrib.admin.site", "django.contrib.admin.sites.site")
_ADMIN_SITE_CLASSES = ("django.contrib.admin.AdminSite", "django.contrib.admin.sites.AdminSite")


@dataclass(frozen=True)
class AdminModel:
    """A model registered with Django's admin, whose change and delete views save it inside a transaction."""

    model: str
    where: Location  # the `register` call or the decorated admin class


def admin_models(index: ProjectIndex, modules: Iterable[str]) -> tuple[AdminModel, ...]:
    """The models the `admin` modules register: `admin.site.register(Model, ...)`, `@admin.register(Model)`."""
    found: dict[str, AdminModel] = {}
    for module in modules:
        entry = index.entry(module)
        if entry is None or not imports_django(entry.facts.imports):
            continue
        top = next((f for f in entry.facts.functions if f.qualname == "<module>"), None)
        if top is None:
            continue
        scope = FunctionScope(index, ClassAttributes(index), module, top)
        for fact in entry.facts.classes:
            for decorator in fact.decorators:
                callee = scope.callee(decorator) if decorator.kind == "call" else None
                if callee is not None and not callee.instance and callee.name in _ADMIN_REGISTER:
                    for model in _models(index, scope, decorator):
                        found.setdefault(model, AdminModel(model, Location(module, entry.source, fact.span)))
        for step in walk(top.body):
            if isinstance(step, CallStep) and step.call.dotted.endswith("register") and _on_admin_site(index, scope, step):
                for model in _models(index, scope, step.call, step):
                    found.setdefault(model, AdminModel(model, Location(module, entry.source, step.span)))
    return tuple(found.values())


def _on_admin_site(index: ProjectIndex, scope: FunctionScope, step: CallStep) -> bool:
    """Whether a `register` call registers with an admin site (Django's own, or an `AdminSite` of the project)."""
    owner = step.call.dotted.rpartition(".")[0]
    resolved = scope.resolve(owner, step) if owner else None
    if resolved is None:
        return False
    if resolved.name in _ADMIN_SITES:
        return True
    return resolved.instance and (
        resolved.name in _ADMIN_SITE_CLASSES
        or (index.is_class(resolved.name) and any(base in _ADMIN_SITE_CLASSES for base in index.ancestry(resolved.name).names))
    )


def _models(index: ProjectIndex, scope: FunctionScope, call: Value, at: CallStep | None = None) -> list[str]:
    """The project model classes a `register` call names first (one, or a list or tuple of them)."""
    positional = [arg.value for arg in call.args if arg.keyword is None]
    if not positional:
        return []
    first = positional[0]
    values = [arg.value for arg in first.args] if first.kind == "seq" else [first]
    found: list[str] = []
    for value in values:
        resolved = scope.resolve(value.dotted, at) if value.kind == "name" else None
        if resolved is not None and not resolved.instance and index.is_class(resolved.name):
            found.append(resolved.name)
    return found
