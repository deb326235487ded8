"""The steps of the complaint intake, one module each, registered in one table.

`STEPS` is the table the engine (flows/complaint.py) builds its state machine from, in
order: the steps declared `on_path` form the main path (consent -> category ->
description -> when -> where -> evidence -> summary; "advance" goes to the next), the
others are side steps reached by a trigger or from the summary's edit menu, which lists
the steps with an `edit_label` in this order. Adding a step is one module declaring its
`STEP` and one line here.
"""

from __future__ import annotations

from types import MappingProxyType

from flows.intake import Step
from flows.steps import (
    category,
    consent,
    contact,
    description,
    edit,
    evidence,
    summary,
    when,
    when_other,
    where,
    where_confirm,
    where_pick,
)

STEPS = MappingProxyType(
    {
        step.name: step
        for step in (
            consent.STEP,
            category.STEP,
            description.STEP,
            when.STEP,
            when_other.STEP,
            where.STEP,
            where_pick.STEP,
            where_confirm.STEP,
            evidence.STEP,
            contact.STEP,
            summary.STEP,
            edit.STEP,
        )
    }
)

__all__ = ["STEPS", "Step"]
