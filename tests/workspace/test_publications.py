"""Public documents (the QR codes on the notice board) and the feedback point's poster:
who may publish, what citizens can open, and what they cannot."""

import datetime as dt
import io
import re

import pdfplumber
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from dialogues import services as dialogue_services
from dialogues.models import DialoguePlan
from plans import services as plan_services
from plans.models import Plan, PlanStatus
from portal.services import document_number_issue
from portal.urls import urlpatterns as portal_urlpatterns
from reports import services as report_services
from workspace import publications
from workspace.models import Publication
from workspace.public_urls import public_urlpatterns

# Until portal/urls.py mounts them, these tests mount the pages themselves.
urlpatterns = [
    *portal_urlpatterns,
    *(
        []
        if any(getattr(p, "namespace", None) == "publications" for p in portal_urlpatterns)
        else [path("publications/", include("workspace.public_urls")), *public_urlpatterns]
    ),
]
pytestmark = pytest.mark.urls(__name__)

PLAN_TITLE = "Xây dựng chính quyền thân thiện năm 2026"


# --- documents ---------------------------------------------------------------------------


def _plan(office, *, title=PLAN_TITLE, year=2026) -> Plan:
    plan = Plan.objects.create(
        year=year,
        title=title,
        introduction="UBND phường xây dựng Kế hoạch, cụ thể như sau:",
        recipients="TT Đảng ủy, HĐND, UBND phường;\nLưu: VT, VP.",
        created_by=office,
    )
    plan_services.section_add(plan=plan, heading="MỤC ĐÍCH, YÊU CẦU:", body="Nâng cao đạo đức.")
    return plan


def _issue_plan(plan, office, leader) -> Plan:
    plan_services.plan_submit(plan=plan, actor=office)
    plan_services.plan_approve(plan=plan, actor=leader)
    return plan_services.plan_issue(plan=plan, actor=office)


@pytest.fixture
def issued_plan(office, leader, plan_type):
    return _issue_plan(_plan(office), office, leader)


@pytest.fixture
def dialogue_plan(office, leader, plan_type):
    return DialoguePlan.objects.create(
        year=2026,
        title="Tổ chức đối thoại về thủ tục hành chính năm 2026",
        introduction="UBND phường xây dựng kế hoạch tổ chức đối thoại năm 2026 như sau:",
        purposes="Nắm bắt tâm tư, nguyện vọng của nhân dân",
        recipients="UBND thành phố\nLưu: VT.",
        signer=leader,
        created_by=office,
    )


@pytest.fixture
def issued_dialogue_plan(dialogue_plan, office, leader):
    dialogue_services.plan_submit(plan=dialogue_plan, actor=office)
    dialogue_services.plan_approve(plan=dialogue_plan, actor=leader)
    return dialogue_services.plan_issue(plan=dialogue_plan, actor=office)


@pytest.fixture
def issued_report(office, leader, report_type):
    report, _created = report_services.report_create(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), actor=office
    )
    report.assessment = "Công tác cải cách hành chính có chuyển biến tích cực."
    report.signer = leader
    report.save()
    report = report_services.report_submit(report=report, actor=office)
    report = report_services.report_approve(report=report, actor=leader)
    return report_services.report_issue(report=report, actor=office, today=dt.date(2026, 4, 2))


def _publish(document, office, kind=Publication.Kind.PLAN, description=""):
    return publications.publication_create(
        kind=kind, document=document, actor=office, description=description
    )


def _page(publication):
    return reverse("public_document", args=[publication.token])


def _pdf(publication):
    return reverse("public_document_pdf", args=[publication.token])


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


# --- the token ---------------------------------------------------------------------------


def test_the_public_address_holds_a_long_random_token_not_an_id(issued_plan, office):
    first = _publish(issued_plan, office)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", first.token)  # 24 bytes = 192 bits
    assert str(issued_plan.pk) not in _page(first).replace(first.token, "")
    publications.publication_unpublish(publication=first, actor=office)
    second = _publish(issued_plan, office)
    assert second.token != first.token
    tokens = {publications.token_new() for _ in range(200)}
    assert len(tokens) == 200


def test_a_document_is_published_once_at_a_time(issued_plan, office):
    _publish(issued_plan, office)
    with pytest.raises(ValidationError):
        _publish(issued_plan, office)
    assert Publication.objects.count() == 1


# --- what citizens can open --------------------------------------------------------------


def test_citizens_open_the_page_and_the_pdf_without_logging_in(client, issued_plan, office):
    publication = _publish(issued_plan, office, description="Kế hoạch <b>năm</b> 2026")
    response = client.get(_page(publication))
    assert response.status_code == 200
    html = response.content.decode()
    assert PLAN_TITLE in html and issued_plan.number.symbol in html
    assert "Kế hoạch &lt;b&gt;năm&lt;/b&gt; 2026" in html  # the office's text, escaped
    pdf = client.get(_pdf(publication))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert issued_plan.number.symbol in _pdf_text(pdf.content)


@pytest.mark.parametrize(
    "fixture, kind",
    [("issued_report", Publication.Kind.REPORT), ("issued_dialogue_plan", "dialogue_plan")],
)
def test_reports_and_dialogue_plans_are_published_with_their_own_pdf(
    request, client, office, fixture, kind
):
    document = request.getfixturevalue(fixture)
    publication = _publish(document, office, kind=kind)
    page = client.get(_page(publication))
    assert page.status_code == 200 and document.number.symbol in page.content.decode()
    pdf = client.get(_pdf(publication))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert document.number.symbol in _pdf_text(pdf.content)


def test_unpublished_page_and_pdf_are_gone(client, issued_plan, office):
    publication = _publish(issued_plan, office)
    client.force_login(office)
    url = reverse("publications:unpublish", args=[publication.pk])
    assert client.get(url).status_code == 200  # the confirmation, which changes nothing
    assert client.get(_page(publication)).status_code == 200
    assert client.post(url).status_code == 302
    client.logout()
    assert client.get(_page(publication)).status_code == 404
    assert client.get(_pdf(publication)).status_code == 404
    publication.refresh_from_db()
    assert publication.unpublished_by == office and publication.unpublished_at is not None
    assert not publications.publications_live().exists()


def test_unknown_or_malformed_tokens_are_404(client, issued_plan, office):
    publication = _publish(issued_plan, office)
    for token in ("abc", publication.token[:-1] + ("A" if publication.token[-1] != "A" else "B")):
        assert client.get(reverse("public_document", args=[token])).status_code == 404
        assert client.get(reverse("public_document_pdf", args=[token])).status_code == 404


def test_documents_not_issued_cannot_be_published(
    client, office, leader, plan_type, report_type, dialogue_plan
):
    draft = _plan(office)
    report, _created = report_services.report_create(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), actor=office
    )
    dialogue_services.plan_submit(plan=dialogue_plan, actor=office)
    dialogue_services.plan_approve(plan=dialogue_plan, actor=leader)  # approved, not issued
    cases = [("plan", draft), ("report", report), ("dialogue_plan", dialogue_plan)]
    client.force_login(office)
    for kind, document in cases:
        with pytest.raises(ValidationError):
            _publish(document, office, kind=kind)
        response = client.post(reverse("publications:new", args=[kind, document.pk]))
        assert response.status_code == 302
    assert not Publication.objects.exists()


def test_a_document_no_longer_issued_is_not_shown(client, issued_plan, office):
    """Should an issued document ever leave the issued states, its page closes."""
    publication = _publish(issued_plan, office)
    Plan.objects.filter(pk=issued_plan.pk).update(status=PlanStatus.DRAFT)
    assert client.get(_page(publication)).status_code == 404
    assert client.get(_pdf(publication)).status_code == 404


def test_a_superseded_plan_says_so_and_leads_to_its_revision(client, issued_plan, office, leader):
    old = _publish(issued_plan, office)
    revision = plan_services.plan_revise(plan=issued_plan, actor=office)
    revision = _issue_plan(revision, office, leader)
    issued_plan.refresh_from_db()
    assert issued_plan.status == PlanStatus.SUPERSEDED
    with pytest.raises(ValidationError):  # a superseded plan is not published anew
        publications.publication_create(
            kind="plan", document=Plan.objects.get(pk=issued_plan.pk), actor=office
        )
    response = client.get(_page(old))
    assert response.status_code == 200 and response.context["facts"].superseded
    assert response.context["revision"] is None
    new = _publish(revision, office)
    response = client.get(_page(old))
    assert response.context["revision"] == new
    assert _page(new) in response.content.decode()
    assert not client.get(_page(new)).context["facts"].superseded


def test_the_public_list_shows_only_live_publications(client, office, leader, plan_type):
    live = _publish(_issue_plan(_plan(office, title="Kế hoạch A"), office, leader), office)
    gone = _publish(_issue_plan(_plan(office, title="Kế hoạch B"), office, leader), office)
    publications.publication_unpublish(publication=gone, actor=office)
    _issue_plan(_plan(office, title="Kế hoạch C"), office, leader)  # issued, never published
    html = client.get(reverse("public_documents")).content.decode()
    assert "Kế hoạch A" in html and live.token in html
    assert "Kế hoạch B" not in html and gone.token not in html and "Kế hoạch C" not in html


def test_the_public_page_shows_no_staff_names_or_emails(client, issued_plan, office, leader, ward):
    issued_plan.signer = leader
    issued_plan.save()
    publication = _publish(issued_plan, office, description="Công khai theo quy chế dân chủ.")
    for url in (_page(publication), reverse("public_documents")):
        html = client.get(url).content.decode()
        for user in (office, leader, *ward.vice_chairmen.all()):
            assert user.display_name not in html
            if user.email:
                assert user.email not in html
            assert user.username not in html


def test_public_pages_are_rate_limited(client, issued_plan, office, settings):
    # Counters in this process's memory: a test run elsewhere flushing the shared test
    # Redis must not reset them halfway.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}
    }
    publication = _publish(issued_plan, office)
    # One rate window (fixed windows of a minute): time stands still.
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, 0, 10, tzinfo=dt.UTC), tick=False):
        statuses = [
            client.get(_page(publication), REMOTE_ADDR="203.0.113.70").status_code
            for _ in range(61)
        ]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429


# --- staff -------------------------------------------------------------------------------


def test_the_office_publishes_from_the_documents_page(client, issued_plan, office):
    client.force_login(office)
    url = reverse("publications:new", args=["plan", issued_plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "Kế hoạch năm 2026 của phường."})
    assert response.status_code == 302 and response["Location"] == reverse("publications:list")
    publication = Publication.objects.get()
    assert publication.plan == issued_plan and publication.published_by == office
    assert publication.description == "Kế hoạch năm 2026 của phường."
    listing = client.get(reverse("publications:list"))
    assert listing.status_code == 200 and publication.token in listing.content.decode()


def test_only_the_office_publishes_and_unpublishes(
    client, issued_plan, office, leader, desk, officer, organisation_user
):
    publication = _publish(issued_plan, office)
    new = reverse("publications:new", args=["plan", issued_plan.pk])
    unpublish = reverse("publications:unpublish", args=[publication.pk])
    for user in (leader, desk, officer, organisation_user):
        client.force_login(user)
        assert client.post(new).status_code == 403
        assert client.post(unpublish).status_code == 403
        with pytest.raises(PermissionDenied):
            publications.publication_unpublish(publication=publication, actor=user)
    with pytest.raises(PermissionDenied):
        _publish(issued_plan, officer)
    client.logout()
    assert client.post(unpublish).status_code == 302  # to the login page
    assert reverse("login") in client.post(new)["Location"]
    publication.refresh_from_db()
    assert publication.is_live


def test_leaders_see_the_list_and_others_do_not(client, issued_plan, office, leader, officer):
    _publish(issued_plan, office)
    client.force_login(leader)
    response = client.get(reverse("publications:list"))
    assert response.status_code == 200 and not response.context["may_publish"]
    for user in (officer,):
        client.force_login(user)
        assert client.get(reverse("publications:list")).status_code == 403


def test_the_staff_list_costs_the_same_queries_for_2_or_12_rows(client, office, plan_type):
    def publish(n):
        for i in range(n):
            number = document_number_issue(doc_type=plan_type, subject=f"Kế hoạch {i}")
            plan = Plan.objects.create(
                year=2026,
                title=f"Kế hoạch {i}",
                status=PlanStatus.ISSUED,
                number=number,
                issued_on=number.issued_on,
            )
            _publish(plan, office)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    client.force_login(office)
    publish(2)
    few = count(reverse("publications:list")), count(reverse("public_documents"))
    publish(10)
    assert (count(reverse("publications:list")), count(reverse("public_documents"))) == few


# --- posters -----------------------------------------------------------------------------


def test_the_feedback_poster_prints_the_form_address_and_the_ward(client, office, ward):
    client.force_login(office)
    response = client.get(reverse("publications:feedback_poster"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(response.content).split())
    assert "http://testserver/gop-y/" in text
    assert "ĐIỂM TIẾP NHẬN Ý KIẾN NHÂN DÂN" in text
    assert ward.agency_name.upper() in text.upper()


def test_posters_are_for_leaders_and_the_office_only(client, issued_plan, office, leader, officer):
    publication = _publish(issued_plan, office)
    urls = [
        reverse("publications:feedback_poster"),
        reverse("publications:poster", args=[publication.pk]),
    ]
    for user in (officer,):
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [403, 403]
    client.force_login(leader)
    assert [client.get(u).status_code for u in urls] == [200, 200]


def test_a_documents_poster_leads_to_its_page(client, issued_plan, office):
    publication = _publish(issued_plan, office)
    client.force_login(office)
    response = client.get(reverse("publications:poster", args=[publication.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(_pdf_text(response.content).split())  # the address may wrap
    assert f"http://testserver/cong-khai/{publication.token}/" in text
    assert issued_plan.number.symbol in text
    publications.publication_unpublish(publication=publication, actor=office)
    assert client.get(reverse("publications:poster", args=[publication.pk])).status_code == 404
