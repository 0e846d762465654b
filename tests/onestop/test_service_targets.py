"""The one-stop desk's service targets (Kế hoạch xây dựng chính quyền thân thiện):
every received paper scanned at the desk, online applicants authenticated
electronically, procedures' processing time cut; each measured for a period."""

import os
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onestop import selectors, services
from onestop.models import Case, CasePaper, Procedure
from portal import roles
from tests.factories import make_user
from tests.onestop.conftest import at
from tests.onestop.test_views import RECEIVE_FORM

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def other_officer(ward, other_department):
    return make_user("diachinh", roles.DEPARTMENT, department=other_department)


def _papers(*names):
    return [services.Paper(name=name) for name in names]


@pytest.fixture
def case(receive, procedure):
    return receive(procedure, papers=_papers("Tờ khai", "Bản sao giấy khai sinh"))


def _upload(client, case, paper, name, content, capture):
    with capture(execute=True):
        return client.post(
            f"/onestop/{case.receipt_code}/papers/{paper.pk}/scan/",
            {"scan": SimpleUploadedFile(name, content)},
        )


def _scanned(case, *papers):
    """Mark papers as scanned without writing files (for the figures)."""
    CasePaper.objects.filter(pk__in=[p.pk for p in papers]).update(
        scan="onestop/scans/x.pdf", scanned_at=timezone.now()
    )


# --- Digitisation: the scans -------------------------------------------------------------


def test_desk_uploads_a_scan_that_only_those_who_see_the_dossier_download(
    client, case, desk, officer, other_officer, django_capture_on_commit_callbacks
):
    paper = case.papers.first()
    client.force_login(desk)
    response = _upload(client, case, paper, "to-khai.pdf", PDF, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.scan_name == "to-khai.pdf" and paper.scan_size == len(PDF)
    assert paper.scanned_by == desk and paper.scanned_at is not None
    # Stored privately, read back only through the dossier's access check.
    assert f"{os.sep}private{os.sep}" in paper.scan.path and paper.scan.read() == PDF
    url = f"/onestop/{case.receipt_code}/papers/{paper.pk}/scan/file"
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    page = client.get(f"/onestop/{case.receipt_code}/").content.decode()
    assert url in page and "to-khai.pdf" in page

    client.force_login(officer)  # the dossier's department
    assert client.get(url).status_code == 200
    client.force_login(other_officer)  # another department: the dossier does not exist
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_only_the_desk_uploads_a_scan(
    client, case, officer, leader, django_capture_on_commit_callbacks
):
    paper = case.papers.first()
    for user in (officer, leader):
        client.force_login(user)
        response = _upload(client, case, paper, "a.pdf", PDF, django_capture_on_commit_callbacks)
        assert response.status_code == 403
    paper.refresh_from_db()
    assert not paper.scan


def test_a_paper_of_another_dossier_is_not_found(client, case, receive, procedure, desk):
    other = receive(procedure, papers=_papers("Tờ khai"))
    client.force_login(desk)
    paper = other.papers.get()
    response = client.post(
        f"/onestop/{case.receipt_code}/papers/{paper.pk}/scan/",
        {"scan": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("to-khai.docx", DOCX),  # evidence a plan accepts, but not a scan
        ("to-khai.pdf", b"MZ\x90\x00 renamed program"),  # a PDF only by its name
        ("to-khai", PDF),  # no extension
    ],
)
def test_a_scan_that_is_not_a_pdf_or_image_is_refused_with_a_message(
    client, case, desk, name, content, django_capture_on_commit_callbacks
):
    paper = case.papers.first()
    client.force_login(desk)
    response = _upload(client, case, paper, name, content, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert len(errors) == 1 and name in str(errors[0])
    paper.refresh_from_db()
    assert not paper.scan and paper.scanned_at is None


def test_a_scan_larger_than_5_mb_is_refused(case):
    paper = case.papers.first()
    big = SimpleUploadedFile("to-khai.pdf", PDF + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.case_paper_scan_attach(paper=paper, actor=None, upload=big)
    assert "scan" in error.value.message_dict
    paper.refresh_from_db()
    assert not paper.scan
    # An image within the limit is taken.
    services.scan_check(SimpleUploadedFile("anh.PNG", PNG))


def test_replacing_a_scan_deletes_the_old_file(
    client, case, desk, media, django_capture_on_commit_callbacks
):
    paper = case.papers.first()
    client.force_login(desk)
    _upload(client, case, paper, "lan-1.pdf", PDF, django_capture_on_commit_callbacks)
    paper.refresh_from_db()
    first = paper.scan.path
    _upload(client, case, paper, "lan-2.png", PNG, django_capture_on_commit_callbacks)
    paper.refresh_from_db()
    assert paper.scan_name == "lan-2.png" and paper.scan.read() == PNG
    assert paper.scan_content_type == "image/png"
    assert not os.path.exists(first)
    page = client.get(f"/onestop/{case.receipt_code}/").content.decode()
    assert "data-confirm" in page  # replacing asks first


def test_anonymising_the_dossier_deletes_its_scans(
    client, case, desk, django_capture_on_commit_callbacks
):
    from onestop.personal_data import cases_anonymise

    paper = case.papers.first()
    client.force_login(desk)
    _upload(client, case, paper, "cccd.pdf", PDF, django_capture_on_commit_callbacks)
    paper.refresh_from_db()
    path = paper.scan.path
    with django_capture_on_commit_callbacks(execute=True):
        cases_anonymise([case.pk], now=timezone.now())
    paper.refresh_from_db()
    assert not paper.scan and paper.scan_name == "" and not os.path.exists(path)
    assert paper.scanned_at is not None  # still counted as digitised


# --- Electronic authentication ------------------------------------------------------------


def test_only_an_online_dossier_is_authenticated_electronically(receive, procedure, desk):
    online = receive(procedure, channel=Case.Channel.ONLINE, e_authenticated=True)
    in_person = receive(procedure, e_authenticated=True)
    assert online.e_authenticated and not in_person.e_authenticated
    with pytest.raises(ValidationError):
        services.case_e_auth_set(case=in_person, actor=desk, authenticated=True)


def test_the_receive_form_records_the_authentication(client, desk, procedure):
    client.force_login(desk)
    form = {**RECEIVE_FORM, "procedure": procedure.pk, "channel": "online", "e_authenticated": "on"}
    assert client.post("/onestop/receive/", form).status_code == 302
    assert Case.objects.get().e_authenticated


def test_the_desk_records_the_authentication_later(client, receive, procedure, desk, officer):
    case = receive(procedure, channel=Case.Channel.ONLINE)
    url = f"/onestop/{case.receipt_code}/e-auth/"
    assert url in _page(client, desk, case)
    assert client.post(url, {"e_authenticated": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.e_authenticated
    client.post(url, {})
    case.refresh_from_db()
    assert not case.e_authenticated
    client.force_login(officer)
    assert client.post(url, {"e_authenticated": "on"}).status_code == 403


def _page(client, user, case) -> str:
    client.force_login(user)
    return client.get(f"/onestop/{case.receipt_code}/").content.decode()


# --- Processing time cut -------------------------------------------------------------------


def test_the_ward_time_cannot_exceed_the_legal_time(procedure):
    procedure.ward_processing_days = 4
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "ward_processing_days" in error.value.message_dict
    procedure.ward_processing_days = 2
    procedure.full_clean()
    assert procedure.cut_percent == Decimal("33.33")


def test_the_catalogue_shows_the_cut_and_lists_the_procedures_short_of_it(
    client, leader, procedure, other_procedure
):
    Procedure.objects.filter(pk=procedure.pk).update(ward_processing_days=2)  # 33.33 %
    Procedure.objects.filter(pk=other_procedure.pk).update(ward_processing_days=8)  # 20 %
    client.force_login(leader)
    page = client.get("/onestop/procedures/").content.decode()
    assert "33,33" in page or "33.33" in page
    short = client.get("/onestop/procedures/?cut=short").content.decode()
    assert other_procedure.code in short and procedure.code not in short


def test_the_office_sets_the_targets_in_the_ward_profile(client, ward, office):
    client.force_login(office)
    html = client.get(f"/admin/portal/organization/{ward.pk}/change/").content.decode()
    for name in (
        "digitisation_target",
        "e_auth_target",
        "processing_cut_target",
        "processing_cut_share_target",
    ):
        assert f'name="{name}"' in html
    ward.refresh_from_db()
    assert (ward.digitisation_target, ward.e_auth_target) == (100, 100)
    assert (ward.processing_cut_target, ward.processing_cut_share_target) == (30, 100)
    ward.processing_cut_target = 101
    with pytest.raises(ValidationError):
        ward.full_clean()


# --- The figures ----------------------------------------------------------------------------


@pytest.fixture
def dataset(receive, procedure, other_procedure, department):
    """March 2026: four paper dossiers (two fully scanned), two online (one
    authenticated); two procedures measured (one cut by 30 % or more)."""
    full = receive(procedure, papers=_papers("A", "B"))
    _scanned(full, *full.papers.all())
    half = receive(procedure, papers=_papers("A", "B"))
    _scanned(half, half.papers.first())
    receive(procedure)  # no paper recorded: nothing digitised
    posted = receive(procedure, channel=Case.Channel.POST, papers=_papers("A"))
    _scanned(posted, *posted.papers.all())
    receive(procedure, channel=Case.Channel.ONLINE, e_authenticated=True)
    receive(procedure, channel=Case.Channel.ONLINE)
    # Outside the period: not counted.
    receive(procedure, when=at(2026, 4, 1), channel=Case.Channel.ONLINE)
    receive(procedure, when=at(2026, 4, 1), papers=_papers("A"))
    Procedure.objects.filter(pk=procedure.pk).update(ward_processing_days=2)  # 33.33 %
    Procedure.objects.filter(pk=other_procedure.pk).update(ward_processing_days=8)  # 20 %
    # Not measured: settled on the day, or no longer in use.
    Procedure.objects.create(
        code="2.0",
        name="Chứng thực",
        field=procedure.field,
        department=department,
        processing_days=0,
    )
    Procedure.objects.create(
        code="3.0",
        name="Cũ",
        field=procedure.field,
        department=department,
        processing_days=10,
        is_active=False,
    )


def _rows(**org_changes):
    import datetime as dt

    from portal.models import Organization

    Organization.objects.update(**org_changes)
    rows = selectors.service_targets(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    return {row.key: row for row in rows}


def test_the_three_figures_on_a_small_dataset(dataset):
    rows = _rows()
    digitisation, e_auth, cut = rows["digitisation"], rows["e_auth"], rows["processing_cut"]
    assert (digitisation.numerator, digitisation.denominator) == (2, 4)
    assert digitisation.percent == Decimal("50.00") and digitisation.target == 100
    assert not digitisation.met
    assert (e_auth.numerator, e_auth.denominator, e_auth.percent) == (1, 2, Decimal("50.00"))
    assert (cut.numerator, cut.denominator, cut.percent) == (1, 2, Decimal("50.00"))
    assert not cut.met
    # A 20 % cut target: both procedures reach it.
    rows = _rows(processing_cut_target=20, e_auth_target=50)
    assert rows["processing_cut"].numerator == 2 and rows["processing_cut"].met
    assert rows["e_auth"].met


def test_each_figure_links_to_its_shortfall(client, leader, dataset):
    client.force_login(leader)
    rows = _rows()
    cases = client.get(rows["digitisation"].url).content.decode()
    assert cases.count('href="/onestop/2603') == 2  # half scanned, and no paper
    cases = client.get(rows["e_auth"].url).content.decode()
    assert cases.count('href="/onestop/2603') == 1
    procedures = client.get(rows["processing_cut"].url).content.decode()
    assert "1.004227" in procedures and "1.004873" not in procedures


def test_no_dossier_in_the_period_measures_nothing(ward):
    rows = _rows()
    assert rows["digitisation"].percent is None and not rows["digitisation"].met


def test_the_statistics_page_shows_the_three_figures(client, leader, dataset):
    client.force_login(leader)
    with time_machine.travel(at(2026, 3, 31, 9), tick=False):
        page = client.get("/onestop/stats/?date_from=01/03/2026&date_to=31/03/2026")
    body = page.content.decode()
    table = body[body.index('id="service-targets"') :]
    table = table[: table.index("</table>")]
    assert table.count("2/4") == 1 and table.count("1/2") == 2


# --- Query counts -----------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dossier_page_queries_do_not_grow_with_papers(client, receive, procedure, desk):
    few = receive(procedure, channel=Case.Channel.ONLINE, papers=_papers("A", "B"))
    many = receive(
        procedure, channel=Case.Channel.ONLINE, papers=_papers(*[f"P{n}" for n in range(12)])
    )
    _scanned(few, *few.papers.all())
    _scanned(many, *many.papers.all())
    client.force_login(desk)
    assert _queries(client, f"/onestop/{few.receipt_code}/") == _queries(
        client, f"/onestop/{many.receipt_code}/"
    )


def test_statistics_page_queries_do_not_grow_with_dossiers(client, receive, procedure, leader):
    client.force_login(leader)
    url = "/onestop/stats/?date_from=01/03/2026&date_to=31/03/2026"
    for _n in range(2):
        receive(procedure, papers=_papers("A"))
    before = _queries(client, url)
    for n in range(10):
        receive(procedure, channel=Case.Channel.ONLINE if n % 2 else "in_person")
    assert _queries(client, url) == before


def test_the_statistics_workbook_has_the_targets_sheet(client, leader, dataset):
    import io

    from openpyxl import load_workbook

    client.force_login(leader)
    with time_machine.travel(at(2026, 3, 31, 9), tick=False):
        response = client.get("/onestop/stats.xlsx?date_from=01/03/2026&date_to=31/03/2026")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(book.worksheets) == 3
    rows = [r for r in book.worksheets[2].iter_rows(values_only=True) if r and r[0]]
    counts = [(r[3], r[4]) for r in rows if isinstance(r[3], int)]
    assert counts == [(2, 4), (1, 2), (1, 2)]
    assert [r[1] for r in rows if isinstance(r[3], int)] == [0.5, 0.5, 0.5]
