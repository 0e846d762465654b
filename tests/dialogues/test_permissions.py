"""Every dialogue page, opened by a department and by an organisation, next to another
department's and another organisation's opinions: whatever the page (list, detail, PDF,
Excel), nothing of an opinion the viewer may not open comes back."""

import io

import openpyxl
import pdfplumber
import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern

from dialogues import urls as dialogue_urls

# The opinions of `session_opinions` each viewer may not open.
FOREIGN = {
    "officer": ["other_department", "organisation", "other_organisation", "unassigned"],
    "organisation_user": ["department", "other_department", "other_organisation", "unassigned"],
}
OWN = {"officer": "department", "organisation_user": "organisation"}

# name -> (path built from the objects, {viewer: expected status})
SEEN = {"officer": 200, "organisation_user": 200}
OFFICE_ONLY = {"officer": 403, "organisation_user": 403}
GET_PAGES = {
    "opinion_publication": (
        lambda o: f"/dialogues/opinions/{o['opinion']}/publication/",
        OFFICE_ONLY,
    ),
    "plan_list": (lambda o: "/dialogues/", SEEN),
    "plan_new": (lambda o: "/dialogues/plans/new/", OFFICE_ONLY),
    "plan_detail": (lambda o: f"/dialogues/plans/{o['plan']}/", SEEN),
    "plan_edit": (lambda o: f"/dialogues/plans/{o['plan']}/edit/", OFFICE_ONLY),
    "plan_pdf": (lambda o: f"/dialogues/plans/{o['plan']}/plan.pdf", SEEN),
    "group_people": (lambda o: f"/dialogues/plans/{o['plan']}/groups/0/", OFFICE_ONLY),
    "attendee_edit": (
        lambda o: f"/dialogues/sessions/{o['session']}/attendees/0/edit/",
        OFFICE_ONLY,
    ),
    "session_new": (lambda o: f"/dialogues/plans/{o['plan']}/sessions/new/", OFFICE_ONLY),
    "session_detail": (lambda o: f"/dialogues/sessions/{o['session']}/", SEEN),
    "session_edit": (lambda o: f"/dialogues/sessions/{o['session']}/edit/", OFFICE_ONLY),
    "session_checkin": (lambda o: f"/dialogues/sessions/{o['session']}/checkin/", OFFICE_ONLY),
    "session_minutes": (lambda o: f"/dialogues/sessions/{o['session']}/minutes/", OFFICE_ONLY),
    "session_attendance_xlsx": (
        lambda o: f"/dialogues/sessions/{o['session']}/attendance.xlsx",
        SEEN,
    ),
    "session_pdf:invitations": (
        lambda o: f"/dialogues/sessions/{o['session']}/invitations.pdf",
        SEEN,
    ),
    "session_pdf:attendance": (
        lambda o: f"/dialogues/sessions/{o['session']}/attendance.pdf",
        SEEN,
    ),
    "session_pdf:minutes": (
        lambda o: f"/dialogues/sessions/{o['session']}/minutes.pdf",
        OFFICE_ONLY,
    ),
    "coverage": (lambda o: "/dialogues/coverage/", SEEN),
    "opinion_list": (lambda o: "/dialogues/opinions/", SEEN),
    "opinion_list:session": (lambda o: f"/dialogues/opinions/?session={o['session']}", SEEN),
    "opinion_list:department": (
        lambda o: f"/dialogues/opinions/?department={o['other_department']}",
        SEEN,
    ),
    "opinion_list:search": (lambda o: f"/dialogues/opinions/?q={o['name']}", SEEN),
    "opinions_xlsx": (lambda o: "/dialogues/opinions.xlsx", SEEN),
    "opinions_xlsx:session": (lambda o: f"/dialogues/opinions.xlsx?session={o['session']}", SEEN),
    "opinion_add": (
        lambda o: f"/dialogues/opinions/new/?session={o['session']}",
        {"officer": 403, "organisation_user": 200},
    ),
    "opinion_detail": (
        lambda o: f"/dialogues/opinions/{o['opinion']}/",
        {"officer": 404, "organisation_user": 404},
    ),
    "opinion_letter_pdf": (
        lambda o: f"/dialogues/opinions/{o['opinion']}/answer.pdf",
        {"officer": 404, "organisation_user": 404},
    ),
}
POST_PAGES = {
    "opinion_unpublish": lambda o: f"/dialogues/opinions/{o['opinion']}/unpublish/",
    "plan_copy": lambda o: f"/dialogues/plans/{o['plan']}/copy/",
    "plan_submit": lambda o: f"/dialogues/plans/{o['plan']}/submit/",
    "plan_approve": lambda o: f"/dialogues/plans/{o['plan']}/approve/",
    "plan_return": lambda o: f"/dialogues/plans/{o['plan']}/return/",
    "plan_issue": lambda o: f"/dialogues/plans/{o['plan']}/issue/",
    "plan_revise": lambda o: f"/dialogues/plans/{o['plan']}/revise/",
    "session_invite_groups": lambda o: f"/dialogues/sessions/{o['session']}/invite-groups/",
    "attendee_add": lambda o: f"/dialogues/sessions/{o['session']}/attendees/add/",
    "attendee_toggle": lambda o: f"/dialogues/sessions/{o['session']}/attendees/0/toggle/",
    "attendee_remove": lambda o: f"/dialogues/sessions/{o['session']}/attendees/0/remove/",
    "group_people_fill": lambda o: f"/dialogues/plans/{o['plan']}/groups/0/fill/",
    "participant_remove": lambda o: f"/dialogues/plans/{o['plan']}/groups/0/people/0/remove/",
    "session_held": lambda o: f"/dialogues/sessions/{o['session']}/held/",
    "session_invitations_issue": lambda o: (
        f"/dialogues/sessions/{o['session']}/invitations/number/"
    ),
    "session_minutes_issue": lambda o: f"/dialogues/sessions/{o['session']}/minutes/number/",
    "opinion_classify": lambda o: f"/dialogues/opinions/{o['opinion']}/classify/",
    "opinion_answer": lambda o: f"/dialogues/opinions/{o['opinion']}/answer/",
    "opinion_approve": lambda o: f"/dialogues/opinions/{o['opinion']}/approve/",
    "opinion_return_answer": lambda o: f"/dialogues/opinions/{o['opinion']}/return/",
    "opinion_spot": lambda o: f"/dialogues/opinions/{o['opinion']}/spot/",
    "opinion_mark_sent": lambda o: f"/dialogues/opinions/{o['opinion']}/sent/",
}


def test_every_dialogue_page_is_in_the_permission_table():
    """A new page fails here until someone decides what a department and an organisation
    may see of it."""
    names = {p.name for p in dialogue_urls.urlpatterns if isinstance(p, URLPattern)}
    covered = {key.split(":")[0] for key in (*GET_PAGES, *POST_PAGES)}
    assert names == covered


def _readable(response) -> str:
    """What a person would read in the response: HTML, PDF text or the workbook's cells."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    if "spreadsheet" in kind:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode()


def _traces(opinion) -> list[str]:
    return [
        opinion.content[:40],
        opinion.citizen_name,
        opinion.citizen_phone,
        opinion.citizen_email,
        f"/dialogues/opinions/{opinion.pk}/",
    ]


@pytest.mark.parametrize("page", sorted(GET_PAGES))
@pytest.mark.parametrize("viewer", sorted(FOREIGN))
def test_no_dialogue_page_shows_another_departments_or_organisations_opinions(
    client, request, viewer, page, session_opinions, other_department
):
    user = request.getfixturevalue(viewer)
    build, expected = GET_PAGES[page]
    client.force_login(user)
    for key in FOREIGN[viewer]:
        foreign = session_opinions[key]
        objects = {
            "plan": foreign.session.plan_id,
            "session": foreign.session_id,
            "other_department": other_department.pk,
            "opinion": foreign.pk,
            "name": foreign.citizen_name.split()[-1],  # the search echoes it
        }
        response = client.get(build(objects))
        assert response.status_code == expected[viewer], (key, response.status_code)
        text = _readable(response)
        for trace in _traces(foreign):
            assert trace not in text, (key, trace)


@pytest.mark.parametrize("viewer", sorted(FOREIGN))
def test_the_viewer_does_find_its_own_opinion_on_the_pages_that_list_opinions(
    client, request, viewer, session_opinions
):
    """The other side of the test above: the same pages do show what the viewer may open,
    so an empty page would not pass for a safe one."""
    client.force_login(request.getfixturevalue(viewer))
    own = session_opinions[OWN[viewer]]
    for path in (
        f"/dialogues/sessions/{own.session_id}/",
        "/dialogues/opinions/",
        f"/dialogues/opinions/?session={own.session_id}",
        f"/dialogues/opinions/{own.pk}/",
        "/dialogues/opinions.xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        text = _readable(response)
        assert own.citizen_name in text and own.content[:40] in text, path


@pytest.mark.parametrize("page", sorted(POST_PAGES))
@pytest.mark.parametrize("viewer", sorted(FOREIGN))
def test_no_dialogue_action_touches_another_departments_or_organisations_opinion(
    client, request, viewer, page, session_opinions
):
    client.force_login(request.getfixturevalue(viewer))
    for key in FOREIGN[viewer]:
        foreign = session_opinions[key]
        before = model_to_dict(foreign)
        objects = {"plan": foreign.session.plan_id, "session": foreign.session_id}
        objects["opinion"] = foreign.pk
        response = client.post(
            POST_PAGES[page](objects),
            {"answer": "Trả lời của người khác", "classification": "complaint"},
        )
        assert response.status_code in (403, 404), (key, response.status_code)
        foreign.refresh_from_db()
        assert model_to_dict(foreign) == before, key
