"""Who sees what of a session: its page lists the opinions each role may open, by the
same rule as the opinion list; the minutes, which print every opinion, go to the leaders,
the office and the session's own chair and secretary."""

import io
import re

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dialogues.models import Opinion
from portal import roles
from tests.factories import MassOrganizationFactory, make_user

EVERYONE = {"department", "other_department", "organisation", "other_organisation", "unassigned"}

# What each role may open of the session's opinions (see `session_opinions`).
OPENS = {
    "leader": EVERYONE,
    "office": EVERYONE,
    "officer": {"department"},
    "other_officer": {"other_department", "organisation"},
    "organisation_user": {"organisation"},
    "other_org_user": {"other_organisation"},
    "desk": set(),
}


def _session_page(client, user, session):
    client.force_login(user)
    response = client.get(f"/dialogues/sessions/{session.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


@pytest.mark.parametrize("fixture", sorted(OPENS))
def test_session_page_lists_only_the_opinions_the_role_may_open(
    client, request, fixture, session_opinions
):
    user = request.getfixturevalue(fixture)
    session = session_opinions["department"].session
    body = _session_page(client, user, session)
    for key, opinion in session_opinions.items():
        shown = key in OPENS[fixture]
        assert (opinion.content[:40] in body) is shown, key
        assert (opinion.citizen_name in body) is shown, key
        # contact details are never listed on the session page
        assert opinion.citizen_phone not in body and opinion.citizen_email not in body
        assert (f'href="/dialogues/opinions/{opinion.pk}/"' in body) is shown, key


@pytest.mark.parametrize("fixture", sorted(OPENS))
def test_every_opinion_linked_from_the_session_page_opens_and_no_other(
    client, request, fixture, session_opinions
):
    """The session page and the opinion's own page apply one rule."""
    user = request.getfixturevalue(fixture)
    session = session_opinions["department"].session
    body = _session_page(client, user, session)
    linked = {int(pk) for pk in re.findall(r'href="/dialogues/opinions/(\d+)/"', body)}
    for opinion in session_opinions.values():
        status = client.get(f"/dialogues/opinions/{opinion.pk}/").status_code
        if opinion.pk in linked:
            assert status == 200
        else:
            assert status in (403, 404)  # the desk may not open the list at all: 403


def test_the_desk_sees_no_opinion_section_and_organisations_are_told_the_list_is_partial(
    client, desk, organisation_user, office, session_opinions
):
    session = session_opinions["department"].session
    body = _session_page(client, desk, session)
    assert "Ý kiến tại hội nghị" not in body and "Chưa ghi nhận." not in body
    assert "/dialogues/opinions/" not in body
    assert "Ý kiến tại hội nghị" in _session_page(client, organisation_user, session)
    with translation.override("vi"):  # the page speaks Vietnamese once it is translated
        partial = translation.gettext("Only the opinions you may open are listed.")
    assert partial in _session_page(client, organisation_user, session)
    assert partial not in _session_page(client, office, session)


MINUTES = {
    "leader": 200,
    "office": 200,
    "officer": 403,
    "other_officer": 403,
    "organisation_user": 403,
    "other_org_user": 403,
    "desk": 403,
}


@pytest.mark.parametrize(("fixture", "status"), sorted(MINUTES.items()))
def test_minutes_pdf_goes_only_to_leaders_and_the_office(
    client, request, fixture, status, session_opinions
):
    user = request.getfixturevalue(fixture)
    session = session_opinions["department"].session
    minutes_url = f"/dialogues/sessions/{session.pk}/minutes.pdf"
    body = _session_page(client, user, session)
    assert (f'href="{minutes_url}"' in body) is (status == 200)  # no button that answers 403
    response = client.get(minutes_url)
    assert response.status_code == status
    if status == 200:
        text = _pdf_text(response.content)
        for opinion in session_opinions.values():  # the record prints every opinion raised
            assert opinion.citizen_name in text
    else:
        assert response.get("Content-Type") != "application/pdf"


@pytest.mark.parametrize("role_field", ["chair", "secretary"])
@pytest.mark.parametrize("fixture", ["officer", "organisation_user", "desk"])
def test_the_sessions_chair_and_secretary_download_the_minutes(
    client, request, fixture, role_field, session_opinions
):
    user = request.getfixturevalue(fixture)
    session = session_opinions["department"].session
    # typed by the office: spacing and case differ from the account's full name
    setattr(session, role_field, "  " + user.full_name.upper().replace(" ", "  ") + " ")
    session.save()
    client.force_login(user)
    response = client.get(f"/dialogues/sessions/{session.pk}/minutes.pdf")
    assert response.status_code == 200
    assert "Trần Thị Bích" in _pdf_text(response.content)
    # but being named at the session opens no opinion the role may not open
    assert client.get(f"/dialogues/opinions/{session_opinions['unassigned'].pk}/").status_code in (
        403,
        404,
    )


def test_a_name_borne_by_two_accounts_identifies_no_secretary(
    client, officer, other_department, session_opinions
):
    session = session_opinions["department"].session
    session.secretary = officer.full_name
    session.save()
    url = f"/dialogues/sessions/{session.pk}/minutes.pdf"
    client.force_login(officer)
    assert client.get(url).status_code == 200
    inactive = make_user(
        "cu", roles.DEPARTMENT, full_name=officer.full_name, department=other_department
    )
    inactive.is_active = False
    inactive.save()
    assert client.get(url).status_code == 200  # a closed account is nobody
    namesake = make_user(
        "trung-ten",
        roles.ORGANISATION,
        full_name=officer.full_name,
        mass_organization=MassOrganizationFactory(name="Hội Cựu chiến binh phường"),
    )
    assert client.get(url).status_code == 403
    client.force_login(namesake)
    assert client.get(url).status_code == 403


def test_someone_else_named_at_the_session_gives_no_access(
    client, officer, other_officer, session_opinions
):
    session = session_opinions["department"].session
    session.chair = other_officer.full_name
    session.secretary = ""
    session.save()
    client.force_login(officer)
    assert client.get(f"/dialogues/sessions/{session.pk}/minutes.pdf").status_code == 403


def test_an_unknown_session_document_is_not_found(client, office, plan):
    client.force_login(office)
    assert client.get(f"/dialogues/sessions/{plan.sessions.get().pk}/secret.pdf").status_code == 404


@pytest.mark.parametrize("fixture", ["office", "officer", "organisation_user", "desk"])
def test_session_page_query_count_does_not_grow_with_opinions(
    client, request, fixture, session_opinions, department, other_department, other_org_user
):
    user = request.getfixturevalue(fixture)
    session = session_opinions["department"].session
    client.force_login(user)
    url = f"/dialogues/sessions/{session.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(12):
        Opinion.objects.create(
            session=session,
            source=Opinion.Source.ORGANISATION if i % 3 == 2 else Opinion.Source.FLOOR,
            organisation=other_org_user.mass_organization if i % 3 == 2 else None,
            content=f"Ý kiến thêm {i}",
            citizen_name=f"Công dân {i}",
            department=(department, other_department, None)[i % 3],
            status=Opinion.Status.ASSIGNED if i % 3 < 2 else Opinion.Status.NEW,
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert len(many) == len(few)
    assert ("Công dân 0" in body) is (fixture in ("office", "officer"))
