"""import-linter contracts read as a context map: which modules the team keeps apart.

An `independence` contract names modules none of which may import another:
each is a context, with no flow between them. A `forbidden` contract keeps
its source modules from importing its forbidden ones: each is a context,
and no flow is declared. A `layers` contract with `containers` layers each
container the same way: two or more containers are contexts, their layers
are not; a single container is the layering of one application. Modules
named like a layer (`domain`, `application`) or like shared code are no
contexts, whichever contract names them. Other contract types say nothing of contexts.

The contracts are read from `[tool.importlinter]` in `pyproject.toml`, or
from the INI form (`[importlinter:contract:<id>]` sections) of
`.importlinter` or `setup.cfg`.
"""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Iterable, Mapping

from eventlint.init.contexts import LAYERS, SHARED
from eventlint.init.kept_declared import Declared, is_wildcard, not_valid

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SECTION = "importlinter"
CONTRACT_SECTION = re.compile(r"^importlinter:contract:")
_LISTS = ("modules", "containers", "source_modules", "forbidden_modules")


def read_toml_contracts(text: str, file: str) -> Declared | None:
    """The contracts of `[tool.importlinter]` in a `pyproject.toml`; None when it has none."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise not_valid("TOML", error) from None
    tool = data.get("tool")
    table = tool.get(SECTION) if isinstance(tool, Mapping) else None
    if not isinstance(table, Mapping):
        return None
    contracts = table.get("contracts", [])
    return _declared(
        file, (contract for contract in contracts if isinstance(contract, Mapping)) if isinstance(contracts, list) else ()
    )


def read_ini_contracts(text: str, file: str) -> Declared | None:
    """The contracts of an INI file (`.importlinter`, `setup.cfg`); None when it has no `[importlinter]` part."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=file)
    except configparser.Error as error:
        raise not_valid("INI", error) from None
    sections = [name for name in parser.sections() if CONTRACT_SECTION.match(name)]
    if not sections and not parser.has_section(SECTION):
        return None
    contracts = []
    for section in sections:
        values = parser[section]
        contract: dict[str, object] = {"name": values.get("name", section), "type": values.get("type", "")}
        for key in _LISTS:
            contract[key] = [line.strip() for line in values.get(key, "").splitlines() if line.strip()]
        contracts.append(contract)
    return _declared(file, contracts)


def _declared(file: str, contracts: Iterable[Mapping[str, object]]) -> Declared:
    declared = Declared(file)
    containers: dict[str, str] = {}
    for contract in contracts:
        kind, name = str(contract.get("type", "")), str(contract.get("name", ""))
        where = f'{kind} contract "{name}"'
        if kind == "independence":
            names = _names(contract, "modules")
        elif kind == "forbidden":
            names = _names(contract, "source_modules") + _names(contract, "forbidden_modules")
        elif kind == "layers":
            for container in _names(contract, "containers"):
                containers.setdefault(container, where)
            continue
        else:
            continue
        for module in names:
            _unit(declared, module, where)
    if len(containers) == 1:
        (container, where), *_ = containers.items()
        declared.leave_out(container, f"the one container of {where}: the layers of one application, no contexts")
    else:
        for container, where in containers.items():
            _unit(declared, container, f"{where}, container")
    return declared


def _unit(declared: Declared, module: str, where: str) -> None:
    last = module.rpartition(".")[2]
    if is_wildcard(module):
        declared.leave_out(module, f"{where} names a pattern of modules, which names no one package: not read")
    elif last in LAYERS or last in SHARED:
        declared.leave_out(module, f"{where} names it, but it is named like a layer or shared code, no context")
    else:
        declared.unit(module, f"{declared.file}: {where}, module {module}")


def _names(contract: Mapping[str, object], key: str) -> list[str]:
    value = contract.get(key, [])
    if isinstance(value, str):
        value = [value]
    return [name.strip() for name in value if isinstance(name, str) and name.strip()] if isinstance(value, list) else []
