"""Bảng tin (issue 16): a public page for the TV in the one-stop room — the results ready
to collect and today's appointments, each as its receipt code and a masked name
("Trần T. H."), nothing else. It refreshes itself (a meta refresh: no script needed) and
can be switched off in the ward profile."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from onestop.models import Case
from portal.services import organization_current

SHOWN = 12  # rows per column that fit a 1080p screen in type readable from 3 metres
REFRESH_SECONDS = 30


def masked_name(name: str) -> str:
    """'Trần Thị Hoa' → 'Trần T. H.': the family name and the initials of the others."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(f"{w[0].upper()}." for w in words[1:])])


def _rows(qs) -> dict:
    """The first SHOWN rows and how many more there are (a TV cannot scroll)."""
    rows = [
        {"code": code, "name": masked_name(name)}
        for code, name in qs.values_list("receipt_code", "applicant_name")[: SHOWN + 1]
    ]
    more = qs.count() - SHOWN if len(rows) > SHOWN else 0
    return {"rows": rows[:SHOWN], "more": more}


def live_board(request):
    org = organization_current()
    if org is None or not org.live_board_enabled:
        raise Http404
    today = timezone.localdate()
    ready = Case.objects.filter(
        status__in=(Case.Status.APPROVED, Case.Status.REFUSED), returned_at__isnull=True
    ).order_by("-decided_on", "receipt_code")
    due_today = Case.objects.filter(status__in=Case.OPEN, due_date=today).order_by("receipt_code")
    return render(
        request,
        "onestop/live_board.html",
        {
            "org": org,
            "now": timezone.localtime(),
            "ready": _rows(ready),
            "due_today": _rows(due_today),
            "refresh": REFRESH_SECONDS,
        },
    )
