import datetime as dt
import io
import re

import pdfplumber
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import Answer, Ballot, Question
from surveys.services import survey_create
from tests.factories import ProcedureFieldFactory

SINGLE_ANSWER = "Đã gửi, được trả lời"
OPINION = "Nên có thêm ghế ngồi chờ <b>và</b> quạt mát"


@pytest.fixture
def survey(ward, office):
    today = timezone.localdate()
    return survey_create(
        title="Khảo sát sự hài lòng quý I/2026",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        actor=office,
    )


def _url(survey):
    return reverse("survey_public", args=[survey.code])


def _full_answers(survey, *, skip=None):
    data = {}
    for i, q in enumerate(survey.questions.all()):
        if q.pk == skip:
            continue
        if q.kind == Question.Kind.SCALE:
            data[f"q{q.pk}"] = str(i % 5 + 1)
        elif q.kind == Question.Kind.SINGLE:
            data[f"q{q.pk}"] = SINGLE_ANSWER
        elif q.kind == Question.Kind.TEXT:
            data[f"q{q.pk}"] = OPINION
    return data


def _scales(survey):
    return list(survey.questions.filter(kind=Question.Kind.SCALE))


def test_form_page_is_accessible_markup(client, survey):
    ProcedureFieldFactory(name="Hộ tịch", code="ho-tich")
    response = client.get(_url(survey))
    assert response.status_code == 200
    html = response.content.decode()
    questions = list(survey.questions.all())
    assert html.count("<fieldset") == len(questions)
    assert html.count("<legend") == len(questions)
    for q in _scales(survey):
        for n in range(1, 6):
            assert f'<label class="btn btn-outline-primary" for="q{q.pk}_{n}">' in html
            assert f'id="q{q.pk}_{n}"' in html
    labels = {
        "Very dissatisfied": "Rất không hài lòng",
        "Dissatisfied": "Không hài lòng",
        "Neutral": "Bình thường",
        "Satisfied": "Hài lòng",
        "Very satisfied": "Rất hài lòng",
    }
    for english, vietnamese in labels.items():
        # the English source until the catalogue has the Vietnamese entry
        assert f'"scale-text">{english}<' in html or f'"scale-text">{vietnamese}<' in html
    assert 'name="website"' in html
    assert '<label class="form-label fw-semibold" for="id_field">' in html
    assert "Hộ tịch" in html
    # the device cookie is given on the first visit, signed and httponly
    cookie = response.cookies["survey_device"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 364 * 24 * 3600


def test_full_submission_saves_one_online_ballot(client, survey):
    field = ProcedureFieldFactory(name="Chứng thực", code="chung-thuc")
    client.get(_url(survey))
    data = {**_full_answers(survey), "field": str(field.pk), "website": ""}
    response = client.post(_url(survey), data)
    assert response.status_code == 302
    assert response["Location"] == f"{_url(survey)}?sent=1"
    ballot = Ballot.objects.get(survey=survey)
    assert ballot.channel == Ballot.Channel.ONLINE
    assert ballot.field == field
    assert len(ballot.device_key) == 64
    assert ballot.answers.count() == survey.questions.count()
    single = survey.questions.get(kind=Question.Kind.SINGLE)
    assert Answer.objects.get(ballot=ballot, question=single).choice == SINGLE_ANSWER
    text = survey.questions.get(kind=Question.Kind.TEXT)
    assert Answer.objects.get(ballot=ballot, question=text).text == OPINION
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you" in thanks.content.decode() or "Cảm ơn" in thanks.content.decode()


def test_second_submission_from_the_same_browser_is_refused(client, survey):
    client.get(_url(survey))
    client.post(_url(survey), _full_answers(survey))
    assert Ballot.objects.filter(survey=survey).count() == 1
    response = client.post(_url(survey), _full_answers(survey))
    assert response.status_code == 200
    assert "Thiết bị này đã gửi phiếu cho đợt khảo sát này" in response.content.decode()
    assert Ballot.objects.filter(survey=survey).count() == 1
    # reopening the link shows the same note instead of the form
    again = client.get(_url(survey))
    assert "Thiết bị này đã gửi phiếu cho đợt khảo sát này" in again.content.decode()
    assert "<fieldset" not in again.content.decode()
    # another browser may still answer
    Client().post(_url(survey), _full_answers(survey))
    assert Ballot.objects.filter(survey=survey).count() == 2


def test_a_public_submission_costs_a_fixed_handful_of_queries(
    client, survey, django_assert_max_num_queries
):
    """The round, its questions, the ballot and its answers: no per-question query and no
    separate duplicate check (the unique constraint on the device key guards it)."""
    client.get(_url(survey))
    data = _full_answers(survey)
    with django_assert_max_num_queries(6):
        response = client.post(_url(survey), data)
    assert response.status_code == 302
    assert Ballot.objects.get(survey=survey).answers.count() == survey.questions.count()


def test_missing_required_answer_keeps_the_other_answers(client, survey):
    scales = _scales(survey)
    missing = scales[2]
    data = _full_answers(survey, skip=missing.pk)
    response = client.post(_url(survey), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert Ballot.objects.count() == 0
    for q in scales:
        if q.pk == missing.pk:
            assert not re.search(rf'id="q{q.pk}_\d" value="\d" autocomplete="off" checked', html)
            continue
        chosen = data[f"q{q.pk}"]
        assert re.search(
            rf'id="q{q.pk}_{chosen}" value="{chosen}" autocomplete="off" checked', html
        )
        others = [n for n in "12345" if n != chosen]
        for n in others:
            assert not re.search(rf'id="q{q.pk}_{n}" value="{n}" autocomplete="off" checked', html)
    single = survey.questions.get(kind=Question.Kind.SINGLE)
    assert re.search(rf'value="{SINGLE_ANSWER}" checked', html)
    assert html.count(" checked") == len(scales) - 1 + 1
    text = survey.questions.get(kind=Question.Kind.TEXT)
    # typed text comes back, escaped
    assert f'id="q{text.pk}"' in html
    assert "Nên có thêm ghế ngồi chờ &lt;b&gt;và&lt;/b&gt; quạt mát</textarea>" in html
    # the error sits in the missing question's fieldset and in the summary on top
    assert f'id="q{missing.pk}-error"' in html
    assert "Chọn mức từ 1 đến 5." in html
    assert f'href="#q{missing.pk}-set"' in html
    assert single.pk  # the single-choice answer was kept above


def test_honeypot_filled_saves_nothing_but_looks_fine(client, survey):
    data = {**_full_answers(survey), "website": "http://spam.example"}
    response = client.post(_url(survey), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?sent=1")
    assert Ballot.objects.count() == 0


def test_eleventh_post_in_a_minute_is_rate_limited(survey):
    address = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(10):
        response = Client().post(_url(survey), {}, **address)
        assert response.status_code == 200  # re-rendered with the missing answers
    response = Client().post(_url(survey), _full_answers(survey), **address)
    assert response.status_code == 429
    assert "Gửi quá nhiều lần từ kết nối này" in response.content.decode()
    assert Ballot.objects.count() == 0
    # another address is not affected
    ok = Client().post(_url(survey), _full_answers(survey), REMOTE_ADDR="203.0.113.8")
    assert ok.status_code == 302
    assert Ballot.objects.count() == 1


def test_closed_round_shows_closed_page_and_refuses_post(client, ward, office):
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)):
        survey = survey_create(
            title="Khảo sát tháng 2",
            opens_on=dt.date(2026, 2, 1),
            closes_on=dt.date(2026, 2, 28),
            actor=office,
        )
        response = client.get(_url(survey))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Đợt khảo sát này đã kết thúc." in html
        assert "01/02/2026" in html and "28/02/2026" in html
        assert "<fieldset" not in html
        response = client.post(_url(survey), _full_answers(survey))
        assert response.status_code == 403
        assert "Đợt khảo sát này đã kết thúc." in response.content.decode()
        assert Ballot.objects.count() == 0


def test_round_not_open_yet(client, ward, office):
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC)):
        survey = survey_create(
            title="Khảo sát tháng 2",
            opens_on=dt.date(2026, 2, 1),
            closes_on=dt.date(2026, 2, 28),
            actor=office,
        )
        html = client.get(_url(survey)).content.decode()
        assert "chưa bắt đầu" in html and "01/02/2026" in html
        assert client.post(_url(survey), _full_answers(survey)).status_code == 403
    assert Ballot.objects.count() == 0


def test_unknown_code_is_404(client, ward):
    assert client.get("/ks/khongco/").status_code == 404


def test_csrf_is_enforced(survey):
    client = Client(enforce_csrf_checks=True)
    client.get(_url(survey))
    response = client.post(_url(survey), _full_answers(survey))
    assert response.status_code == 403
    assert Ballot.objects.count() == 0


def test_titles_and_questions_are_escaped(client, ward, office):
    today = timezone.localdate()
    survey = survey_create(
        title="<script>alert(1)</script>", opens_on=today, closes_on=today, actor=office
    )
    html = client.get(_url(survey)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_qr_and_poster_need_staff_login(client, survey):
    for name in ("surveys:qr_svg", "surveys:poster_pdf"):
        url = reverse(name, args=[survey.pk])
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_citizen_role_cannot_get_the_poster(client, survey, desk):
    client.force_login(desk)
    assert client.get(reverse("surveys:poster_pdf", args=[survey.pk])).status_code == 403


def test_qr_svg(client, survey, office):
    client.force_login(office)
    response = client.get(reverse("surveys:qr_svg", args=[survey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_poster_pdf_has_title_url_and_dates(client, survey, office):
    client.force_login(office)
    response = client.get(reverse("surveys:poster_pdf", args=[survey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
        assert len(pdf.pages[0].images) + len(pdf.pages[0].rects) > 0  # the QR code
    assert f"http://testserver/ks/{survey.code}/" in text.replace("\n", "")
    flat = " ".join(text.split())
    assert survey.title in flat
    assert "MỜI ÔNG/BÀ ĐÁNH GIÁ SỰ HÀI LÒNG VỀ THỦ TỤC HÀNH CHÍNH" in flat
    assert "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LA" in text
    assert survey.opens_on.strftime("%d/%m/%Y") in text
    assert survey.closes_on.strftime("%d/%m/%Y") in text
