"""Facts: what one libcst pass over a file tells; the only package importing libcst."""

from __future__ import annotations

from eventlint.facts.extract import extract
from eventlint.facts.model import (
    Arg,
    AssignStep,
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
    Step,
    TryStep,
    Value,
    WithStep,
)
from eventlint.facts.text import decode

__all__ = [
    "Arg",
    "AssignStep",
    "BranchStep",
    "CallStep",
    "ClassFact",
    "ExitStep",
    "FunctionFact",
    "LoopStep",
    "ParamFact",
    "Step",
    "TryStep",
    "Value",
    "WithStep",
    "FieldFact",
    "ImportFact",
    "ModuleFacts",
    "ParseFailure",
    "Reference",
    "decode",
    "extract",
]
