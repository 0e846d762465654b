"""The survey's background export kinds (portal/export_jobs.py), imported by SurveysConfig."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import export_jobs, roles
from portal.exports import Sheet
from surveys.models import Ballot, Survey

BALLOT_ROLES = (roles.OFFICE, roles.LEADER)


def _ballots_filename(params: dict) -> str:
    code = Survey.objects.filter(pk=params.get("survey")).values_list("code", flat=True).first()
    return f"phieu-khao-sat-{code or params.get('survey')}.xlsx"


@export_jobs.kind("surveys.ballots", filename=_ballots_filename)
def ballots_export(params: dict, user) -> tuple[list[Sheet], int]:
    """Every ballot of one survey, one row each, for the office and the leaders."""
    from surveys.results import ballots_sheet

    if not roles.has_role(user, *BALLOT_ROLES):
        raise PermissionDenied
    survey = Survey.objects.filter(pk=params.get("survey")).first()
    if survey is None:
        raise Http404
    return [ballots_sheet(survey)], Ballot.objects.filter(survey=survey).count()
