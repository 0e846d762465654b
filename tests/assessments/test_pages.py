"""The pages: who sees what, the department's form with a file, the office's review,
the leader's approval, the downloads, and constant query counts on the lists."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Criterion, ItemFile, RoundStatus, SubCriterion
from portal import roles
from tests.assessments.conftest import item
from tests.factories import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_unit_scores_its_item_with_a_file(
    client, officer, open_round, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    it = item(open_round, "1.1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:item_score", args=[it.pk]),
            {
                "score": "38",
                "explanation": "Đã niêm yết đầy đủ.",
                "files": SimpleUploadedFile(
                    "bang-niem-yet.pdf", PDF, content_type="application/pdf"
                ),
            },
        )
    assert response.status_code == 302
    it.refresh_from_db()
    assert it.self_score == 38
    evidence = it.files.get()
    download = client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_score_above_the_maximum_shows_the_form_again(client, officer, open_round):
    client.force_login(officer)
    it = item(open_round, "1.1")
    response = client.post(
        reverse("assessments:item_score", args=[it.pk]), {"score": "41", "explanation": "x"}
    )
    assert response.status_code == 400
    assert response.context["score_form"].errors["score"]
    it.refresh_from_db()
    assert it.self_score is None


def test_a_renamed_executable_is_refused(client, officer, open_round):
    client.force_login(officer)
    it = item(open_round, "1.1")
    response = client.post(
        reverse("assessments:item_score", args=[it.pk]),
        {"score": "3", "explanation": "x", "files": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert not ItemFile.objects.exists()


def test_another_units_item_and_file_are_not_found(
    client, officer, open_round, other_department, django_capture_on_commit_callbacks
):
    other = make_user("diachinh", roles.DEPARTMENT, department=other_department)
    theirs = item(open_round, "2.1")
    with django_capture_on_commit_callbacks(execute=True):
        services.item_self_score(
            item=theirs,
            actor=other,
            score="20",
            explanation="x",
            files=[services.Upload(name="f.pdf", content=PDF)],
        )
    assert ItemFile.objects.filter(item=theirs).exclude(file="").exists()
    client.force_login(officer)
    assert client.get(reverse("assessments:item_detail", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("assessments:item_score", args=[theirs.pk]), {"score": "1", "explanation": "x"}
        ).status_code
        == 404
    )
    for f in ItemFile.objects.filter(item=theirs):
        assert client.get(reverse("assessments:evidence_download", args=[f.pk])).status_code == 404


def test_department_staff_do_not_see_draft_rounds_nor_sets(client, officer, draft_round):
    client.force_login(officer)
    assert client.get(reverse("assessments:round_detail", args=[draft_round.pk])).status_code == 404
    assert client.get(reverse("assessments:set_list")).status_code == 403
    assert client.get(reverse("assessments:set_import")).status_code == 403


def test_desk_staff_have_no_access(client, desk, open_round):
    client.force_login(desk)
    assert client.get(reverse("assessments:round_list")).status_code == 403
    assert client.get(reverse("assessments:round_detail", args=[open_round.pk])).status_code == 403


def test_office_reviews_and_leader_approves_through_the_pages(
    client, officer, office, leader, open_round, other_department
):
    other = make_user("diachinh", roles.DEPARTMENT, department=other_department)
    for code, actor in (("1.1", officer), ("1.2", officer), ("2.1", other)):
        services.item_self_score(
            item=item(open_round, code), actor=actor, score="30", explanation="x"
        )
    client.force_login(office)
    for code in ("1.1", "1.2", "2.1"):
        response = client.post(
            reverse("assessments:item_review", args=[item(open_round, code).pk]), {"score": "30"}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("assessments:item_review", args=[item(open_round, "1.1").pk]), {"score": "20"}
    )
    assert response.status_code == 400  # a change needs its reason
    client.post(reverse("assessments:round_step", args=[open_round.pk, "reviewed"]))
    # The office cannot approve.
    client.post(reverse("assessments:round_step", args=[open_round.pk, "approve"]))
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.REVIEWED
    client.force_login(leader)
    page = client.get(reverse("assessments:round_detail", args=[open_round.pk]))
    assert [name for name, _s in page.context["steps"]] == ["return", "approve"]
    assert page.context["table"]["total"] == 90 and page.context["table"]["rating"] == "4 sao"
    client.post(reverse("assessments:round_step", args=[open_round.pk, "approve"]))
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.APPROVED and open_round.approved_by == leader
    pdf = client.get(reverse("assessments:round_pdf", args=[open_round.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    xlsx = client.get(reverse("assessments:round_xlsx", args=[open_round.pk]))
    assert xlsx.status_code == 200


def test_round_creation_and_assignment_through_the_pages(client, office, criteria_set, department):
    client.force_login(office)
    response = client.post(
        reverse("assessments:round_new", args=[criteria_set.pk]),
        {
            "round-year": "2026",
            "round-departments_due": "15/09/2026",
            "round-office_due": "30/09/2026",
            "round-default_department": str(department.pk),
        },
    )
    round_ = criteria_set.rounds.get()
    assert response.status_code == 302 and round_.departments_due == dt.date(2026, 9, 15)
    assert set(round_.items.values_list("department_id", flat=True)) == {department.pk}
    first = item(round_, "1.1")
    page = client.get(reverse("assessments:round_assign", args=[round_.pk]))
    data = {name: (field.initial or "") for name, field in page.context["form"].fields.items()}
    data[f"item-{first.pk}"] = ""
    assert (
        client.post(reverse("assessments:round_assign", args=[round_.pk]), data).status_code == 302
    )
    first.refresh_from_db()
    assert first.department_id is None


def test_import_page_reports_rows_and_saves_nothing(client, office):
    import openpyxl

    from assessments.imports import COLUMNS

    wb = openpyxl.Workbook()
    wb.active.append(COLUMNS)
    wb.active.append(("1", "A", "1.1", "", "x", "", "", "", ""))
    out = io.BytesIO()
    wb.save(out)
    client.force_login(office)
    response = client.post(
        reverse("assessments:set_import"),
        {
            "name": "Bộ mới",
            "year": "2026",
            "thresholds": "4 sao: 85",
            "file": SimpleUploadedFile("a.xlsx", out.getvalue()),
        },
    )
    assert response.status_code == 200
    assert [e.row for e in response.context["result"].errors] == [2]
    template = client.get(reverse("assessments:set_template"))
    assert template.status_code == 200


def _grow(criteria_set, n):
    criterion = Criterion.objects.create(criteria_set=criteria_set, code="9", name="Thêm", order=9)
    for i in range(n):
        SubCriterion.objects.create(
            criterion=criterion,
            code=f"9.{i}",
            text=f"Mục {i}",
            max_points=1,
            order=i,
            rule="on_time" if i % 2 else "",
            rule_threshold=98,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["round_detail", "my_items"])
def test_list_pages_use_constant_queries(client, office, criteria_set, name):
    from assessments.models import Round

    _grow(criteria_set, 2)
    small = services.round_create(
        criteria_set=criteria_set,
        year=2026,
        departments_due=dt.date(2026, 9, 15),
        office_due=dt.date(2026, 9, 30),
        actor=office,
    )
    services.round_step(round_=small, actor=office, action="open")
    client.force_login(office)
    url = reverse(f"assessments:{name}", args=[small.pk] if name == "round_detail" else [])
    before = _queries(client, url)
    _grow_more = SubCriterion.objects.filter(criterion__code="9").first().criterion
    for i in range(10):
        sub = SubCriterion.objects.create(
            criterion=_grow_more,
            code=f"9.x{i}",
            text="t",
            max_points=1,
            order=20 + i,
            rule="on_time" if i % 2 else "",
            rule_threshold=98,
        )
        small.items.create(sub=sub)
    assert Round.objects.get(pk=small.pk).items.count() == 15
    assert _queries(client, url) == before


def test_set_list_uses_constant_queries(client, office, criteria_set):
    client.force_login(office)
    url = reverse("assessments:set_list")
    before = _queries(client, url)
    for year in range(2027, 2037):
        services.criteria_set_copy(source=criteria_set, year=year)
    assert _queries(client, url) == before


def test_comparison_shows_each_year(client, office, leader, criteria_set):
    copy = services.criteria_set_copy(source=criteria_set, year=2027)
    for s in (criteria_set, copy):
        services.round_create(
            criteria_set=s,
            year=s.year,
            departments_due=dt.date(s.year, 9, 15),
            office_due=dt.date(s.year, 9, 30),
            actor=office,
        )
    client.force_login(leader)
    response = client.get(reverse("assessments:comparison"), {"criteria_set": copy.pk})
    data = response.context["data"]
    assert [r.year for r in data["rounds"]] == [2026, 2027]
    assert [row["code"] for row in data["rows"]] == ["1", "2"]
    assert data["rows"][0]["by_round"][0]["max"] == 70


def test_every_page_renders(client, office, leader, officer, open_round, criteria_set):
    client.force_login(office)
    it = item(open_round, "1.2")
    for url in (
        reverse("assessments:round_list"),
        reverse("assessments:round_list") + "?status=open&q=th%C3%A2n",
        reverse("assessments:set_list") + "?q=than+thien&year=2026",
        reverse("assessments:set_detail", args=[criteria_set.pk]),
        reverse("assessments:set_import"),
        reverse("assessments:round_detail", args=[open_round.pk]),
        reverse("assessments:round_assign", args=[open_round.pk]),
        reverse("assessments:item_detail", args=[it.pk]),
        reverse("assessments:my_items"),
        reverse("assessments:comparison"),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(officer)
    for url in (
        reverse("assessments:round_list"),
        reverse("assessments:round_detail", args=[open_round.pk]),
        reverse("assessments:item_detail", args=[it.pk]),
        reverse("assessments:my_items") + "?todo=1",
    ):
        assert client.get(url).status_code == 200, url


def test_links_to_an_issued_plan_and_a_period_are_shown(client, officer, open_round, issued_plan):
    client.force_login(officer)
    it = item(open_round, "1.1")
    response = client.post(
        reverse("assessments:item_score", args=[it.pk]),
        {
            "score": "40",
            "explanation": "Kế hoạch và số liệu một cửa.",
            "plan": str(issued_plan.pk),
            "period_kind": "onestop",
            "period_start": "01/01/2026",
            "period_end": "30/06/2026",
        },
    )
    assert response.status_code == 302
    links = list(it.links.order_by("pk"))
    assert [link.kind for link in links] == ["plan", "onestop"]
    assert links[0].url == reverse("plans:plan_detail", args=[issued_plan.pk])
    page = client.get(reverse("assessments:item_detail", args=[it.pk]))
    assert issued_plan.title in page.content.decode()


def test_a_period_link_needs_both_dates(client, officer, open_round):
    client.force_login(officer)
    it = item(open_round, "1.1")
    response = client.post(
        reverse("assessments:item_score", args=[it.pk]),
        {
            "score": "40",
            "explanation": "x",
            "period_kind": "sessions",
            "period_start": "01/01/2026",
        },
    )
    assert response.status_code == 400
    assert not it.links.exists()
