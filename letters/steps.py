"""The letter workflow, declared once: each action, who may take it and from which
states. The letter page (which buttons to show) and the step views (who may post) both
read this table."""

from __future__ import annotations

from dataclasses import dataclass

from letters.models import Letter
from portal import roles

S = Letter.Status


@dataclass(frozen=True)
class Step:
    roles: tuple[str, ...]
    states: tuple[str, ...]


STEPS: dict[str, Step] = {
    "edit": Step((roles.OFFICE,), (S.DRAFT,)),
    "delete": Step((roles.OFFICE,), (S.DRAFT,)),
    "sign": Step((roles.LEADER,), (S.DRAFT,)),
    "deliver": Step((roles.OFFICE,), (S.SIGNED,)),
}


def may(user, letter: Letter, action: str) -> bool:
    step = STEPS[action]
    return letter.status in step.states and roles.has_role(user, *step.roles)


def allowed(user, letter: Letter) -> dict[str, bool]:
    """{action: may the user take it now} for the letter page."""
    return {action: may(user, letter, action) for action in STEPS}
