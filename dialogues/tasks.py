from celery import shared_task
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from dialogues.models import Opinion


@shared_task(bind=True, max_retries=5, default_retry_delay=300, time_limit=120, soft_time_limit=100)
def opinion_notify_citizen(self, opinion_id: int) -> bool:
    """Email the approved written answer to the citizen, once."""
    from dialogues.documents import render_answer_letter

    claimed = Opinion.objects.filter(
        pk=opinion_id, citizen_notified_at__isnull=True, status=Opinion.Status.APPROVED
    ).update(citizen_notified_at=timezone.now())
    if not claimed:
        return False
    opinion = Opinion.objects.select_related("number").get(pk=opinion_id)
    try:
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
    except Exception as exc:
        Opinion.objects.filter(pk=opinion_id).update(citizen_notified_at=None)
        raise self.retry(exc=exc) from exc
    return True
