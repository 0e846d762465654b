from django import template

from messaging.selectors import consents_about, may_handle, messages_about
from portal.personal_data import mask_phone

register = template.Library()


@register.simple_tag
def messages_of(obj):
    """The SMS/Zalo messages about a dossier or an opinion, newest first."""
    if obj is None or getattr(obj, "pk", None) is None:
        return []
    rows = list(messages_about(obj).select_related("resent_by"))
    for row in rows:
        row.masked_phone = mask_phone(row.phone)
    return rows


@register.simple_tag(takes_context=True)
def may_resend_messages(context, obj=None) -> bool:
    """May the viewer send again, or record a withdrawal, for the messages about `obj`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and obj is not None and may_handle(user, obj))


@register.simple_tag
def consents_of(obj):
    """The consents given about a dossier or an opinion, the phone masked."""
    if obj is None or getattr(obj, "pk", None) is None:
        return []
    rows = list(consents_about(obj))
    for row in rows:
        row.masked_phone = mask_phone(row.phone)
    return rows
