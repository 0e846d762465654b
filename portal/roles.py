"""Staff roles as Django groups, and the checks views use.

Group names are the Vietnamese role names ward staff know; permissions are Django model
permissions (used by admin and by `user.has_perm`). Later apps add their own
permissions to ROLE_PERMISSIONS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q

LEADER = "Lãnh đạo"
OFFICE = "Văn phòng"
DESK = "Một cửa"
DEPARTMENT = "Bộ phận chuyên môn"
ORGANISATION = "Đoàn thể"

ALL_ROLES = (LEADER, OFFICE, DESK, DEPARTMENT, ORGANISATION)

_REFERENCE_DATA = ["department", "procedurefield", "neighborhood", "massorganization"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    LEADER: [
        "portal.view_organization",
        "portal.view_documentnumber",
        "portal.view_calendaroverride",
        "portal.view_officialcalendarday",
        "portal.view_calendaryear",
        *[f"portal.view_{m}" for m in _REFERENCE_DATA],
    ],
    OFFICE: [
        "portal.view_organization",
        "portal.change_organization",
        "portal.view_documentnumber",
        "portal.add_documentnumber",
        "portal.change_documentnumber",
        "portal.view_documenttype",
        "portal.change_documenttype",
        "portal.view_calendaroverride",
        "portal.add_calendaroverride",
        "portal.change_calendaroverride",
        "portal.delete_calendaroverride",
        "portal.view_officialcalendarday",
        "portal.view_calendaryear",
        *[f"portal.{a}_{m}" for m in _REFERENCE_DATA for a in ("view", "add", "change")],
        "onestop.view_procedure",
        "onestop.add_procedure",
        "onestop.change_procedure",
        "dialogues.view_dialogueplan",
        "dialogues.view_opinion",
    ],
    DESK: ["portal.view_calendaroverride"],
    DEPARTMENT: ["portal.view_calendaroverride"],
    ORGANISATION: [],
}

# Roles whose members may open Django admin for the reference data above.
ADMIN_ROLES = (OFFICE,)


def roles_sync(*, strict: bool = True) -> None:
    """Create the role groups and give each exactly its listed permissions.

    After each app's migrations the permissions of later apps may not exist yet;
    `strict=False` skips those instead of failing (the last app's run sets them all).
    """
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        q = Q(pk__in=[])
        for perm in codenames:
            app_label, codename = perm.split(".")
            q |= Q(content_type__app_label=app_label, codename=codename)
        perms = list(Permission.objects.filter(q))
        missing = set(codenames) - {f"{p.content_type.app_label}.{p.codename}" for p in perms}
        if missing and strict:
            raise RuntimeError(f"Unknown permissions for role {role}: {sorted(missing)}")
        group.permissions.set(perms)


def user_roles(user) -> frozenset[str]:
    """The role names of a user, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """Superusers hold every role."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(user_roles(user) & set(roles))


def role_required(*roles: str) -> Callable:
    """View decorator: login first, then one of `roles`, else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_required(view):
    return role_required(*ALL_ROLES)(view)


def assign_roles(user, roles: Iterable[str]) -> None:
    user.groups.set(Group.objects.filter(name__in=list(roles)))
    user.__dict__.pop("_portal_roles", None)
