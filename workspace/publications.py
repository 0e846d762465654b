"""Publishing issued documents for citizens, and the posters of the feedback point.

The office publishes an issued ward plan, periodic report or dialogue plan; the public
page lives at /cong-khai/<token>/, where the token is random (secrets.token_urlsafe, 192
bits), never an id. Nothing is reachable once unpublished, or if the document is not (or
no longer) issued; a superseded plan stays readable, marked superseded.

Each kind of document is declared once in SOURCES: its model, which statuses may be
published and which may be shown, its title, and the app's own PDF renderer.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import DialoguePlan
from plans.models import Plan, PlanStatus
from portal import roles
from portal.documents import render_pdf
from portal.models import Organization
from reports.models import Report
from surveys.public import POSTER_OR_URL, POSTER_SCAN, POSTER_THANKS, _qr_svg_bytes
from workspace.models import Publication

TOKEN_BYTES = 24  # 192 bits of randomness, 32 characters in the address
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")

PUBLISHERS = (roles.OFFICE,)
READERS = (roles.LEADER, roles.OFFICE)

# Fixed wording of the printed posters (Vietnamese public notices, not UI).
POSTER_WORDING = {
    "feedback_kicker": "ĐIỂM TIẾP NHẬN Ý KIẾN NHÂN DÂN",
    "feedback_heading": "MỜI ÔNG/BÀ GÓP Ý XÂY DỰNG CHÍNH QUYỀN THÂN THIỆN VÀ ĐÔ THỊ VĂN MINH",
    "feedback_title": (
        "Ý kiến, kiến nghị về thủ tục hành chính, về tinh thần, thái độ phục vụ của "
        "cán bộ, công chức"
    ),
    "feedback_note": "Mọi ý kiến đều được {committee} tiếp nhận, xem xét và trả lời theo quy định.",
    "document_kicker": "THÔNG TIN CÔNG KHAI",
    "document_heading": "{doc_title} SỐ {number} NGÀY {date}",
    "document_scan": "Quét mã QR để xem toàn văn văn bản",
    "document_note": "{committee} công khai văn bản theo quy định về thực hiện dân chủ ở cơ sở.",
    "scan": POSTER_SCAN,
    "or_url": POSTER_OR_URL,
    "thanks": POSTER_THANKS,
}


@dataclass(frozen=True)
class Source:
    """One kind of publishable document."""

    kind: str
    model: type[Model]
    doc_title: str  # KẾ HOẠCH / BÁO CÁO, printed on the poster
    label: object  # lazy, for staff pages
    title: Callable[[Model], str]
    publishable: tuple[str, ...]  # statuses that may be published
    shown: tuple[str, ...]  # statuses whose page stays reachable
    superseded: tuple[str, ...]
    render: Callable[[Model], bytes]
    staff_url: str  # URL name of the document's staff page


def _render_plan(plan: Plan) -> bytes:
    from plans.documents import render_plan

    return render_plan(plan)


def _render_report(report: Report) -> bytes:
    from reports.documents import render_report_pdf
    from reports.services import report_figures_of

    return render_report_pdf(report, report_figures_of(report))


def _render_dialogue_plan(plan: DialoguePlan) -> bytes:
    from dialogues.documents import render_plan

    return render_plan(plan)


SOURCES: dict[str, Source] = {
    Publication.Kind.PLAN: Source(
        kind=Publication.Kind.PLAN,
        model=Plan,
        doc_title="KẾ HOẠCH",
        label=gettext_lazy("ward plan"),
        title=lambda d: d.title,
        publishable=(PlanStatus.ISSUED,),
        shown=(PlanStatus.ISSUED, PlanStatus.SUPERSEDED),
        superseded=(PlanStatus.SUPERSEDED,),
        render=_render_plan,
        staff_url="plans:plan_detail",
    ),
    Publication.Kind.REPORT: Source(
        kind=Publication.Kind.REPORT,
        model=Report,
        doc_title="BÁO CÁO",
        label=gettext_lazy("periodic report"),
        title=lambda d: d.subject,
        publishable=(Report.Status.ISSUED,),
        shown=(Report.Status.ISSUED,),
        superseded=(),
        render=_render_report,
        staff_url="reports:detail",
    ),
    Publication.Kind.DIALOGUE_PLAN: Source(
        kind=Publication.Kind.DIALOGUE_PLAN,
        model=DialoguePlan,
        doc_title="KẾ HOẠCH",
        label=gettext_lazy("dialogue plan"),
        title=lambda d: d.title,
        publishable=(DialoguePlan.Status.ISSUED,),
        shown=(DialoguePlan.Status.ISSUED, DialoguePlan.Status.SUPERSEDED),
        superseded=(DialoguePlan.Status.SUPERSEDED,),
        render=_render_dialogue_plan,
        staff_url="dialogues:plan_detail",
    ),
}


def source_of(kind: str) -> Source:
    try:
        return SOURCES[kind]
    except KeyError:
        raise Http404 from None


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


# --- what a document says about itself ---------------------------------------------------


@dataclass(frozen=True)
class DocumentFacts:
    """What the public page, the staff list and the poster print of a document."""

    kind: str
    label: object
    doc_title: str
    title: str
    number: str
    issued_on: object
    superseded: bool
    shown: bool
    publishable: bool


def document_facts(kind: str, document) -> DocumentFacts:
    source = source_of(kind)
    return DocumentFacts(
        kind=kind,
        label=source.label,
        doc_title=source.doc_title,
        title=source.title(document),
        number=document.number.symbol if document.number_id else "",
        issued_on=document.issued_on,
        superseded=document.status in source.superseded,
        shown=document.status in source.shown and document.number_id is not None,
        publishable=document.status in source.publishable and document.number_id is not None,
    )


def document_for_publishing(kind: str, pk: int):
    """The document a staff page publishes, with its number; 404 if it does not exist."""
    source = source_of(kind)
    document = source.model.objects.select_related("number").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


# --- writes ------------------------------------------------------------------------------


@transaction.atomic
def publication_create(*, kind: str, document, actor, description: str = "") -> Publication:
    """The office publishes an issued document: a new public address with a new token."""
    if not roles.has_role(actor, *PUBLISHERS):
        raise PermissionDenied
    source = source_of(kind)
    document = (
        source.model.objects.select_for_update(of=("self",))
        .select_related("number")
        .get(pk=document.pk)
    )
    if not document_facts(kind, document).publishable:
        raise ValidationError(_("Only an issued document can be published."))
    if Publication.objects.filter(**{kind: document}, unpublished_at__isnull=True).exists():
        raise ValidationError(_("This document is already published."))
    publication = Publication(
        kind=kind,
        token=token_new(),
        description=description.strip(),
        published_at=timezone.now(),
        published_by=actor,
        **{kind: document},
    )
    publication.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError:  # published at the same moment by someone else
        raise ValidationError(_("This document is already published.")) from None
    return publication


def publication_unpublish(*, publication: Publication, actor) -> Publication:
    """Take the page and its PDF down for good. Twice is harmless: the second does
    nothing."""
    if not roles.has_role(actor, *PUBLISHERS):
        raise PermissionDenied
    Publication.objects.filter(pk=publication.pk, unpublished_at__isnull=True).update(
        unpublished_at=timezone.now(), unpublished_by=actor
    )
    cache.delete(f"publication-pdf:{publication.pk}")
    publication.refresh_from_db()
    return publication


# --- reads -------------------------------------------------------------------------------


def publications_with_documents() -> QuerySet[Publication]:
    return Publication.objects.select_related(
        "plan__number", "report__number", "dialogue_plan__number"
    )


def publications_for_staff() -> QuerySet[Publication]:
    return publications_with_documents().select_related("published_by", "unpublished_by")


def _shown() -> Q:
    """Live, and its document in a state that may be shown (issued, or superseded)."""
    shown = Q(pk__in=[])
    for kind, source in SOURCES.items():
        shown |= Q(
            kind=kind,
            **{f"{kind}__status__in": source.shown, f"{kind}__number__isnull": False},
        )
    return Q(unpublished_at__isnull=True) & shown


def publications_live() -> QuerySet[Publication]:
    """What citizens may open: published, not taken down, document still issued (or
    superseded, for a plan)."""
    return publications_with_documents().filter(_shown())


def publication_public(token: str) -> Publication:
    """The live publication of a token, or 404: unknown, malformed, unpublished, or its
    document no longer shown."""
    if not TOKEN_RE.fullmatch(token or ""):
        raise Http404
    publication = publications_live().filter(token=token).first()
    if publication is None:
        raise Http404
    return publication


def publication_revision(publication: Publication) -> Publication | None:
    """For a superseded plan: the live publication of the plan that replaced it."""
    if publication.kind not in (Publication.Kind.PLAN, Publication.Kind.DIALOGUE_PLAN):
        return None
    source = SOURCES[publication.kind]
    revision = (
        source.model.objects.filter(supersedes=publication.document, status__in=source.publishable)
        .order_by("-pk")
        .first()
    )
    if revision is None:
        return None
    return Publication.objects.filter(
        **{publication.kind: revision}, unpublished_at__isnull=True
    ).first()


def live_publication_of(kind: str, document) -> Publication | None:
    return Publication.objects.filter(**{kind: document}, unpublished_at__isnull=True).first()


PDF_CACHE_SECONDS = 60 * 60


def publication_pdf(publication: Publication) -> bytes:
    """The document as issued, rendered by its own app. An issued document no longer
    changes, so the bytes are kept an hour: a busy notice board costs one rendering."""
    key = f"publication-pdf:{publication.pk}"
    content = cache.get(key)
    if content is None:
        content = SOURCES[publication.kind].render(publication.document)
        cache.set(key, content, PDF_CACHE_SECONDS)
    return content


# --- posters -----------------------------------------------------------------------------


def qr_data_uri(url: str) -> str:
    """The surveys' QR code (surveys.public), as a data: URI for WeasyPrint."""
    return "data:image/svg+xml;base64," + base64.b64encode(_qr_svg_bytes(url)).decode("ascii")


def _org() -> Organization | None:
    return Organization.objects.order_by("pk").first()


def _committee(org: Organization | None) -> str:
    return org.committee_short if org else "UBND"


def render_feedback_poster(url: str) -> bytes:
    """A4 poster of the feedback point (Điểm tiếp nhận ý kiến Nhân dân): QR code to the
    public feedback form."""
    org = _org()
    words = POSTER_WORDING
    return render_pdf(
        "documents/workspace/poster.html",
        {
            "org": org,
            "url": url,
            "qr_data_uri": qr_data_uri(url),
            "kicker": words["feedback_kicker"],
            "heading": words["feedback_heading"],
            "title": words["feedback_title"],
            "scan": words["scan"],
            "or_url": words["or_url"],
            "note": words["feedback_note"].format(committee=_committee(org)),
            "thanks": words["thanks"],
        },
    )


def render_publication_poster(publication: Publication, url: str) -> bytes:
    """A4 poster for the notice board: QR code to one published document's page."""
    org = _org()
    facts = document_facts(publication.kind, publication.document)
    words = POSTER_WORDING
    return render_pdf(
        "documents/workspace/poster.html",
        {
            "org": org,
            "url": url,
            "qr_data_uri": qr_data_uri(url),
            "kicker": words["document_kicker"],
            "heading": words["document_heading"].format(
                doc_title=facts.doc_title,
                number=facts.number,
                date=f"{facts.issued_on:%d/%m/%Y}" if facts.issued_on else "",
            ),
            "title": facts.title,
            "scan": words["document_scan"],
            "or_url": words["or_url"],
            "note": words["document_note"].format(committee=_committee(org)),
            "thanks": "",
        },
    )
