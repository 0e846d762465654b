"""The one-stop desk's printed forms, all through the one official renderer.

Form titles and their citation lines are DocumentType rows (GTN, PBS, PTC, PXL, PKS;
starting values in portal/document_types.py), editable in admin because the forms change
with the law (Nghị định 118/2025/NĐ-CP replaced the 2018 forms).
"""

from __future__ import annotations

from django.utils import timezone

from onestop.models import ApologyLetter, Case, CaseEvent
from portal.document_types import document_type
from portal.documents import OfficialDocument, SignerBlock, leader_signer_block, render_pdf
from portal.models import DocumentType
from portal.services import organization_current


def form_type(code: str) -> DocumentType:
    return document_type(code)


def _document(code: str, case: Case, **kwargs) -> OfficialDocument:
    org = organization_current()
    doc_type = form_type(code)
    kwargs.setdefault("date", timezone.localdate())
    return OfficialDocument.for_organization(
        org,
        doc_title=doc_type.title,
        legal_citation=doc_type.legal_citation,
        number=case.receipt_code,
        **kwargs,
    )


def render_receipt_slip(case: Case) -> bytes:
    received = timezone.localtime(case.received_at)
    doc = _document("GTN", case, date=received.date())
    return render_pdf(
        "documents/onestop/receipt.html",
        {"doc": doc, "case": case, "papers": list(case.papers.all()), "received": received},
    )


def render_supplement_request(case: Case, event: CaseEvent) -> bytes:
    doc = _document("PBS", case, date=timezone.localtime(event.at).date())
    return render_pdf(
        "documents/onestop/supplement.html", {"doc": doc, "case": case, "event": event}
    )


def render_refusal(case: Case) -> bytes:
    doc = _document("PTC", case, date=case.decided_on)
    return render_pdf("documents/onestop/refusal.html", {"doc": doc, "case": case})


def render_control_sheet(case: Case) -> bytes:
    doc = _document("PKS", case)
    events = list(case.events.select_related("actor"))
    return render_pdf(
        "documents/onestop/control_sheet.html", {"doc": doc, "case": case, "events": events}
    )


def render_apology_letter(letter: ApologyLetter) -> bytes:
    case = letter.case
    signer: SignerBlock | None = (
        leader_signer_block(letter.signed_by, organization_current()) if letter.signed_by else None
    )
    doc = _document(
        "PXL",
        case,
        date=timezone.localtime(letter.signed_at).date() if letter.signed_at else None,
        year=timezone.localdate().year,
        signer=signer,
        draft=letter.status == ApologyLetter.Status.DRAFT,
    )
    return render_pdf(
        "documents/onestop/apology.html", {"doc": doc, "case": case, "letter": letter}
    )
