"""The staff navigation, fitted to each role. Apps add their entries to NAV_ITEMS."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import roles


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    roles: tuple[str, ...]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


CASE_ROLES = (roles.LEADER, roles.OFFICE, roles.DESK, roles.DEPARTMENT)

NAV_ITEMS: list[NavItem] = [
    NavItem(_("Dashboard"), "dashboard", "speedometer2", roles.ALL_ROLES),
    NavItem(
        _("Dialogue plans"),
        "dialogues:plan_list",
        "people",
        (roles.LEADER, roles.OFFICE, roles.DEPARTMENT, roles.ORGANISATION),
    ),
    NavItem(
        _("Opinions"),
        "dialogues:opinion_list",
        "chat-left-text",
        (roles.LEADER, roles.OFFICE, roles.DEPARTMENT, roles.ORGANISATION),
    ),
    NavItem(_("Dossiers"), "onestop:case_list", "folder2-open", CASE_ROLES),
    NavItem(
        _("Apology letters"),
        "onestop:apology_list",
        "envelope-exclamation",
        (roles.LEADER, roles.DESK, roles.DEPARTMENT),
    ),
    NavItem(
        _("Desk statistics"),
        "onestop:case_stats",
        "bar-chart",
        (roles.LEADER, roles.OFFICE, roles.DESK),
    ),
    NavItem(_("Procedure catalogue"), "onestop:procedure_list", "list-check", CASE_ROLES),
    NavItem(
        _("Document registry"), "document_registry", "journal-text", (roles.LEADER, roles.OFFICE)
    ),
    NavItem(_("Working-day calendar"), "working_calendar", "calendar3", roles.ALL_ROLES),
]


def nav_for(user) -> list[NavItem]:
    return [item for item in NAV_ITEMS if roles.has_role(user, *item.roles)]
