"""Facts: what one pass over a file tells, as plain data.

This package imports nothing heavy: the index, the rules, the cache and a warm
run use it without loading libcst. `eventlint.extractor` makes the facts.
"""

from __future__ import annotations

from eventlint.facts.records import (
    Arg,
    AssignStep,
    Binding,
    BranchStep,
    CallStep,
    ClassFact,
    ExitStep,
    FieldFact,
    FunctionFact,
    ImportFact,
    LoopStep,
    ModuleFacts,
    ParamFact,
    ParseFailure,
    Reference,
    SettingFact,
    Step,
    TryStep,
    Value,
    WithStep,
)
from eventlint.facts.source_text import decode

__all__ = [
    "Arg",
    "AssignStep",
    "Binding",
    "BranchStep",
    "CallStep",
    "ClassFact",
    "ExitStep",
    "FieldFact",
    "FunctionFact",
    "ImportFact",
    "LoopStep",
    "ModuleFacts",
    "ParamFact",
    "ParseFailure",
    "Reference",
    "SettingFact",
    "Step",
    "TryStep",
    "Value",
    "WithStep",
    "decode",
]
