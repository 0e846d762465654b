from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from messaging.models import Consent, Message
from portal import roles
from portal.search import search_terms
from portal.validators import normalise_phone

# The staff page of each kind of record a message is about (no import of those apps).
SUBJECT_URLS = {
    "onestop.case": ("onestop:case_detail", "receipt_code"),
    "dialogues.opinion": ("dialogues:opinion_detail", "pk"),
}


def messages_about(obj: models.Model) -> QuerySet[Message]:
    return Message.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("-created_at", "-pk")


# Which records' messages each role handles: the office every one, the one-stop desk
# the dossiers' (it has no access to opinions).
SUBJECTS_OF_ROLE = {roles.OFFICE: None, roles.DESK: ("onestop.case",)}


def _subject_q(labels) -> models.Q:
    q = models.Q(pk__in=[])
    for label in labels:
        app_label, model = label.split(".")
        q |= models.Q(content_type__app_label=app_label, content_type__model=model)
    return q


def visible_filter(user) -> models.Q | None:
    """The messages and consents `user` may see and act on; None: nothing."""
    labels: set[str] = set()
    for role, subjects in SUBJECTS_OF_ROLE.items():
        if roles.has_role(user, role):
            if subjects is None:
                return models.Q()
            labels.update(subjects)
    return _subject_q(sorted(labels)) if labels else None


def may_handle(user, obj: models.Model) -> bool:
    """May `user` act on the messages about `obj` (send again, record a withdrawal)."""
    if not getattr(user, "is_authenticated", False):
        return False
    label = obj._meta.label_lower
    return any(
        roles.has_role(user, role) and (subjects is None or label in subjects)
        for role, subjects in SUBJECTS_OF_ROLE.items()
    )


def messages_visible_to(user) -> QuerySet[Message]:
    q = visible_filter(user)
    return Message.objects.filter(q) if q is not None else Message.objects.none()


def consents_visible_to(user) -> QuerySet[Consent]:
    q = visible_filter(user)
    return Consent.objects.filter(q) if q is not None else Consent.objects.none()


def consents_about(obj: models.Model) -> QuerySet[Consent]:
    return Consent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("-given_at", "-pk")


def messages_filtered(
    *, user, q: str = "", state: str = "", channel: str = "", event: str = ""
) -> QuerySet[Message]:
    qs = messages_visible_to(user).select_related("content_type", "resent_by")
    if state:
        qs = qs.filter(state=state)
    if channel:
        qs = qs.filter(channel=channel)
    if event:
        qs = qs.filter(event=event)
    q = q.strip()
    if q:
        phone = normalise_phone(q)
        match = models.Q(reference__icontains=q) | models.Q(text__fold__contains=search_terms(q))
        if len(phone) >= 6:
            match |= models.Q(phone__contains=phone)
        qs = qs.filter(match)
    return qs.order_by("-created_at", "-pk")
