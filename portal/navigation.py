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
    group: str | Promise = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


CASE_ROLES = (roles.LEADER, roles.OFFICE, roles.DESK, roles.DEPARTMENT)
DIALOGUE_ROLES = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT, roles.ORGANISATION)
DIALOGUES = _("Dialogues")
ONESTOP = _("One-stop desk")
OFFICE = _("Office")
PLANS = _("Plans")  # the ward's plans, their tasks and the yearly self-assessment
PLAN_ROLES = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT)

NAV_ITEMS: list[NavItem] = [
    NavItem(_("Dashboard"), "dashboard", "speedometer2", roles.ALL_ROLES),
    NavItem(_("Ward plans"), "plans:plan_list", "journal-text", PLAN_ROLES, PLANS),
    NavItem(_("Task follow-up"), "plans:task_list", "list-task", PLAN_ROLES, PLANS),
    NavItem(
        _("Quarterly review"),
        "plans:review",
        "clipboard-check",
        (roles.LEADER, roles.OFFICE),
        PLANS,
    ),
    NavItem(
        _("Self-assessment rounds"),
        "assessments:round_list",
        "award",
        (roles.LEADER, roles.OFFICE, roles.DEPARTMENT),
        PLANS,
    ),
    NavItem(
        _("Items to score"),
        "assessments:my_items",
        "check2-square",
        (roles.OFFICE, roles.DEPARTMENT),
        PLANS,
    ),
    NavItem(
        _("Criteria sets"),
        "assessments:set_list",
        "journal-text",
        (roles.LEADER, roles.OFFICE),
        PLANS,
    ),
    NavItem(_("Dialogue plans"), "dialogues:plan_list", "people", DIALOGUE_ROLES, DIALOGUES),
    NavItem(_("Opinions"), "dialogues:opinion_list", "chat-left-text", DIALOGUE_ROLES, DIALOGUES),
    NavItem(
        _("Neighbourhood coverage"), "dialogues:coverage", "grid-3x3", DIALOGUE_ROLES, DIALOGUES
    ),
    NavItem(
        _("Public documents and QR posters"),
        "publications:list",
        "qr-code",
        (roles.LEADER, roles.OFFICE),
        DIALOGUES,
    ),
    NavItem(
        _("Surveys"),
        "surveys:survey_list",
        "ui-checks",
        (roles.LEADER, roles.OFFICE, roles.ORGANISATION),
        DIALOGUES,
    ),
    NavItem(
        _("Receive a dossier"), "onestop:case_receive", "box-arrow-in-down", (roles.DESK,), ONESTOP
    ),
    NavItem(_("Dossiers"), "onestop:case_list", "folder2-open", CASE_ROLES, ONESTOP),
    NavItem(
        _("Apology letters"),
        "onestop:apology_list",
        "envelope-exclamation",
        (roles.LEADER, roles.DESK, roles.DEPARTMENT),
        ONESTOP,
    ),
    NavItem(
        _("Desk statistics"),
        "onestop:case_stats",
        "bar-chart",
        (roles.LEADER, roles.OFFICE, roles.DESK),
        ONESTOP,
    ),
    NavItem(
        _("Notifications to citizens"),
        "messaging:message_list",
        "chat-dots",
        (roles.OFFICE, roles.DESK),
        ONESTOP,
    ),
    NavItem(
        _("Ratings at the counter"),
        "surveys:counter_results",
        "hand-thumbs-up",
        (roles.LEADER, roles.OFFICE, roles.DESK),
        ONESTOP,
    ),
    NavItem(_("Procedure catalogue"), "onestop:procedure_list", "list-check", CASE_ROLES, ONESTOP),
    NavItem(
        _("Document registry"),
        "document_registry",
        "journal-text",
        (roles.LEADER, roles.OFFICE),
        OFFICE,
    ),
    NavItem(
        _("Thank-you and apology letters"),
        "letters:list",
        "envelope-heart",
        (roles.LEADER, roles.OFFICE),
        OFFICE,
    ),
    NavItem(
        _("Reports"), "reports:list", "file-earmark-bar-graph", (roles.LEADER, roles.OFFICE), OFFICE
    ),
    NavItem(_("Working-day calendar"), "working_calendar", "calendar3", roles.ALL_ROLES, OFFICE),
    NavItem(_("System log"), "audit_log", "shield-check", (roles.LEADER, roles.OFFICE), OFFICE),
    NavItem(
        _("Personal data requests"), "person_request_list", "person-lock", (roles.OFFICE,), OFFICE
    ),
]


def nav_for(user) -> list[NavItem]:
    return [item for item in NAV_ITEMS if roles.has_role(user, *item.roles)]


def nav_menu(user) -> list[tuple[str, list[NavItem]]]:
    """The user's entries grouped for the menu bar, in NAV_ITEMS order; ungrouped
    entries stand alone (group "")."""
    menu: list[tuple[str, list[NavItem]]] = []
    for item in nav_for(user):
        if item.group and menu and menu[-1][0] == item.group:
            menu[-1][1].append(item)
        else:
            menu.append((item.group, [item]))
    return menu
