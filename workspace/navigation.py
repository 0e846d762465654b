"""The inbox's entry in the staff menu, right after the dashboard."""

from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.navigation import NAV_ITEMS, NavItem

INBOX = NavItem(_("My work"), "workspace:inbox", "inbox", roles.ALL_ROLES)


def register() -> None:
    if INBOX not in NAV_ITEMS:
        NAV_ITEMS.insert(1, INBOX)
