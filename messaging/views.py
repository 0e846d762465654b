"""The desk's list of messages to citizens, failed first, with "send again"."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from messaging import selectors, services
from messaging.forms import MessageFilterForm
from messaging.models import Message
from portal import roles
from portal.personal_data import mask_phone

MESSAGE_ROLES = (roles.DESK, roles.OFFICE)


def subject_url(message: Message) -> str:
    target = selectors.SUBJECT_URLS.get(
        f"{message.content_type.app_label}.{message.content_type.model}"
    )
    if not target:
        return ""
    name, attribute = target
    value = message.object_id if attribute == "pk" else message.reference
    try:
        return reverse(name, args=[value])
    except NoReverseMatch:
        return ""


@roles.role_required(*MESSAGE_ROLES)
def message_list(request):
    data = request.GET.copy()
    data.setdefault("state", Message.State.FAILED)
    form = MessageFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"state": Message.State.FAILED}
    qs = selectors.messages_filtered(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    for message in page:
        message.masked_phone = mask_phone(message.phone)
        message.subject_url = subject_url(message)
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "messaging/message_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "failed_count": selectors.messages_visible_to(request.user)
            .filter(state=Message.State.FAILED)
            .count(),
        },
    )


@require_POST
@roles.role_required(*MESSAGE_ROLES)
def message_resend(request, pk: int):
    message = get_object_or_404(selectors.messages_visible_to(request.user), pk=pk)
    try:
        services.message_resend(message=message, actor=request.user)
    except ValidationError as exc:
        flash.error(request, " ".join(exc.messages))
    else:
        flash.success(request, _("The message will be sent again."))
    return _back(request)


@require_POST
@roles.role_required(*MESSAGE_ROLES)
def consent_withdraw(request, pk: int):
    """The citizen asked the desk to stop the messages about his dossier or opinion."""
    consent = get_object_or_404(
        selectors.consents_visible_to(request.user), pk=pk, withdrawn_at__isnull=True
    )
    services.consent_withdraw(consent=consent)
    flash.success(request, _("The consent was withdrawn: no further message will be sent."))
    return _back(request)


def _back(request):
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("messaging:message_list")
