"""The personal data notice (portal/privacy.py; Luật Bảo vệ dữ liệu cá nhân số
91/2025/QH15): its default text from the ward profile and the retention settings, the
forms that show it, the receipt that prints it on one page, the admin that edits it.

The assertions hold on text the catalogue does not translate (the committee's name, the
numbers, the law's number), so they pass before and after the Vietnamese msgstrs."""

import ast
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.urls import reverse

from onestop import documents, services
from portal import privacy
from portal.models import Organization
from tests.factories import make_user
from tests.onestop.conftest import at

LAW_NUMBER = "91/2025/QH15"


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\d/])\d+(?![\d/])", text))


@pytest.mark.parametrize(
    "kind, committee, other",
    [
        ("xa", "Ủy ban nhân dân xã Phú La", "phường"),
        ("phuong", "Ủy ban nhân dân phường Phú La", "xã Phú La"),
        ("dac_khu", "Ủy ban nhân dân đặc khu Phú La", "phường"),
    ],
)
def test_the_default_notice_names_the_committee_of_the_unit(ward, kind, committee, other):
    ward.kind = kind
    ward.save()
    text = privacy.privacy_notice(ward)
    assert committee in text
    assert other not in text
    assert LAW_NUMBER in text


def test_the_default_notice_gives_the_retention_periods_of_the_settings(ward, settings):
    settings.PORTAL_RETENTION_CASE_YEARS = 17
    settings.PORTAL_RETENTION_OPINION_YEARS = 6
    numbers = _numbers(privacy.privacy_notice(ward))
    assert {"17", "6"} <= numbers


def test_the_default_notice_is_short():
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", privacy.default_privacy_notice(None)) if s]
    assert 3 <= len(sentences) <= 5


def test_the_wards_own_notice_replaces_the_default(ward):
    ward.privacy_notice = "  Thông báo riêng của phường.  "
    assert privacy.privacy_notice(ward) == "Thông báo riêng của phường."
    ward.privacy_notice = "   "
    assert LAW_NUMBER in privacy.privacy_notice(ward)


def test_without_a_ward_profile_the_notice_still_cites_the_law(db):
    assert not Organization.objects.exists()
    assert LAW_NUMBER in privacy.privacy_notice_current()


def test_the_privacy_module_imports_no_app():
    source = Path(privacy.__file__).read_text(encoding="utf-8")
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module or "")
    apps = {"onestop", "dialogues", "surveys", "reports"}
    assert not {m for m in modules if m.split(".")[0] in apps}


# --- The forms that collect a citizen's data -------------------------------------------


def _notice_block(html: str) -> str:
    match = re.search(r'<aside class="privacy-notice[^"]*"[^>]*>(.*?)</aside>', html, re.S)
    assert match, "no notice on the page"
    return match.group(0)


@pytest.fixture
def pages(ward, office, desk):
    """(url, user or None) of every form that collects a citizen's personal data."""
    return [
        (reverse("feedback"), None),
        (reverse("dialogues:opinion_add"), office),
        (reverse("onestop:case_receive"), desk),
    ]


def test_every_form_collecting_personal_data_shows_the_notice(client, pages):
    for url, user in pages:
        if user:
            client.force_login(user)
        else:
            client.logout()
        response = client.get(url)
        assert response.status_code == 200, url
        block = _notice_block(response.content.decode())
        assert "Ủy ban nhân dân phường Phú La" in block, url
        assert LAW_NUMBER in block, url
        assert " style=" not in block and "<script" not in block  # the CSP


def test_the_forms_show_the_wards_own_notice_escaped(client, ward, pages):
    ward.privacy_notice = "Thông báo <b>riêng</b>\nDòng hai"
    ward.save()
    for url, user in pages:
        if user:
            client.force_login(user)
        block = _notice_block(client.get(url).content.decode())
        assert "Thông báo &lt;b&gt;riêng&lt;/b&gt;<br>Dòng hai" in block, url
        assert LAW_NUMBER not in block


# --- The receipt (form 01) -------------------------------------------------------------


def _pdf(content: bytes) -> tuple[int, str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
        return len(pdf.pages), text


def test_the_receipt_prints_the_notice_on_one_page(receive, procedure, settings):
    settings.PORTAL_RETENTION_CASE_YEARS = 17
    case = receive(
        procedure,
        when=at(2026, 3, 2, 9, 5),
        applicant_name="Nguyễn Thị Phương Thảo Hoàng Lê Minh Khai",
        applicant_address=(
            "Số 123 ngõ 45 ngách 67 đường Nguyễn Văn Cừ, tổ dân phố số 14, phường Phú La, "
            "thành phố Hà Nội"
        ),
        applicant_email="thao.nguyen@example.com",
        papers_note="Bản sao có chứng thực trong 6 tháng",
        papers=[
            services.Paper(
                name=f"Giấy tờ số {i}: bản sao giấy khai sinh có chứng thực", kind="copy"
            )
            for i in range(1, 6)
        ],
    )
    url = f"https://phula.example.gov.vn/tra-cuu/?ma={case.receipt_code}"
    pages, text = _pdf(documents.render_receipt_slip(case, lookup_url=url))
    assert pages == 1
    assert "Giấy tờ số 5" in text and "NGƯỜI NỘP HỒ SƠ" in text
    assert LAW_NUMBER in text and "Ủy ban nhân dân phường Phú La" in text
    assert "17" in _numbers(text[text.index(LAW_NUMBER) :])


def test_the_receipt_prints_the_wards_own_notice(receive, procedure, ward):
    ward.privacy_notice = "Dữ liệu của Ông/Bà được bảo vệ theo quy định của phường."
    ward.save()
    _pages, text = _pdf(documents.render_receipt_slip(receive(procedure)))
    assert "Dữ liệu của Ông/Bà được bảo vệ theo quy định của phường." in text


# --- Admin -----------------------------------------------------------------------------


def test_the_office_edits_the_notice_in_admin_and_sees_the_default(client, ward, office):
    client.force_login(office)
    html = client.get(reverse("admin:portal_organization_change", args=[ward.pk])).content
    html = html.decode()
    assert 'name="privacy_notice"' in html
    # The help text quotes the default the forms use while the field is blank.
    assert LAW_NUMBER in html and "Ủy ban nhân dân phường Phú La" in html


def test_admin_escapes_the_ward_names_in_the_help_text(client, ward):
    ward.place_name = "<i>Phú La</i>"
    ward.save()
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    html = client.get(reverse("admin:portal_organization_change", args=[ward.pk])).content
    assert b"&lt;i&gt;Ph" in html and b"<i>Ph" not in html
