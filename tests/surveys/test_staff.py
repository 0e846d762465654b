"""Survey rounds, questions, paper ballots, import, free text: the staff side."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from dialogues.models import Opinion
from surveys import services
from surveys.models import Ballot, BallotEdit, Question

D = dt.date


@pytest.fixture
def survey(office):
    return services.survey_create(
        title="Khảo sát sự hài lòng quý IV/2026",
        opens_on=D(2026, 10, 1),
        closes_on=D(2026, 12, 31),
        actor=office,
    )


def _full_post(survey, serial, **extra):
    data = {"serial": serial}
    for q in survey.questions.all():
        if q.kind == "scale":
            data[f"q{q.pk}"] = "4"
        elif q.kind == "single":
            data[f"q{q.pk}"] = q.choice_list[0]
    data.update(extra)
    return data


def test_a_round_starts_from_the_satisfaction_template(survey):
    criteria = list(survey.questions.values_list("criterion", flat=True).distinct())
    assert {"access", "procedure", "staff", "result", "feedback"} <= set(criteria)
    assert survey.questions.filter(kind="scale").count() == 9
    assert survey.code.startswith("ks") and len(survey.code) == 7


def test_questions_reorder_and_freeze_once_a_ballot_exists(client, survey, office):
    first, second = list(survey.questions.all())[:2]
    client.force_login(office)
    client.post(f"/surveys/{survey.pk}/questions/{second.pk}/move/", {"direction": "up"})
    assert list(survey.questions.values_list("pk", flat=True))[:2] == [second.pk, first.pk]
    client.post(f"/surveys/{survey.pk}/paper/", _full_post(survey, "001"))
    assert survey.ballots.count() == 1
    with pytest.raises(ValidationError):
        services.question_move(question=first, up=True)
    response = client.post(f"/surveys/{survey.pk}/questions/{first.pk}/delete/", follow=True)
    assert "đóng băng" in response.content.decode() or "Đã nhận phiếu" in response.content.decode()
    assert Question.objects.filter(pk=first.pk).exists()


def test_paper_entry_is_keyboard_first_and_rejects_a_repeated_serial(client, survey, office):
    client.force_login(office)
    page = client.get(f"/surveys/{survey.pk}/paper/").content.decode()
    scale = survey.questions.filter(kind="scale").first()
    assert 'id="serial"' in page and "autofocus" in page
    assert (
        f'<label for="q{scale.pk}">' in page
        and 'inputmode="numeric"' in page
        and 'pattern="[1-5]"' in page
    )
    response = client.post(f"/surveys/{survey.pk}/paper/", _full_post(survey, "A-17"))
    assert response.status_code == 302 and "/paper/" in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert "Đã lưu phiếu A-17." in body and "1 phiếu giấy" in body
    again = client.post(f"/surveys/{survey.pk}/paper/", _full_post(survey, "A-17"))
    assert again.status_code == 400 and "A-17" in again.content.decode()
    assert Ballot.objects.filter(serial="A-17").count() == 1


def test_a_bad_digit_is_refused_and_the_rest_is_kept(client, survey, office):
    client.force_login(office)
    scale = survey.questions.filter(kind="scale").first()
    data = _full_post(survey, "B-1", **{f"q{scale.pk}": "7"})
    response = client.post(f"/surveys/{survey.pk}/paper/", data)
    body = response.content.decode()
    assert response.status_code == 400 and 'value="B-1"' in body
    assert not survey.ballots.exists()


def test_edits_to_an_entered_ballot_are_logged(client, survey, office):
    client.force_login(office)
    client.post(f"/surveys/{survey.pk}/paper/", _full_post(survey, "C-1"))
    ballot = survey.ballots.get()
    scale = survey.questions.filter(kind="scale").first()
    client.post(
        f"/surveys/{survey.pk}/ballots/{ballot.pk}/",
        _full_post(survey, "C-1", **{f"q{scale.pk}": "2"}),
    )
    assert ballot.answers.get(question=scale).score == 2
    edit = BallotEdit.objects.get(ballot=ballot)
    assert edit.edited_by == office and '"before"' in edit.changes


def test_leaders_read_the_corrections_log_and_the_desk_does_not(
    client, survey, office, leader, desk
):
    client.force_login(office)
    client.post(f"/surveys/{survey.pk}/paper/", _full_post(survey, "C-7"))
    ballot = survey.ballots.get()
    scale = survey.questions.filter(kind="scale").first()
    client.post(
        f"/surveys/{survey.pk}/ballots/{ballot.pk}/",
        _full_post(survey, "C-7", **{f"q{scale.pk}": "2"}),
    )
    client.force_login(leader)
    page = client.get(f"/surveys/{survey.pk}/corrections/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "C-7" in html and office.display_name in html and "before" in html
    client.force_login(desk)
    assert client.get(f"/surveys/{survey.pk}/corrections/").status_code == 403


def test_the_correction_form_shows_every_answer_of_the_ballot(client, office, ward):
    """Including each chosen option of a multiple-choice question."""
    survey = services.survey_create(
        title="Đợt có câu nhiều lựa chọn",
        opens_on=D(2026, 10, 1),
        closes_on=D(2026, 12, 31),
        actor=office,
        from_template=False,
    )
    scale = Question.objects.create(survey=survey, order=1, kind="scale", text="Thái độ")
    multi = Question.objects.create(
        survey=survey,
        order=2,
        kind="multiple",
        text="Kênh nhận thông tin",
        choices="Loa phát thanh\nZalo\nNiêm yết",
        required=False,
    )
    client.force_login(office)
    client.post(
        f"/surveys/{survey.pk}/paper/",
        {"serial": "M-1", f"q{scale.pk}": "5", f"q{multi.pk}": ["Loa phát thanh", "Niêm yết"]},
    )
    ballot = survey.ballots.get()
    html = client.get(f"/surveys/{survey.pk}/ballots/{ballot.pk}/").content.decode()
    assert (
        f'name="q{scale.pk}" inputmode="numeric" pattern="[1-5]" maxlength="1" placeholder="1-5" value="5"'
        in html
    )
    assert "<option selected>Loa phát thanh</option>" in html
    assert "<option selected>Niêm yết</option>" in html
    assert "<option>Zalo</option>" in html


def test_an_organisation_enters_ballots_under_its_own_name_only(client, survey, organisation_user):
    client.force_login(organisation_user)
    client.post(f"/surveys/{survey.pk}/paper/", _full_post(survey, "M-1", organisation=""))
    assert survey.ballots.get().organisation == organisation_user.mass_organization
    assert client.get(f"/surveys/{survey.pk}/results/").status_code == 403


def _workbook(rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "phieu.xlsx"
    return buffer


def test_import_reports_every_bad_row_and_saves_nothing(client, survey, office):
    from surveys.imports import _header

    client.force_login(office)
    template = client.get(f"/surveys/{survey.pk}/import/template.xlsx")
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[1]]
    assert header == _header(survey)
    questions = list(survey.questions.all())
    good = ["P-1", "", ""] + [
        4 if q.kind == "scale" else (q.choice_list[0] if q.kind == "single" else "")
        for q in questions
    ]
    bad_score = ["P-2", "", ""] + [
        9 if q.kind == "scale" else (q.choice_list[0] if q.kind == "single" else "")
        for q in questions
    ]
    repeated = list(good)
    response = client.post(
        f"/surveys/{survey.pk}/import/", {"file": _workbook([header, good, bad_score, repeated])}
    )
    body = response.content.decode()
    assert "Chưa nhập dòng nào" in body and "<td>3</td>" in body and "<td>4</td>" in body
    assert not survey.ballots.exists()
    response = client.post(f"/surveys/{survey.pk}/import/", {"file": _workbook([header, good])})
    assert response.status_code == 302 and survey.ballots.get().serial == "P-1"


def test_free_text_becomes_a_dialogue_opinion_once(client, survey, office):
    text_q = survey.questions.get(kind="text")
    client.force_login(office)
    client.post(
        f"/surveys/{survey.pk}/paper/",
        _full_post(survey, "T-1", **{f"q{text_q.pk}": "Cần thêm chỗ để xe"}),
    )
    answer = text_q.answers.get()
    client.post(f"/surveys/{survey.pk}/texts/{answer.pk}/opinion/")
    client.post(f"/surveys/{survey.pk}/texts/{answer.pk}/opinion/")
    opinion = Opinion.objects.get()
    assert opinion.source == Opinion.Source.BALLOT and opinion.content == "Cần thêm chỗ để xe"
    assert "Cần thêm chỗ để xe" in client.get(f"/surveys/{survey.pk}/texts/").content.decode()


def test_correcting_a_ballot_keeps_the_opinion_made_from_its_text(client, survey, office):
    text_q = survey.questions.get(kind="text")
    scale = survey.questions.filter(kind="scale").first()
    client.force_login(office)
    client.post(
        f"/surveys/{survey.pk}/paper/", _full_post(survey, "K-1", **{f"q{text_q.pk}": "Thêm quạt"})
    )
    answer = text_q.answers.get()
    client.post(f"/surveys/{survey.pk}/texts/{answer.pk}/opinion/")
    ballot = survey.ballots.get()
    client.post(
        f"/surveys/{survey.pk}/ballots/{ballot.pk}/",
        _full_post(survey, "K-1", **{f"q{text_q.pk}": "Thêm quạt", f"q{scale.pk}": "3"}),
    )
    assert text_q.answers.get().opinion == Opinion.objects.get()


def test_a_corrected_ballot_moves_the_results(client, survey, office):
    from surveys.results import survey_results

    client.force_login(office)
    client.post(f"/surveys/{survey.pk}/paper/", _full_post(survey, "R-1"))
    assert survey_results(survey)["overall"]["satisfied"] == 9
    ballot = survey.ballots.get()
    scale = survey.questions.filter(kind="scale").first()
    client.post(
        f"/surveys/{survey.pk}/ballots/{ballot.pk}/",
        _full_post(survey, "R-1", **{f"q{scale.pk}": "2"}),
    )
    results = survey_results(survey)
    assert (results["overall"]["satisfied"], results["overall"]["answers"]) == (8, 9)
    assert results["by_channel"][1]["satisfied"] == 8  # paper
