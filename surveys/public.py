"""The public side of a survey round: the citizens' form at /ks/<code>/, its QR code and
the A4 poster for the feedback points (ward office, neighbourhood houses)."""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
from itertools import groupby

import segno
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit

from portal import roles
from portal.documents import pdf_response, render_pdf
from portal.forms import int_param
from portal.models import Organization, ProcedureField
from surveys.models import Ballot, Criterion, Question, Survey
from surveys.services import BallotError, ballot_submit

DEVICE_COOKIE = "survey_device"
DEVICE_SALT = "survey-device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60
HONEYPOT = "website"

SCALE_LABELS = [
    (1, _("Very dissatisfied")),
    (2, _("Dissatisfied")),
    (3, _("Neutral")),
    (4, _("Satisfied")),
    (5, _("Very satisfied")),
]

# Fixed wording of the printed poster (a Vietnamese public notice, not UI).
POSTER_KICKER = "ĐIỂM TIẾP NHẬN Ý KIẾN ĐÁNH GIÁ"
POSTER_HEADING = "MỜI ÔNG/BÀ ĐÁNH GIÁ SỰ HÀI LÒNG VỀ THỦ TỤC HÀNH CHÍNH"
POSTER_SCAN = "Quét mã QR bằng camera điện thoại hoặc ứng dụng Zalo"
POSTER_OR_URL = "hoặc truy cập địa chỉ:"
POSTER_PERIOD = "Thời gian khảo sát: từ ngày {opens} đến ngày {closes}"
POSTER_NOTE = (
    "Phiếu khảo sát không ghi họ tên người trả lời. "
    "Ý kiến của Ông/Bà giúp {committee} phục vụ Nhân dân ngày càng tốt hơn."
)
POSTER_THANKS = "Trân trọng cảm ơn!"


# --- the device cookie -----------------------------------------------------------------


def _device_id(request) -> tuple[str, bool]:
    """The browser's random id from its signed cookie; a new one if absent or tampered."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
    if value and 16 <= len(value) <= 64:
        return value, False
    return secrets.token_urlsafe(24), True


def _device_key(survey: Survey, device_id: str) -> str:
    return hashlib.sha256(f"{survey.pk}:{device_id}".encode()).hexdigest()


def _with_device_cookie(request, response, device_id: str, is_new: bool):
    if is_new:
        response.set_signed_cookie(
            DEVICE_COOKIE,
            device_id,
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# --- the form --------------------------------------------------------------------------


def _raw_answers(survey: Survey, questions: list[Question], post) -> dict[int, object]:
    raw: dict[int, object] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == Question.Kind.MULTIPLE:
            raw[q.pk] = post.getlist(name)
        else:
            raw[q.pk] = post.get(name, "")
    return raw


def _rows(questions: list[Question], raw: dict[int, object], errors: dict[int, str]):
    """What the template needs per question: options with their checked state, the typed
    text, the error; grouped by criterion (consecutive questions of one criterion)."""
    labels = dict(Criterion.choices)
    rows = []
    for number, q in enumerate(questions, start=1):
        value = raw.get(q.pk)
        row = {
            "q": q,
            "number": number,
            "name": f"q{q.pk}",
            "error": errors.get(q.pk, ""),
            "options": [],
            "text": value if q.kind == Question.Kind.TEXT and isinstance(value, str) else "",
        }
        if q.kind == Question.Kind.SCALE:
            row["options"] = [
                {"id": f"q{q.pk}_{n}", "value": str(n), "label": label, "checked": value == str(n)}
                for n, label in SCALE_LABELS
            ]
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            chosen = value if isinstance(value, list) else [value]
            row["options"] = [
                {"id": f"q{q.pk}_c{i}", "value": c, "label": c, "checked": c in chosen}
                for i, c in enumerate(q.choice_list, start=1)
            ]
        rows.append(row)
    return [
        {"label": labels.get(criterion, criterion), "key": criterion, "rows": list(items)}
        for criterion, items in groupby(rows, key=lambda r: r["q"].criterion)
    ]


def _field_from(post, survey: Survey):
    value = int_param(post.get("field", ""))
    if survey.ask_field and value is not None:
        return ProcedureField.objects.filter(pk=value).first()
    return None


@transaction.non_atomic_requests
@ratelimit(key="ip", rate="10/m", method="POST", block=False)
def survey_form(request, code):
    """Public, anonymous: one ballot per browser per round, while the round is open.

    Not wrapped in a request transaction: it only reads, and ballot_submit() writes in its
    own (so a busy form does not hold the SQLite write lock, and a POST costs fewer
    round trips)."""
    survey = get_object_or_404(Survey, code=code)
    device_id, new_device = _device_id(request)
    device_key = _device_key(survey, device_id)
    today = timezone.localdate()

    def respond(template, context=None, status=200):
        context = {"survey": survey, **(context or {})}
        response = render(request, f"surveys/{template}", context, status=status)
        return _with_device_cookie(request, response, device_id, new_device)

    if request.method == "GET" and request.GET.get("sent"):
        return respond("public_thanks.html")
    if not survey.is_open_on(today):
        return respond(
            "public_closed.html",
            {"not_yet": today < survey.opens_on},
            status=403 if request.method == "POST" else 200,
        )
    if (
        request.method == "GET"
        and Ballot.objects.filter(survey=survey, device_key=device_key).exists()
    ):
        return respond("public_thanks.html", {"already": True})

    questions = list(survey.questions.all())
    raw: dict[int, object] = {}
    errors: dict[int, str] = {}
    general: list[str] = []
    field_value = ""
    limited = getattr(request, "limited", False)
    if request.method == "POST":
        raw = _raw_answers(survey, questions, request.POST)
        field_value = request.POST.get("field", "")
        if not limited:
            if request.POST.get(HONEYPOT, ""):
                # A bot: look as if it worked, save nothing.
                return _with_device_cookie(
                    request, redirect(f"{request.path}?sent=1"), device_id, new_device
                )
            try:
                ballot_submit(
                    survey=survey,
                    channel=Ballot.Channel.ONLINE,
                    answers=raw,
                    field=_field_from(request.POST, survey),
                    device_key=device_key,
                    today=today,
                    questions=questions,
                )
            except BallotError as exc:
                errors, general = exc.question_errors, exc.general
            else:
                return _with_device_cookie(
                    request, redirect(f"{request.path}?sent=1"), device_id, new_device
                )
    groups = _rows(questions, raw, errors)
    numbers = {r["q"].pk: r["number"] for g in groups for r in g["rows"]}
    return respond(
        "public_form.html",
        {
            "groups": groups,
            "fields": ProcedureField.objects.all() if survey.ask_field else [],
            "field_value": field_value,
            "general_errors": general,
            "question_errors": [
                {"number": numbers[pk], "anchor": f"q{pk}-set", "message": msg}
                for pk, msg in sorted(errors.items(), key=lambda item: numbers.get(item[0], 0))
                if pk in numbers
            ],
            "limited": limited,
        },
        status=429 if limited else 200,
    )


# --- staff: QR code and poster ---------------------------------------------------------


def _public_url(request, survey: Survey) -> str:
    return request.build_absolute_uri(reverse("survey_public", args=[survey.code]))


def _qr_svg_bytes(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False)
    return buffer.getvalue()


@roles.role_required(roles.OFFICE, roles.LEADER)
def qr_svg(request, pk):
    from django.http import HttpResponse

    survey = get_object_or_404(Survey, pk=pk)
    response = HttpResponse(
        _qr_svg_bytes(_public_url(request, survey)), content_type="image/svg+xml"
    )
    response["Content-Disposition"] = f'inline; filename="qr-{survey.code}.svg"'
    return response


@roles.role_required(roles.OFFICE, roles.LEADER)
def poster_pdf(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    url = _public_url(request, survey)
    qr = base64.b64encode(_qr_svg_bytes(url)).decode("ascii")
    opens, closes = survey.opens_on.strftime("%d/%m/%Y"), survey.closes_on.strftime("%d/%m/%Y")
    org = Organization.objects.order_by("pk").first()
    content = render_pdf(
        "documents/surveys/poster.html",
        {
            "survey": survey,
            "org": org,
            "url": url,
            "qr_data_uri": f"data:image/svg+xml;base64,{qr}",
            "kicker": POSTER_KICKER,
            "heading": POSTER_HEADING,
            "scan": POSTER_SCAN,
            "or_url": POSTER_OR_URL,
            "period": POSTER_PERIOD.format(opens=opens, closes=closes),
            "note": POSTER_NOTE.format(committee=org.committee_short if org else "UBND"),
            "thanks": POSTER_THANKS,
        },
    )
    return pdf_response(content, f"ap-phich-{survey.code}.pdf")
