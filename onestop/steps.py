"""The one-stop workflow steps, declared once: for each action, who may take it and when,
the form it asks for, the service it calls and what the officer is told afterwards. The
dossier page (which forms to show) and the step views (who may post) both read this
table; README, "One-stop desk".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from onestop import services
from onestop.forms import (
    ApproveForm,
    CloseForm,
    ForwardForm,
    NoteForm,
    RefuseForm,
    SupplementForm,
)
from onestop.models import Case
from portal import roles

S = Case.Status


@dataclass(frozen=True)
class Who:
    """What the user is to this dossier."""

    desk: bool
    leader: bool
    department: bool  # an officer of the dossier's own department

    @classmethod
    def of(cls, user, case: Case) -> Who:
        return cls(
            desk=roles.has_role(user, roles.DESK),
            leader=roles.has_role(user, roles.LEADER),
            department=roles.has_role(user, roles.DEPARTMENT)
            and user.department_id == case.department_id,
        )


@dataclass(frozen=True)
class Step:
    form: type[forms.Form]
    may: Callable[[Who, Case], bool]
    call: Callable[..., Case]  # (case, actor, cleaned data) -> the dossier after the step
    done: Callable[[Case], str]  # the message once it is taken
    form_key: str = ""  # the form's name on the dossier page (default: "<action>_form")


def _forward(case, actor, data):
    return services.case_forward(case=case, actor=actor, officer=data["officer"], note=data["note"])


def _forwarded(case: Case) -> str:
    values = {"code": case.receipt_code, "department": case.department.name}
    if case.officer_id:
        values["officer"] = case.officer.display_name
        return _("Dossier %(code)s forwarded to %(department)s (%(officer)s).") % values
    return _("Dossier %(code)s forwarded to %(department)s.") % values


STEPS: dict[str, Step] = {
    "forward": Step(
        ForwardForm,
        lambda w, c: w.desk and c.status == S.RECEIVED,
        _forward,
        _forwarded,
    ),
    "supplement": Step(
        SupplementForm,
        lambda w, c: (w.desk or w.department) and c.status in (S.RECEIVED, S.IN_PROGRESS),
        lambda c, u, d: services.case_request_supplement(
            case=c,
            actor=u,
            missing=d["missing"],
            justification=d["justification"],
            reason=d["reason"],
        ),  # fmt: skip
        lambda c: (
            _(
                "Supplement requested for dossier %(code)s: its time is paused until the papers "
                "come in. Print the request (form 02) for the applicant."
            )
            % {"code": c.receipt_code}
        ),
    ),
    "supplement_received": Step(
        NoteForm,
        lambda w, c: w.desk and c.status == S.SUPPLEMENT,
        lambda c, u, d: services.case_receive_supplement(case=c, actor=u, note=d["note"]),
        lambda c: (
            _(
                "Supplement of dossier %(code)s received: its time runs again, new appointment "
                "%(due)s."
            )
            % {"code": c.receipt_code, "due": f"{c.due_date:%d/%m/%Y}"}
        ),
        form_key="note_form",
    ),
    "approve": Step(
        ApproveForm,
        lambda w, c: w.department and c.status == S.IN_PROGRESS,
        lambda c, u, d: services.case_approve(case=c, actor=u, result=d["result"]),
        lambda c: (
            _("Result of dossier %(code)s approved: the desk returns it to the applicant.")
            % {"code": c.receipt_code}
        ),
    ),
    "refuse": Step(
        RefuseForm,
        lambda w, c: (w.desk or w.department) and c.status in (S.RECEIVED, S.IN_PROGRESS),
        lambda c, u, d: services.case_refuse(case=c, actor=u, reason=d["reason"]),
        lambda c: (
            _("Dossier %(code)s refused; the desk tells the applicant why.")
            % {"code": c.receipt_code}
        ),
    ),
    "return": Step(
        NoteForm,
        lambda w, c: w.desk and c.status in (S.APPROVED, S.REFUSED) and c.returned_at is None,
        lambda c, u, d: services.case_return(case=c, actor=u, note=d["note"]),
        lambda c: (
            _("Result of dossier %(code)s handed back to the applicant.") % {"code": c.receipt_code}
        ),
        form_key="note_form",
    ),
    # The ward stops processing (form 05): the department or a leader decides.
    "stop": Step(
        CloseForm,
        lambda w, c: (w.department or w.leader) and c.status in (*Case.OPEN, S.SUPPLEMENT),
        lambda c, u, d: services.case_stop(case=c, actor=u, reason=d["reason"]),
        lambda c: (
            _("Processing of dossier %(code)s stopped. Print the notice (form 05).")
            % {"code": c.receipt_code}
        ),
    ),
    # The applicant withdraws at the desk.
    "withdraw": Step(
        CloseForm,
        lambda w, c: w.desk and c.status in (*Case.OPEN, S.SUPPLEMENT),
        lambda c, u, d: services.case_withdraw(case=c, actor=u, reason=d["reason"]),
        lambda c: (
            _("Dossier %(code)s withdrawn at the applicant's request.") % {"code": c.receipt_code}
        ),
    ),
}


def steps_allowed(user, case: Case) -> dict[str, bool]:
    """Which steps this user may take on this dossier now (the forms the page shows)."""
    who = Who.of(user, case)
    return {action: step.may(who, case) for action, step in STEPS.items()}
