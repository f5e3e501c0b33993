"""`eventlint init`: a context map proposed from the code, each part with its evidence.

`survey` reads the project through the engine (never importing it) and
returns a `Proposal`; `render` writes it as configuration text;
`first_check` lints the project with that text, in memory, as a first
`eventlint check` would.
"""

from __future__ import annotations

from eventlint.init.proposal import Entry, Proposal, ProposedBases, ProposedContext, ProposedDispatch
from eventlint.init.render import render
from eventlint.init.survey import survey
from eventlint.init.target import (
    ExistingConfiguration,
    InitOutcome,
    destination,
    first_check,
    first_check_summary,
    propose_configuration,
    write_proposal,
)

__all__ = [
    "Entry",
    "ExistingConfiguration",
    "InitOutcome",
    "Proposal",
    "ProposedBases",
    "ProposedContext",
    "ProposedDispatch",
    "destination",
    "first_check",
    "first_check_summary",
    "propose_configuration",
    "render",
    "survey",
    "write_proposal",
]
