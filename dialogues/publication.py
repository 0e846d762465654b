"""Publishing answered opinions on the public page "Ý kiến đã được trả lời".

Seed 002 asks that citizens be told what became of what they raised (Decidim's
accountability pages). The office publishes an opinion whose answer a leader approved,
with the opinion and the answer as edited for the public: no name, phone, address or
identity number, neither the citizen's nor an official's. Complaints and denunciations
are never published (they follow the citizen reception process)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.models import Opinion
from portal import roles
from portal.models import ProcedureField
from portal.text import fold, search_terms

PUBLISHABLE_STATUS = Opinion.Status.APPROVED
MAX_PUBLISHED_CHARS = 4000
# An email address, or a run of 9 or more digits (phones, CCCD) possibly split by
# spaces, dots or dashes.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_LONG_NUMBER = re.compile(r"(?:\+?\d[\s.\-]?){9,}")


# --- Reads -----------------------------------------------------------------------------


def publication_refusal(opinion: Opinion) -> ValidationError | None:
    """Why this opinion cannot be published, or None."""
    if opinion.classification == Opinion.Classification.COMPLAINT:
        return ValidationError(
            _("A complaint or denunciation is never published."), code="complaint"
        )
    if opinion.status != PUBLISHABLE_STATUS or not opinion.approved_at or not opinion.answer:
        return ValidationError(
            _("Only an opinion whose answer has been approved can be published."),
            code="not_approved",
        )
    return None


def publishable(opinion: Opinion) -> bool:
    return publication_refusal(opinion) is None


def publication_initial(opinion: Opinion) -> dict:
    """What the publication form starts with: the texts already published, else the
    original opinion and the approved answer (which the office then edits)."""
    return {
        "content": opinion.published_content or opinion.content,
        "answer": opinion.published_answer or opinion.answer,
        "field": opinion.published_field_id or opinion.field_id,
    }


def published_opinions(
    *, q: str = "", field_id: int | None = None, year: int | None = None
) -> QuerySet[Opinion]:
    """The public list: published opinions, newest answer first. `year` is the year the
    opinion was received. Only the public columns are loaded."""
    qs = (
        Opinion.objects.filter(published_at__isnull=False)
        .exclude(classification=Opinion.Classification.COMPLAINT)
        .filter(status=PUBLISHABLE_STATUS)
        .select_related("published_field")
        .only(
            "pk",
            "published_content",
            "published_answer",
            "published_field__name",
            "created_at",
            "approved_at",
            "published_at",
        )
        .order_by("-approved_at", "-pk")
    )
    if q:
        terms = search_terms(q)
        qs = qs.filter(
            Q(published_content__fold__contains=terms) | Q(published_answer__fold__contains=terms)
        )
    if field_id:
        qs = qs.filter(published_field_id=field_id)
    if year:
        qs = qs.filter(created_at__year=year)
    return qs


def published_fields() -> QuerySet[ProcedureField]:
    """The fields that have at least one published opinion (the filter's choices)."""
    return ProcedureField.objects.filter(
        pk__in=Opinion.objects.filter(published_at__isnull=False).values("published_field_id")
    ).order_by("name")


def published_years() -> list[int]:
    dates = Opinion.objects.filter(published_at__isnull=False).dates(
        "created_at", "year", order="DESC"
    )
    return [d.year for d in dates]


# --- Writes ----------------------------------------------------------------------------


def _personal_words(opinion: Opinion) -> list[str]:
    """The citizen's contact data and the names of the officials on the opinion."""
    words = [
        opinion.citizen_name,
        opinion.citizen_address,
        opinion.citizen_phone,
        opinion.citizen_email,
    ]
    for user in (opinion.officer, opinion.answered_by, opinion.approved_by, opinion.created_by):
        if user is not None:
            words += [user.full_name, user.username]
    return [w.strip() for w in words if w and len(w.strip()) >= 3]


def _personal_data_errors(opinion: Opinion, text: str, *, strict: bool) -> list[str]:
    """Personal data left in a text meant for the public. `strict`: also refuse any
    email address or long number (the opinion; the answer may cite the ward's hotline)."""
    folded = " ".join((fold(text) or "").split())
    found = [
        w
        for w in _personal_words(opinion)
        if re.search(rf"(?<!\w){re.escape(search_terms(w))}(?!\w)", folded)
    ]
    errors = []
    if found:
        errors.append(
            _("Remove the personal data still in the text: %(words)s") % {"words": ", ".join(found)}
        )
    if strict and (_EMAIL.search(text) or _LONG_NUMBER.search(text)):
        errors.append(_("Remove email addresses, phone numbers and identity card numbers."))
    return errors


def _office_only(actor) -> None:
    if not roles.has_role(actor, roles.OFFICE):
        raise ValidationError(
            _("Only the office publishes or withdraws answered opinions."), code="not_office"
        )


@transaction.atomic
def opinion_publish(
    *, opinion: Opinion, actor, content: str, answer: str, field: ProcedureField | None
) -> Opinion:
    """The office publishes an answered opinion (or corrects what it published)."""
    _office_only(actor)
    opinion = (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("officer", "answered_by", "approved_by", "created_by")
        .get(pk=opinion.pk)
    )
    refusal = publication_refusal(opinion)
    if refusal is not None:
        raise refusal
    content, answer = (content or "").strip(), (answer or "").strip()
    errors: dict[str, list[str]] = {}
    if not content:
        errors["content"] = [_("Write the opinion as it will be published.")]
    if not answer:
        errors["answer"] = [_("Write the answer as it will be published.")]
    if field is None:
        errors["field"] = [_("Choose the field shown to the public.")]
    for key, text, strict in (("content", content, True), ("answer", answer, False)):
        if len(text) > MAX_PUBLISHED_CHARS:
            errors.setdefault(key, []).append(
                _("At most %(n)s characters.") % {"n": MAX_PUBLISHED_CHARS}
            )
        if text:
            errors.setdefault(key, []).extend(_personal_data_errors(opinion, text, strict=strict))
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise ValidationError(errors)
    opinion.published_content = content
    opinion.published_answer = answer
    opinion.published_field = field
    opinion.published_at = timezone.now()
    opinion.published_by = actor
    opinion.full_clean()
    opinion.save(
        update_fields=[
            "published_content",
            "published_answer",
            "published_field",
            "published_at",
            "published_by",
        ]
    )
    return opinion


@transaction.atomic
def opinion_unpublish(*, opinion: Opinion, actor) -> Opinion:
    """Take an opinion off the public page; the edited texts are kept for a later
    publication."""
    _office_only(actor)
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.published_at is None:
        raise ValidationError(_("This opinion is not published."), code="not_published")
    opinion.published_at = None
    opinion.published_by = None
    opinion.save(update_fields=["published_at", "published_by"])
    return opinion
