"""A self-assessment round in the browser: a unit self-scores its item with a file, the
office reviews it, the chairman approves. Elements are found by id, name and CSS, not by
their (translated) labels."""

import datetime as dt

import pytest

from assessments import services
from assessments.models import RoundStatus
from tests.assessments.conftest import criteria_set, draft_round, item, open_round  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("matkhau123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _logout(page) -> None:
    page.locator("form[action$='/logout/'] button[type=submit]").click()
    page.wait_for_url("**/")


def test_a_unit_scores_the_office_reviews_the_chairman_approves(
    page,
    ward,
    office,
    officer,
    leader,
    open_round,  # noqa: F811 - the fixture imported above
    other_department,
    tmp_path,
    time_machine,  # noqa: F811
):
    time_machine.move_to(dt.datetime(2026, 9, 1, 9, 0), tick=True)
    page.on("dialog", lambda dialog: dialog.accept())
    # The other items are already scored and reviewed: the walk is about item 1.1.
    from portal import roles
    from tests.factories import make_user

    other = make_user("diachinh", roles.DEPARTMENT, department=other_department)
    for code, actor in (("1.2", officer), ("2.1", other)):
        services.item_self_score(
            item=item(open_round, code), actor=actor, score="25", explanation="x"
        )
        services.item_review(item=item(open_round, code), actor=office, score="25")
    target = item(open_round, "1.1")

    _login(page, "tuphap")
    page.goto("/assessments/mine/")
    page.locator(f"#item-{target.pk} a.item-link").click()
    page.locator("#id_score").fill("40")
    page.locator("#id_explanation").fill("Đã niêm yết đầy đủ tại trụ sở và 8 nhà văn hóa.")
    evidence = tmp_path / "anh-bang-niem-yet.pdf"
    evidence.write_bytes(PDF)
    page.locator("#id_files").set_input_files(str(evidence))
    page.locator("#score-submit").click()
    page.wait_for_selector("#evidence-list a.evidence-file")
    assert "anh-bang-niem-yet.pdf" in page.locator("#evidence-list").inner_text()
    with page.expect_download() as download:
        page.locator("#evidence-list a.evidence-file").first.click()
    assert download.value.suggested_filename == "anh-bang-niem-yet.pdf"
    target.refresh_from_db()
    assert target.self_score == 40
    _logout(page)

    _login(page, "vanphong")
    page.goto(f"/assessments/rounds/{open_round.pk}/")
    page.locator(f"#item-{target.pk} a.item-link").click()
    page.locator("#review-form #id_score").fill("35")
    page.locator("#review-form #id_reason").fill("Chưa có mã QR trên bảng niêm yết.")
    page.locator("#review-submit").click()
    page.wait_for_selector("#step-reviewed")
    assert page.locator(f"#item-{target.pk} .reviewed-score").inner_text().startswith("35")
    page.locator("#step-reviewed").click()
    page.wait_for_selector("#round-summary")
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.REVIEWED
    _logout(page)

    _login(page, "chutich")
    page.goto(f"/assessments/rounds/{open_round.pk}/")
    assert page.locator("#round-total").inner_text().startswith("85")
    assert page.locator("#round-rating").inner_text() == "4 sao"
    page.locator("#step-approve").click()
    page.wait_for_selector("#round-summary")
    assert page.locator("#step-approve").count() == 0
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.APPROVED and open_round.approved_by == leader
    target.refresh_from_db()
    assert (target.self_score, target.reviewed_score) == (40, 35)
