"""A commune (xã) prints as a commune: no printed or shown text of the portal's own says
"phường" when the ward profile says xã.

The demo is seeded, every stored text is turned from "phường" into "xã" (the data is the
ward's own words), the profile becomes Tân Phong, a xã (seed 001); then every document
the portal prints is rendered and read.
"""

import io
import re

import pdfplumber
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.test import Client

from dialogues import documents as dialogue_documents
from dialogues.models import DialoguePlan, DialogueSession, Opinion
from onestop import documents as onestop_documents
from onestop.models import ApologyLetter, Case, CaseEvent
from portal.models import Organization
from reports import services as report_services
from reports.documents import render_report_pdf
from reports.models import Report
from surveys.models import Survey
from surveys.results import render_results_annex

WARD_WORDS = re.compile(r"phường", re.IGNORECASE)


def _text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def _data_to_commune() -> None:
    """Every stored text of every model says xã where it said phường."""
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        for name in fields:
            for before, after in (("phường", "xã"), ("Phường", "Xã"), ("PHƯỜNG", "XÃ")):
                model.objects.filter(**{f"{name}__contains": before}).update(
                    **{name: Replace(name, Value(before), Value(after))}
                )


@pytest.fixture(scope="module")
def commune(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        _data_to_commune()
        org = Organization.objects.get()
        org.kind = Organization.Kind.XA
        org.name = "UBND xã Tân Phong"
        org.agency_name = "ỦY BAN NHÂN DÂN XÃ TÂN PHONG"
        org.parent_agency_line = "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
        org.place_name = "Tân Phong"
        org.save()
        texts = _render_everything()
        transaction.set_rollback(True)
    return texts


def _render_everything() -> dict[str, str]:
    out = {}
    plan = DialoguePlan.objects.filter(number__isnull=False).first()
    out["plan"] = _text(dialogue_documents.render_plan(plan))
    session = DialogueSession.objects.filter(status="held").first()
    out["invitations"] = _text(dialogue_documents.render_invitations(session))
    out["attendance"] = _text(dialogue_documents.render_attendance_sheet(session))
    out["minutes"] = _text(dialogue_documents.render_minutes(session))
    opinion = Opinion.objects.filter(status=Opinion.Status.APPROVED).first()
    out["answer"] = _text(dialogue_documents.render_answer_letter(opinion))
    case = Case.objects.filter(status="returned").first()
    out["receipt"] = _text(onestop_documents.render_receipt_slip(case, lookup_url="https://x/"))
    out["control_sheet"] = _text(onestop_documents.render_control_sheet(case))
    supplement = CaseEvent.objects.filter(action="supplement_request").first()
    out["supplement"] = _text(
        onestop_documents.render_supplement_request(supplement.case, supplement)
    )
    refused = Case.objects.filter(status="refused").first()
    out["refusal"] = _text(onestop_documents.render_refusal(refused))
    letter = ApologyLetter.objects.exclude(status="draft").first()
    out["apology"] = _text(onestop_documents.render_apology_letter(letter))
    from onestop import services

    open_case = Case.objects.filter(status__in=Case.OPEN).first()
    open_case = services.case_stop(case=open_case, actor=None, reason="Dừng theo đề nghị")
    out["stop_notice"] = _text(onestop_documents.render_stop_notice(open_case))
    survey = Survey.objects.first()
    out["survey_results"] = _text(render_results_annex(survey))
    client = Client()
    from portal.models import User

    client.force_login(User.objects.get(username="vanphong"))
    out["poster"] = _text(client.get(f"/surveys/{survey.pk}/poster.pdf").content)
    report = Report.objects.first()
    out["report"] = _text(render_report_pdf(report, report_services.report_figures_of(report)))
    out["book"] = " ".join(
        str(v)
        for row in _book_rows(client.get("/onestop/cases.xlsx"))
        for v in row
        if v is not None
    )
    for path in ("/", "/gop-y/", "/tra-cuu/", f"/khao-sat/{survey.code}/"):
        out[f"page {path}"] = Client().get(path).content.decode()
    return out


def _book_rows(response):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active.iter_rows(values_only=True)


DOCUMENTS = [
    "plan",
    "invitations",
    "attendance",
    "minutes",
    "answer",
    "receipt",
    "control_sheet",
    "supplement",
    "refusal",
    "apology",
    "stop_notice",
    "survey_results",
    "poster",
    "report",
    "book",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_commune_document_never_says_phuong(commune, name):
    text = commune[name]
    assert len(text) > 100, text
    assert not WARD_WORDS.search(text), (
        WARD_WORDS.search(text)
        and text[max(WARD_WORDS.search(text).start() - 120, 0) : WARD_WORDS.search(text).end() + 60]
    )


@pytest.mark.django_db
def test_a_commune_header_and_wording(commune):
    assert "ỦY BAN NHÂN DÂN" in commune["plan"] and "TỈNH LAI CHÂU" in commune["plan"]
    assert "XÃ TÂN PHONG" in commune["receipt"]
    assert "Bộ phận Một cửa UBND xã Tân Phong" in commune["receipt"]


@pytest.mark.django_db
def test_the_public_pages_of_a_commune_never_say_phuong(commune):
    for key, body in commune.items():
        if key.startswith("page "):
            assert not WARD_WORDS.search(body), key
