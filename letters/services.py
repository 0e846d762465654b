"""Writes on the committee's letters: draft, edit, sign, deliver, delete.

The office drafts (from a blank form, an opinion or a survey answer); a leader signs,
which takes the registry number (TCO or TXL) and stores the signed PDF; when the
addressee's email is known it is sent once through the outbox; the office then records
how the letter went out (by hand or by post) and on which day.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import Letter
from messaging.services import citizen_notify
from portal import outbox, roles
from portal.document_types import document_type
from portal.documents import leader_signer_block
from portal.files import file_save_on_commit
from portal.services import document_number_issue, organization_current

EMAIL_TOPIC = "letters.letter_email"

# The registry's document type of each kind (portal/document_types.py).
DOC_TYPES = {Letter.Kind.THANKS: "TCO", Letter.Kind.APOLOGY: "TXL"}

# The registry subject (document text, Vietnamese like the registry's other entries).
SUBJECTS = {
    Letter.Kind.THANKS: "Thư cảm ơn {name}",
    Letter.Kind.APOLOGY: "Thư xin lỗi {name}",
}

# What a draft holds that the office types; the service takes exactly these.
TEXT_FIELDS = (
    "addressee_name",
    "addressee_address",
    "addressee_email",
    "addressee_phone",
    "body",
    "remedy",
)


def _require_office(actor) -> None:
    if not roles.has_role(actor, roles.OFFICE):
        raise ValidationError(_("Only the office drafts the committee's letters."))


def _fill(letter: Letter, *, kind: str, addressee_kind: str, values: dict) -> None:
    letter.kind = kind
    letter.addressee_kind = addressee_kind
    for name in TEXT_FIELDS:
        setattr(letter, name, (values.get(name) or "").strip())
    if kind == Letter.Kind.THANKS:
        letter.remedy = ""  # only an apology says what the ward does about it
    if not letter.addressee_name:
        raise ValidationError({"addressee_name": _("Enter who the letter is addressed to.")})
    if not letter.body:
        raise ValidationError({"body": _("Enter the content of the letter.")})


@transaction.atomic
def letter_draft(
    *,
    actor,
    kind: str,
    addressee_kind: str,
    addressee_name: str,
    body: str,
    addressee_address: str = "",
    addressee_email: str = "",
    addressee_phone: str = "",
    remedy: str = "",
    opinion=None,
    survey_answer=None,
) -> Letter:
    """A new draft letter of the office, linked to the opinion or survey answer it came
    from (if any)."""
    _require_office(actor)
    letter = Letter(created_by=actor, opinion=opinion, survey_answer=survey_answer)
    _fill(
        letter,
        kind=kind,
        addressee_kind=addressee_kind,
        values={
            "addressee_name": addressee_name,
            "addressee_address": addressee_address,
            "addressee_email": addressee_email,
            "addressee_phone": addressee_phone,
            "body": body,
            "remedy": remedy,
        },
    )
    letter.full_clean()
    letter.save()
    return letter


@transaction.atomic
def letter_update(*, letter: Letter, actor, kind: str, addressee_kind: str, **values) -> Letter:
    """The office corrects a draft; a signed letter no longer changes."""
    _require_office(actor)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_draft:
        raise ValidationError(_("This letter has been signed; it can no longer change."))
    unknown = set(values) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown letter fields: {sorted(unknown)}")
    _fill(letter, kind=kind, addressee_kind=addressee_kind, values=values)
    letter.full_clean()
    letter.save()
    return letter


def letter_subject(letter: Letter) -> str:
    return SUBJECTS[letter.kind].format(name=letter.addressee_name)


@transaction.atomic
def letter_sign(*, letter: Letter, signer, today: dt.date | None = None) -> Letter:
    """The chairman or a vice-chairman signs: the letter takes the next number of its
    type for the year, dated today, the signed PDF is stored, and the addressee is
    emailed (once) when an email is known."""
    from letters import documents

    if not roles.has_role(signer, roles.LEADER):
        raise ValidationError(_("Only the chairman or a vice-chairman can sign the letters."))
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_draft:
        raise ValidationError(_("This letter has already been signed."))
    today = today or timezone.localdate()
    block = leader_signer_block(signer, organization_current())
    letter.number = document_number_issue(
        doc_type=document_type(DOC_TYPES[letter.kind]),
        subject=letter_subject(letter),
        issued_by=signer,
        issued_on=today,
    )
    letter.status = Letter.Status.SIGNED
    letter.signed_by = signer
    letter.signer_authority = block.authority
    letter.signed_at = timezone.now()
    letter.full_clean()
    letter.save()
    file_save_on_commit(
        letter, "pdf", documents.letter_filename(letter), documents.render_letter(letter)
    )
    if letter.addressee_email:
        outbox.outbox_put(topic=EMAIL_TOPIC, object_id=letter.pk)
    if letter.kind == Letter.Kind.THANKS and letter.opinion_id:
        # By SMS or Zalo too, when the citizen consented on the opinion he sent.
        citizen_notify(
            event="thank_you_letter",
            obj=letter,
            subject=letter.opinion,
            phone=letter.addressee_phone or letter.opinion.citizen_phone,
            reference=letter.number.symbol,
            ve_viec="vì ý kiến đóng góp xây dựng chính quyền",
        )
    return letter


@transaction.atomic
def letter_deliver(
    *, letter: Letter, actor, delivery: str, delivered_on: dt.date | None = None
) -> Letter:
    """The office has handed the signed letter over, or posted it, on `delivered_on`."""
    _require_office(actor)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.SIGNED:
        raise ValidationError(
            _("Only a signed letter that has not been delivered can be delivered.")
        )
    if delivery not in Letter.Delivery.values:
        raise ValidationError({"delivery": _("Choose how the letter was delivered.")})
    today = timezone.localdate()
    delivered_on = delivered_on or today
    signed_on = letter.number.issued_on if letter.number_id else today
    if not signed_on <= delivered_on <= today:
        raise ValidationError(
            {"delivered_on": _("The delivery date must be between the signing date and today.")}
        )
    letter.status = Letter.Status.DELIVERED
    letter.delivery = delivery
    letter.delivered_on = delivered_on
    letter.delivered_by = actor
    letter.save(update_fields=["status", "delivery", "delivered_on", "delivered_by", "updated_at"])
    return letter


@transaction.atomic
def letter_delete(*, letter: Letter, actor) -> None:
    """Only a draft can be deleted: a signed letter holds a registry number."""
    _require_office(actor)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_draft:
        raise ValidationError(_("A signed letter cannot be deleted."))
    letter.delete()
