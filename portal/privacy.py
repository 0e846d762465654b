"""The notice given to a citizen whose personal data a form collects (Luật Bảo vệ dữ liệu
cá nhân số 91/2025/QH15: the data subject is told the purpose, who processes the data,
how long it is kept and his rights before the data is processed).

Ground module: it imports no app. The forms that collect a citizen's data (the public
feedback form, the opinion form, the desk's receive form) show it, and the receipt
(form 01) prints it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

# The law's name as cited (a Vietnamese proper name: not translated).
LAW = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"


def committee_name(org) -> str:
    """'Ủy ban nhân dân xã Phú La': the committee of this unit, with its kind (xã,
    phường, đặc khu) from the ward profile."""
    if org is None:
        return _("the People's Committee")
    return f"{org.committee_full} {org.place_name}".strip()


def default_privacy_notice(org) -> str:
    """The default notice, built from the ward profile and the retention settings."""
    committee = committee_name(org)
    return " ".join(
        [
            _(
                "Under %(law)s, the personal data you give here (name, citizen ID number, "
                "phone, address) is used only to handle your dossier, opinion or feedback, "
                "and is processed by %(committee)s."
            )
            % {"law": LAW, "committee": committee},
            _(
                "It is kept for %(case_years)s years after the dossier is closed and "
                "%(opinion_years)s years after the opinion is answered, then anonymised."
            )
            % {
                "case_years": settings.PORTAL_RETENTION_CASE_YEARS,
                "opinion_years": settings.PORTAL_RETENTION_OPINION_YEARS,
            },
            _(
                "You have the right to be informed, to access and correct your data, to "
                "ask for it to be deleted or its processing restricted, and to withdraw "
                "your consent, by asking the Office (Văn phòng) of %(committee)s."
            )
            % {"committee": committee},
        ]
    )


def privacy_notice(org) -> str:
    """The ward's own notice if it wrote one (ward profile), else the default text."""
    own = (getattr(org, "privacy_notice", "") or "").strip()
    return own or default_privacy_notice(org)


def privacy_notice_current() -> str:
    """The notice of the ward running the portal (the default text before its profile
    is set up)."""
    from portal.models import Organization

    return privacy_notice(Organization.objects.order_by("pk").first())
