from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from dialogues.models import Opinion
from portal import outbox


@outbox.handler("dialogues.opinion_answer_email")
def opinion_notify_citizen(opinion_id: int) -> None:
    """Email the approved written answer to the citizen (an outbox handler: runs once)."""
    from dialogues.documents import render_answer_letter

    opinion = Opinion.objects.select_related("number").get(pk=opinion_id)
    with override("vi"):
        message = EmailMessage(
            subject=_("Answer of the ward to your opinion"),
            body=_("Dear %(name)s,\n\nThe ward's written answer to your opinion is attached.\n")
            % {"name": opinion.citizen_name or ""},
            to=[opinion.citizen_email],
        )
        message.attach(
            f"tra-loi-{opinion.pk}.pdf", render_answer_letter(opinion), "application/pdf"
        )
    message.send()
    Opinion.objects.filter(pk=opinion_id).update(citizen_notified_at=timezone.now())
