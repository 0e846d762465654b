"""Background work of the letters: the signed letter emailed to its addressee, once."""

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from letters.models import Letter
from letters.services import EMAIL_TOPIC
from portal import outbox


@outbox.handler(EMAIL_TOPIC)
def letter_email(letter_id: int) -> None:
    """Email a signed letter to its addressee with the PDF attached (an outbox handler:
    runs once). A letter anonymised or without an email since it was signed sends
    nothing."""
    from letters.documents import letter_filename, render_letter
    from portal.services import organization_current

    letter = Letter.objects.select_related("number", "signed_by").get(pk=letter_id)
    if not letter.addressee_email or letter.status == Letter.Status.DRAFT:
        return
    org = organization_current()
    with override("vi"):
        if letter.kind == Letter.Kind.THANKS:
            subject = _("Thank-you letter from %(agency)s") % {"agency": org.name}
        else:
            subject = _("Apology letter from %(agency)s") % {"agency": org.name}
        message = EmailMessage(
            subject=subject,
            body=_("Dear %(name)s,\n\n%(agency)s sends you the attached letter.\n")
            % {"name": letter.addressee_name, "agency": org.name},
            to=[letter.addressee_email],
        )
    if letter.pdf:
        with letter.pdf.open("rb") as pdf:
            content = pdf.read()
    else:  # the stored copy could not be written (or was removed): print it again
        content = render_letter(letter)
    message.attach(letter_filename(letter), content, "application/pdf")
    message.send()
    Letter.objects.filter(pk=letter_id).update(emailed_at=timezone.now())
