"""Background jobs of the one-stop desk. Each is safe to run again or to lose."""

from celery import shared_task
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onestop.models import ApologyLetter
from onestop.services import apology_letters_draft_overdue, apology_letters_notify_new
from portal import outbox


@shared_task(time_limit=600, soft_time_limit=570)
def overdue_scan() -> dict:
    """Draft a letter for every newly late dossier, then tell who must act.

    A missed run is caught up by the next one: lateness is read from the data, not
    from when the job last ran.
    """
    with override("vi"):
        drafted = apology_letters_draft_overdue()
        notified = apology_letters_notify_new()
    return {"drafted": drafted, "notified": notified}


@outbox.handler("onestop.apology_letter_email")
def apology_letter_email(letter_id: int) -> None:
    """Email a signed apology letter to the applicant (an outbox handler: runs once)."""
    letter = ApologyLetter.objects.select_related("case").get(pk=letter_id)
    case = letter.case
    with override("vi"):
        message = EmailMessage(
            subject=_("Apology and new appointment date for dossier %(code)s")
            % {"code": case.receipt_code},
            body=_(
                "Dear %(name)s,\n\nThe result of your dossier %(code)s was not ready on the "
                "appointment date. We apologise. The new appointment date is %(date)s. "
                "The signed letter is attached.\n"
            )
            % {
                "name": case.applicant_name,
                "code": case.receipt_code,
                "date": f"{letter.new_due_date:%d/%m/%Y}",
            },
            to=[case.applicant_email],
        )
    if letter.pdf:
        with letter.pdf.open("rb") as pdf:
            content = pdf.read()
    else:  # the stored copy could not be written: print it again
        from onestop.documents import render_apology_letter

        content = render_apology_letter(letter)
    message.attach(f"xin-loi-{case.receipt_code}.pdf", content, "application/pdf")
    message.send()
    ApologyLetter.objects.filter(pk=letter_id).update(emailed_at=timezone.now())
