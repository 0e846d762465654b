"""Hardening: every text input is cleaned, every filter parses safely, imports refuse
archive bombs, GETs never write, no orphan file, one phone rule, and the system log."""

import io
import time
import unicodedata
import zipfile
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from django.db import transaction

from dialogues.models import Opinion
from onestop import services as onestop_services
from onestop.models import ApologyLetter, CaseEvent
from portal import roles
from portal.imports import ImportFileError, cell_text, read_first_sheet
from portal.models import DocumentType, RefusedAccess
from scripts.prodsmoke.client import forms_of
from tests.factories import make_user
from tests.onestop.conftest import at

pytestmark = pytest.mark.django_db
PASSWORD = "matkhau123"
HOSTILE = "Ý kiến\x00 có\x0b ký\x1f tự\ufffe lạ\uffff"


# --- one cleaning of every text input --------------------------------------------------


def test_a_public_form_stores_text_without_control_characters_and_in_nfc(client, ward):
    decomposed = unicodedata.normalize("NFD", "Hòa Bình")
    response = client.post("/gop-y/", {"content": HOSTILE, "citizen_name": decomposed})
    assert response.status_code == 200
    opinion = Opinion.objects.get()
    assert opinion.content == "Ý kiến có ký tự lạ"
    assert opinion.citizen_name == unicodedata.normalize("NFC", "Hòa Bình")


def test_passwords_are_left_exactly_as_typed(client, office):
    office.set_password("mật\x0bkhẩu-123")
    office.save()
    response = client.post(
        "/accounts/login/", {"username": "vanphong", "password": "mật\x0bkhẩu-123"}
    )
    assert response.status_code == 302


def test_the_cell_reader_cleans_imported_text():
    assert cell_text("  Hộ\x0b tịch\x00  ") == "Hộ tịch"
    assert cell_text(unicodedata.normalize("NFD", "Hòa")) == "Hòa"


def test_the_migration_cleans_rows_already_stored(ward):
    import importlib

    from django.apps import apps

    Opinion.objects.create(source="feedback", content="x")
    Opinion.objects.update(content="Cũ\x0bbẩn\x1f")
    migration = importlib.import_module("portal.migrations.0006_clean_stored_text")
    migration.clean_rows(apps, None)
    assert Opinion.objects.get().content == "Cũbẩn"


# --- list filters and URL parameters ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/dialogues/?year=²",
        "/dialogues/coverage/?year=²",
        "/dialogues/coverage/?year=0",
        "/dialogues/opinions/?year=²&department=٣&session=²&field=x",
        "/dialogues/opinions/?received_to=9999-12-31&received_from=0001-01-01",
        "/dialogues/opinions/new/?session=²",
        "/dialogues/sessions/999999/khong-co.pdf",
        "/reports/?year=²",
        "/onestop/procedures/?field=²",
        "/onestop/?received_to=31/12/9999",
        "/onestop/?received_from=01/01/0001",
        "/onestop/?q=%00",
        "/dialogues/opinions/?q=%00",
        "/calendar/?year=99999999999999999999",
        "/documents/registry/?q=%00&year=²",
    ],
)
def test_a_bad_filter_value_never_gives_a_server_error(client, leader, office, path):
    client.force_login(office if "registry" in path or "/new/" in path else leader)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == (404 if "/sessions/999999/" in path else 200), path


def test_an_out_of_range_date_filter_says_why(client, leader):
    client.force_login(leader)
    response = client.get("/onestop/?received_to=31/12/9999")
    assert "31/12/2100" in response.content.decode()


# --- imports refuse archive bombs ------------------------------------------------------


def _blank_rows_bomb(rows: int) -> bytes:
    """A small .xlsx whose sheet unpacks to `rows` blank rows (a 'zip bomb')."""
    book = openpyxl.Workbook()
    book.active.append(["Mã TTHC", "Tên thủ tục"])
    plain = io.BytesIO()
    book.save(plain)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row>'
        + "<row/>" * rows
        + "</sheetData></worksheet>"
    )
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            dst.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return bomb.getvalue()


def test_an_import_with_two_million_blank_rows_is_refused_within_two_seconds():
    bomb = _blank_rows_bomb(2_000_000)
    assert len(bomb) < 600_000
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="1000"):
        read_first_sheet(io.BytesIO(bomb), width=2, max_rows=1000)
    assert time.monotonic() - started < 2


def test_an_archive_that_unpacks_too_far_is_refused_before_parsing(settings):
    with (
        mock.patch("portal.imports.MAX_UNPACKED_SIZE", 1000),
        pytest.raises(ImportFileError, match="MB"),
    ):
        read_first_sheet(io.BytesIO(_blank_rows_bomb(1000)), width=2, max_rows=10)


# --- GETs never write; no orphan file --------------------------------------------------


def test_the_document_types_exist_before_any_print_and_a_print_writes_none(
    client, leader, procedure, receive
):
    assert set(DocumentType.objects.values_list("code", flat=True)) >= {
        "KH",
        "BC",
        "CV",
        "GTN",
        "PBS",
        "PTC",
        "PXL",
        "PKS",
    }
    case = receive(procedure)
    client.force_login(leader)
    count = DocumentType.objects.count()
    with mock.patch.object(DocumentType, "save", side_effect=AssertionError("a GET wrote")):
        response = client.get(f"/onestop/{case.receipt_code}/receipt.pdf")
    assert response.status_code == 200
    assert DocumentType.objects.count() == count


def test_a_signing_that_rolls_back_leaves_no_file(
    settings, procedure, receive, leader, officer, django_capture_on_commit_callbacks
):
    import time_machine

    case = receive(procedure, when=at(2026, 3, 2))
    with time_machine.travel(at(2026, 3, 6, 9)):
        onestop_services.apology_letters_draft_overdue()
        letter = ApologyLetter.objects.get(case=case)
        onestop_services.apology_letter_propose(
            letter=letter, actor=officer, reason="Chậm", extra_working_days=2
        )
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            onestop_services.apology_letter_sign(letter=letter, signer=leader)
            raise RuntimeError("the request failed after signing")
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    letter.refresh_from_db()
    assert letter.status == ApologyLetter.Status.DRAFT and not letter.pdf


# --- one phone rule --------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["12345", "abc", "0912"])
def test_the_feedback_form_refuses_a_number_that_is_not_a_phone(client, ward, phone):
    response = client.post("/gop-y/", {"content": "Góp ý", "citizen_phone": phone})
    assert "Nhập số điện thoại Việt Nam" in response.content.decode()
    assert not Opinion.objects.exists()


def test_the_feedback_form_keeps_a_real_phone_normalised(client, ward):
    client.post("/gop-y/", {"content": "Góp ý", "citizen_phone": "091 234.5678"})
    assert Opinion.objects.get().citizen_phone == "0912345678"


def test_the_organisations_opinion_form_refuses_a_bad_phone(client, organisation_user):
    client.force_login(organisation_user)
    form_data = {"source": "organisation", "content": "Ý kiến", "citizen_phone": "12345"}
    client.post("/dialogues/opinions/new/", form_data)
    assert not Opinion.objects.filter(content="Ý kiến").exists()


# --- the system log --------------------------------------------------------------------


def test_only_leaders_and_the_office_read_the_system_log(client, leader, office, desk, officer):
    for user, status in ((leader, 200), (office, 200), (desk, 403), (officer, 403)):
        client.force_login(user)
        assert client.get("/audit/").status_code == status


def test_logins_failures_lockouts_and_refusals_are_in_the_system_log(
    client, leader, office, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "chutich", "password": "sai"})
    client.post("/accounts/login/", {"username": "vanphong", "password": "sai"})
    client.post("/accounts/login/", {"username": "vanphong", "password": PASSWORD})
    client.get("/reports/999999/")  # a 404 to a signed-in user
    page = client.get("/audit/").content.decode()
    assert page.count("Đăng nhập không thành công") >= 1
    assert "Tạm khóa đăng nhập" in page
    assert "404 GET /reports/999999/" in page
    assert RefusedAccess.objects.filter(username="vanphong", status=404).exists()
    only_lockouts = client.get("/audit/?kind=lockout").content.decode()
    assert "chutich" in only_lockouts and "/reports/999999/" not in only_lockouts
    by_user = client.get("/audit/?user=chutich").content.decode()
    assert "vanphong" not in by_user.split("<tbody>")[1]


def test_an_admin_change_of_a_dossier_is_logged_and_on_its_control_sheet(
    client, procedure, receive
):
    admin = make_user("quantri", is_staff=True, is_superuser=True)
    case = receive(procedure)
    client.force_login(admin)
    url = f"/admin/onestop/case/{case.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = max(forms_of(page.content.decode()), key=lambda f: len(f.fields))
    response = client.post(url, dict(form.values({"applicant_name": "Nguyễn Văn Ân"})))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = CaseEvent.objects.get(case=case, action=CaseEvent.Action.ADMIN_EDIT)
    assert "Nguyễn Văn An" in event.note and "Nguyễn Văn Ân" in event.note
    client.force_login(make_user("vp2", roles.OFFICE))
    log = client.get("/audit/?kind=change").content.decode()
    assert "quantri" in log and "Nguyễn Văn Ân" in log


def test_the_housekeeping_job_prunes_the_log_after_the_retention(settings, office):
    import datetime as dt

    from django.utils import timezone

    from portal.tasks import housekeeping

    settings.PORTAL_AUDIT_RETENTION_DAYS = 30
    old = RefusedAccess.objects.create(username="x", method="GET", path="/a", status=403)
    RefusedAccess.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=31))
    RefusedAccess.objects.create(username="y", method="GET", path="/b", status=403)
    assert housekeeping.delay().get()["log_entries"] == 1
    assert list(RefusedAccess.objects.values_list("username", flat=True)) == ["y"]
