"""Survey results: every rate against numbers worked out by hand, the organisations'
opinions, the page, the spreadsheets, the printed annex and who may open them."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.models import Opinion
from surveys import results
from surveys.models import Answer, Ballot, Criterion, Question
from surveys.services import answer_to_opinion, ballot_submit, survey_create
from tests.factories import MassOrganizationFactory, ProcedureFieldFactory, make_user

OPENS, CLOSES = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
DAY = dt.date(2025, 3, 10)

# Scores of the nine scale questions (criteria: access x2, procedure x2, staff x2,
# result x2, feedback x1), ballot by ballot:
#   B1 paper  P1 org A field F1: 5 5 5 5 5 5 5 5 5 -> 9 of 9 satisfied
#   B2 paper  P2 org A field F2: 4 4 3 3 2 1 4 5 3 -> 4 of 9
#   B3 paper  P3 org B field F1: 5 4 4 4 4 4 4 3 2 -> 7 of 9
#   B4 online       -  field F2: 1 2 3 4 5 1 2 3 4 -> 3 of 9
#   B5 online       -  no field: 5 5 5 5 5 5 5 5 3 -> 8 of 9
SCORES = {
    "B1": [5, 5, 5, 5, 5, 5, 5, 5, 5],
    "B2": [4, 4, 3, 3, 2, 1, 4, 5, 3],
    "B3": [5, 4, 4, 4, 4, 4, 4, 3, 2],
    "B4": [1, 2, 3, 4, 5, 1, 2, 3, 4],
    "B5": [5, 5, 5, 5, 5, 5, 5, 5, 3],
}


def vi(*msgids: str):
    """The UI strings as the (Vietnamese) pages show them, translated or not yet."""
    with translation.override("vi"):
        out = [translation.gettext(m) for m in msgids]
    return out[0] if len(out) == 1 else out


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def _xlsx(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True)


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _submit(survey, channel, scores, *, serial="", organisation=None, field=None, text=""):
    questions = list(survey.questions.all())
    answers = {}
    scale = [q for q in questions if q.kind == Question.Kind.SCALE]
    for q, score in zip(scale, scores, strict=True):
        answers[q.pk] = str(score)
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    answers[single.pk] = single.choice_list[0]
    if text:
        answers[next(q for q in questions if q.kind == Question.Kind.TEXT).pk] = text
    return ballot_submit(
        survey=survey,
        channel=channel,
        answers=answers,
        serial=serial,
        organisation=organisation,
        field=field,
        today=DAY,
    )


@pytest.fixture
def data(ward, office):
    org_a = MassOrganizationFactory(name="Hội Liên hiệp Phụ nữ phường", order=1)
    org_b = MassOrganizationFactory(name="Hội Cựu chiến binh phường", order=2)
    org_c = MassOrganizationFactory(name="Đoàn Thanh niên phường", order=3)
    f1 = ProcedureFieldFactory(name="Hộ tịch", code="ho-tich", order=1)
    f2 = ProcedureFieldFactory(name="Đất đai", code="dat-dai", order=2)
    previous = survey_create(
        title="Khảo sát quý IV/2024", opens_on=dt.date(2024, 10, 1), closes_on=dt.date(2024, 12, 31)
    )
    old = _submit(previous, "paper", [5] * 9, serial="C1", organisation=org_b, text="Cũ")
    survey = survey_create(title="Khảo sát quý I/2025", opens_on=OPENS, closes_on=CLOSES)
    paper, online = Ballot.Channel.PAPER, Ballot.Channel.ONLINE
    ballots = {
        "B1": _submit(
            survey, paper, SCORES["B1"], serial="P1", organisation=org_a, field=f1, text="Tốt"
        ),
        "B2": _submit(survey, paper, SCORES["B2"], serial="P2", organisation=org_a, field=f2),
        "B3": _submit(survey, paper, SCORES["B3"], serial="P3", organisation=org_b, field=f1),
        "B4": _submit(survey, online, SCORES["B4"], field=f2),
        "B5": _submit(survey, online, SCORES["B5"], text="Cần thêm ghế chờ"),
    }
    # Opinions: org A has one turned from this round's answer and one sent during the
    # round (2: meets the minimum); org B one sent during the round (1: below).
    text_answer = Answer.objects.get(ballot=ballots["B1"], question__kind=Question.Kind.TEXT)
    answer_to_opinion(answer=text_answer, actor=office)
    in_round = timezone.make_aware(dt.datetime(2025, 3, 15, 9, 0))
    before = timezone.make_aware(dt.datetime(2025, 2, 28, 23, 0))
    after = timezone.make_aware(dt.datetime(2025, 4, 1, 0, 30))
    last_day = timezone.make_aware(dt.datetime(2025, 3, 31, 23, 30))

    def opinion(org, source, at):
        o = Opinion.objects.create(source=source, organisation=org, content="Ý kiến")
        Opinion.objects.filter(pk=o.pk).update(created_at=at)

    opinion(org_a, Opinion.Source.ORGANISATION, in_round)
    opinion(org_a, Opinion.Source.ORGANISATION, before)  # before the round: not counted
    opinion(org_b, Opinion.Source.ORGANISATION, last_day)  # last evening: counted
    opinion(org_b, Opinion.Source.ORGANISATION, after)  # after the round: not counted
    opinion(org_b, Opinion.Source.FLOOR, in_round)  # not from the organisation: no
    # The previous round's answer turned into an opinion of org B: not this round's.
    old_answer = Answer.objects.get(ballot=old, question__kind=Question.Kind.TEXT)
    old_opinion = answer_to_opinion(answer=old_answer, actor=office)
    Opinion.objects.filter(pk=old_opinion.pk).update(created_at=before)
    return {
        "survey": survey,
        "previous": previous,
        "ballots": ballots,
        "orgs": (org_a, org_b, org_c),
        "fields": (f1, f2),
    }


def _by_key(rows):
    return {r["key"]: (r["satisfied"], r["answers"], r["rate"]) for r in rows}


# --- Selectors -------------------------------------------------------------------------


def test_percent_rounds_half_up():
    assert results.percent(7, 9) == Decimal("77.78")
    assert results.percent(31, 45) == Decimal("68.89")
    assert results.percent(1, 8) == Decimal("12.50")
    assert results.percent(0, 0) is None


def test_rates_per_question_and_criterion(data):
    survey = data["survey"]
    r = results.survey_results(survey)
    assert r["target"] == Decimal("99")
    # Question by question, over the five ballots (see SCORES).
    expected = [4, 4, 3, 4, 4, 3, 4, 3, 2]
    assert [q["satisfied"] for q in r["by_question"]] == expected
    assert [q["answers"] for q in r["by_question"]] == [5] * 9
    assert [q["rate"] for q in r["by_question"]] == [
        Decimal(v) for v in ("80", "80", "60", "80", "80", "60", "80", "60", "40")
    ]
    assert r["by_question"][0]["scores"] == [1, 0, 0, 1, 3]  # Q1: 5 4 5 1 5
    assert r["by_question"][8]["scores"] == [0, 1, 2, 1, 1]  # Q9: 5 3 2 4 3
    assert all(not q["meets_target"] for q in r["by_question"])
    assert _by_key(r["by_criterion"]) == {
        Criterion.ACCESS: (8, 10, Decimal("80.00")),
        Criterion.PROCEDURE: (7, 10, Decimal("70.00")),
        Criterion.STAFF: (7, 10, Decimal("70.00")),
        Criterion.RESULT: (7, 10, Decimal("70.00")),
        Criterion.FEEDBACK: (2, 5, Decimal("40.00")),
    }
    assert [c["key"] for c in r["by_criterion"]][0] == Criterion.ACCESS


def test_rates_per_field_organisation_channel_and_round(data):
    survey = data["survey"]
    org_a, org_b, _org_c = data["orgs"]
    f1, f2 = data["fields"]
    r = results.survey_results(survey)
    assert _by_key(r["by_field"]) == {
        f1.pk: (16, 18, Decimal("88.89")),  # B1 + B3
        f2.pk: (7, 18, Decimal("38.89")),  # B2 + B4
        "none": (8, 9, Decimal("88.89")),  # B5
    }
    assert [row["ballots"] for row in r["by_field"]] == [2, 2, 1]
    assert _by_key(r["by_organisation"]) == {
        org_a.pk: (13, 18, Decimal("72.22")),  # B1 + B2
        org_b.pk: (7, 18 // 2, Decimal("77.78")),  # B3: 7 of 9
        "none": (11, 18, Decimal("61.11")),  # B4 + B5, online
    }
    assert r["by_organisation"][-1]["key"] == "none"
    assert _by_key(r["by_channel"]) == {
        Ballot.Channel.ONLINE: (11, 18, Decimal("61.11")),
        Ballot.Channel.PAPER: (20, 27, Decimal("74.07")),
    }
    assert {row["key"]: row["ballots"] for row in r["by_channel"]} == {"online": 2, "paper": 3}
    overall = r["overall"]
    assert (overall["satisfied"], overall["answers"], overall["ballots"]) == (31, 45, 5)
    assert overall["rate"] == Decimal("68.89")
    assert overall["meets_target"] is False
    # Every round, oldest first: the previous round was all 5s.
    assert [
        (row["key"], row["satisfied"], row["answers"], row["rate"]) for row in r["by_round"]
    ] == [
        (data["previous"].pk, 9, 9, Decimal("100.00")),
        (survey.pk, 31, 45, Decimal("68.89")),
    ]
    assert r["by_round"][0]["meets_target"] is True


def test_target_comes_from_the_ward(data, ward):
    ward.satisfaction_target = Decimal("60")
    ward.save()
    r = results.survey_results(data["survey"])
    assert r["target"] == Decimal("60")
    assert r["overall"]["meets_target"] is True
    assert {row["key"]: row["meets_target"] for row in r["by_channel"]} == {
        "online": True,
        "paper": True,
    }


def test_organisation_opinions_against_the_minimum(data):
    org_a, org_b, org_c = data["orgs"]
    rows = results.organisation_opinions(data["survey"])
    counts = {row["key"]: (row["opinions"], row["meets_minimum"]) for row in rows}
    assert counts == {org_a.pk: (2, True), org_b.pk: (1, False), org_c.pk: (0, False)}
    assert all(row["minimum"] == 2 for row in rows)
    # The previous round: only org B's opinion turned from that round's answer.
    counts = {
        row["key"]: row["opinions"] for row in results.organisation_opinions(data["previous"])
    }
    assert counts == {org_a.pk: 0, org_b.pk: 1, org_c.pk: 0}


def test_ballot_rows_in_chunks(data):
    survey = data["survey"]
    questions = list(survey.questions.order_by("order", "pk"))
    whole = list(results.ballot_rows(survey, questions))
    with CaptureQueriesContext(connection) as queries:
        chunked = list(results.ballot_rows(survey, questions, chunk=2))
    assert chunked == whole
    assert [row[0] for row in chunked] == [1, 2, 3, 4, 5]
    assert len(queries) == 3 * 2  # 3 chunks of ballots, each with its answers' query


# --- Views -----------------------------------------------------------------------------


def test_results_page(client, data, leader):
    client.force_login(leader)
    response = client.get(reverse("surveys:results", args=[data["survey"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="target">99%<' in html
    assert "68,89" in html  # overall
    assert "77,78" in html  # org B
    assert "88,89" in html and "74,07" in html and "61,11" in html
    assert 'id="results-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "surveys/results_chart.js" in html
    assert "cdn" not in html.lower()
    data_json = response.context["data"]
    assert data_json["target"] == 99.0
    assert [c["rate"] for c in data_json["criteria"]] == [80.0, 70.0, 70.0, 70.0, 40.0]
    assert len(data_json["questions"]) == 9


def test_results_page_queries_do_not_grow_with_ballots(client, data, office):
    client.force_login(office)
    url = reverse("surveys:results", args=[data["survey"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    org_a, org_b, _ = data["orgs"]
    f1, f2 = data["fields"]
    for i in range(6):
        _submit(
            data["survey"],
            Ballot.Channel.PAPER,
            [4] * 9,
            serial=f"X{i}",
            organisation=(org_a, org_b)[i % 2],
            field=(f1, f2)[i % 2],
        )
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["overall"]["ballots"] == 11
    assert len(second) == len(first)
    assert len(first) <= 20


def test_results_xlsx(client, data, office):
    client.force_login(office)
    response = client.get(reverse("surveys:results_xlsx", args=[data["survey"].pk]))
    book = _xlsx(response)
    assert len(book.worksheets) == 8
    summary = dict((r[0], r[1]) for r in _rows(book.worksheets[0])[1:])
    assert summary[vi("Rate (%)")] == pytest.approx(0.6889)
    assert summary[vi("Target (%)")] == pytest.approx(0.99)
    by_question = _rows(book.worksheets[1])
    assert by_question[0][:2] == vi("No.", "Question")
    assert by_question[0][-4:] == vi("Scale answers", "Satisfied (4-5)", "Rate (%)", "Meets target")
    assert len(by_question) == 1 + 9
    assert by_question[1][0] == 1
    assert by_question[1][3:8] == [1, 0, 0, 1, 3]
    assert by_question[1][8:11] == [5, 4, pytest.approx(0.8)]
    by_channel = _rows(book.worksheets[5])
    assert by_channel[0] == vi(
        "Channel", "Ballots", "Scale answers", "Satisfied (4-5)", "Rate (%)", "Meets target"
    )
    assert [r[1:5] for r in by_channel[1:]] == [
        [2, 18, 11, pytest.approx(0.6111)],
        [3, 27, 20, pytest.approx(0.7407)],
    ]
    opinions = _rows(book.worksheets[7])
    assert opinions[0] == vi("Organisation", "Opinions", "Minimum", "Meets minimum")
    assert [r[1] for r in opinions[1:]] == [2, 1, 0]


def test_ballots_xlsx(client, data, office):
    client.force_login(office)
    survey = data["survey"]
    response = client.get(reverse("surveys:ballots_xlsx", args=[survey.pk]))
    rows = _rows(_xlsx(response).worksheets[0])
    questions = list(survey.questions.all())
    assert rows[0][:6] == vi(
        "No.", "Channel", "Serial number", "Organisation", "Procedure field", "Submitted at"
    )
    assert rows[0][6:] == [f"{n}. {q.text}" for n, q in enumerate(questions, start=1)]
    assert len(rows) == 1 + 5
    paper, online = vi("paper", "online")
    org_a = data["orgs"][0]
    f1 = data["fields"][0]
    first = rows[1]
    assert first[:5] == [1, paper, "P1", org_a.name, f1.name]
    local = timezone.localtime(data["ballots"]["B1"].submitted_at)
    assert first[5] == local.replace(tzinfo=None, microsecond=0)
    assert first[6:15] == SCORES["B1"]
    assert first[15] == questions[9].choice_list[0]
    assert first[16] == "Tốt"
    last = rows[5]
    assert last[:5] == [5, online, None, None, None]
    assert last[6:15] == SCORES["B5"]
    assert last[16] == "Cần thêm ghế chờ"
    assert rows[2][16] is None  # B2 left the free text empty


def test_results_pdf(client, data, leader):
    client.force_login(leader)
    response = client.get(reverse("surveys:results_pdf", args=[data["survey"].pk]))
    assert response.status_code == 200
    text = _pdf_text(response)
    assert "PHỤ LỤC KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG" in text
    assert "Khảo sát quý I/2025" in text
    assert "Tỷ lệ hài lòng chung: 68,89% (chỉ tiêu 99%): chưa đạt chỉ tiêu" in text
    assert "77,78" in text and "100,00" in text
    assert "Hội Liên hiệp Phụ nữ phường" in text


@pytest.mark.parametrize("name", ["results", "results_xlsx", "results_pdf", "ballots_xlsx"])
def test_permissions(client, data, officer, name):
    url = reverse(f"surveys:{name}", args=[data["survey"].pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(officer)
    assert client.get(url).status_code == 403
    desk = make_user("motcua2", "Một cửa")
    client.force_login(desk)
    assert client.get(url).status_code == 403


def test_unknown_round_is_404(client, office):
    client.force_login(office)
    assert client.get(reverse("surveys:results", args=[999999])).status_code == 404
