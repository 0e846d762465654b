"""Writes on survey rounds and ballots."""

from __future__ import annotations

import datetime as dt
import json
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Organization
from surveys.models import SATISFIED_FROM, Answer, Ballot, BallotEdit, Criterion, Question, Survey

# The ready-made administrative-procedure satisfaction questionnaire (content, not UI).
SATISFACTION_TEMPLATE: list[tuple[str, str, str, str]] = [
    (
        Criterion.ACCESS,
        "scale",
        "Địa điểm, nơi ngồi chờ, trang thiết bị tại Bộ phận Một cửa thuận tiện",
        "",
    ),
    (
        Criterion.ACCESS,
        "scale",
        "Thông tin về thủ tục hành chính được niêm yết, hướng dẫn đầy đủ, dễ hiểu",
        "",
    ),
    (
        Criterion.PROCEDURE,
        "scale",
        "Thành phần hồ sơ, mẫu đơn, tờ khai phải nộp hợp lý, dễ kê khai",
        "",
    ),
    (Criterion.PROCEDURE, "scale", "Phí, lệ phí phải nộp đúng quy định, được công khai", ""),
    (Criterion.STAFF, "scale", "Công chức có thái độ lịch sự, tận tình, không gây phiền hà", ""),
    (
        Criterion.STAFF,
        "scale",
        "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, một lần là đủ",
        "",
    ),
    (Criterion.RESULT, "scale", "Hồ sơ được trả kết quả đúng hẹn", ""),
    (Criterion.RESULT, "scale", "Kết quả nhận được đúng quy định, thông tin chính xác", ""),
    (
        Criterion.FEEDBACK,
        "scale",
        "Việc tiếp nhận, xử lý phản ánh, kiến nghị được thực hiện kịp thời",
        "",
    ),
    (
        Criterion.FEEDBACK,
        "single",
        "Ông/Bà đã từng gửi phản ánh, kiến nghị về thủ tục hành chính chưa?",
        "Chưa\nĐã gửi, được trả lời\nĐã gửi, chưa được trả lời",
    ),
    (
        Criterion.OTHER,
        "text",
        "Ý kiến, kiến nghị khác của Ông/Bà để {committee} phục vụ tốt hơn",
        "",
    ),
]


def _new_code() -> str:
    return "ks" + "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(5))


@transaction.atomic
def survey_create(
    *,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    actor=None,
    from_template: bool = True,
    **extra,
) -> Survey:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The round closes before it opens.")})
    survey = Survey(title=title, opens_on=opens_on, closes_on=closes_on, created_by=actor, **extra)
    survey.code = _new_code()
    while Survey.objects.filter(code=survey.code).exists():  # pragma: no cover - 31^5 codes
        survey.code = _new_code()
    survey.full_clean()
    survey.save()
    if from_template:
        org = Organization.objects.order_by("pk").first()
        committee = org.committee_short if org else "UBND"
        Question.objects.bulk_create(
            Question(
                survey=survey,
                order=i,
                criterion=c,
                kind=k,
                text=t.format(committee=committee),
                choices=ch,
                required=k != "text",
            )
            for i, (c, k, t, ch) in enumerate(SATISFACTION_TEMPLATE, start=1)
        )
    return survey


def questions_frozen(survey: Survey) -> bool:
    """Once a ballot exists the questions cannot change: a change means a new round."""
    return survey.ballots.exists()


def _check_not_frozen(survey: Survey) -> None:
    if questions_frozen(survey):
        raise ValidationError(
            _(
                "Ballots have been received: the questions are frozen. Start a new round to change them."
            )
        )


def question_save(*, question: Question) -> Question:
    _check_not_frozen(question.survey)
    if (
        question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
        and len(question.choice_list) < 2
    ):
        raise ValidationError({"choices": _("A choice question needs at least two choices.")})
    question.full_clean()
    question.save()
    return question


def question_delete(*, question: Question) -> None:
    _check_not_frozen(question.survey)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """Swap a question with its neighbour; orders are renumbered 1..n."""
    _check_not_frozen(question.survey)
    questions = list(question.survey.questions.all())
    i = next(n for n, q in enumerate(questions) if q.pk == question.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
    for n, q in enumerate(questions, start=1):
        q.order = n
    Question.objects.bulk_update(questions, ["order"])


def _clean_answers(
    survey: Survey, raw: dict[int, object], questions: list[Question] | None = None
) -> tuple[list[Answer], dict[int, str]]:
    """Turn {question id: value} into unsaved Answers; errors by question id."""
    answers, errors = [], {}
    for q in survey.questions.all() if questions is None else questions:
        value = raw.get(q.pk)
        if q.kind == Question.Kind.SCALE:
            if value in (None, ""):
                if q.required:
                    errors[q.pk] = _("Choose a level from 1 to 5.")
                continue
            try:
                score = int(value)
            except (TypeError, ValueError):
                score = 0
            if not 1 <= score <= 5:
                errors[q.pk] = _("Choose a level from 1 to 5.")
                continue
            answers.append(Answer(question=q, score=score))
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            values = value if isinstance(value, list | tuple) else ([value] if value else [])
            values = [v for v in values if v]
            if not values:
                if q.required:
                    errors[q.pk] = _("Choose an answer.")
                continue
            if (
                q.kind == Question.Kind.SINGLE
                and len(values) > 1
                or any(v not in q.choice_list for v in values)
            ):
                errors[q.pk] = _("Choose among the answers offered.")
                continue
            answers.append(Answer(question=q, choice="\n".join(values)))
        else:
            text = (value or "").strip() if isinstance(value, str) else ""
            if not text:
                if q.required:
                    errors[q.pk] = _("This question needs an answer.")
                continue
            answers.append(Answer(question=q, text=text[:4000]))
    return answers, errors


def score_totals(answers) -> dict[str, int]:
    """The ballot's count of scale answers and of satisfied ones (4-5)."""
    scores = [a.score for a in answers if a.score is not None]
    return {
        "scale_answers": len(scores),
        "satisfied_answers": sum(1 for s in scores if s >= SATISFIED_FROM),
    }


class BallotError(ValidationError):
    """Per-question errors (question id -> message) plus general ones."""

    def __init__(self, errors: dict[int, str], general: list[str] | None = None):
        self.question_errors = errors
        self.general = general or []
        super().__init__(self.general or list(errors.values()))


@transaction.atomic
def ballot_submit(
    *,
    survey: Survey,
    channel: str,
    answers: dict[int, object],
    field=None,
    organisation=None,
    serial: str = "",
    device_key: str = "",
    entered_by=None,
    today: dt.date | None = None,
    questions: list[Question] | None = None,
) -> Ballot:
    """Save one ballot with its answers, or raise BallotError and save nothing.

    An online ballot needs the round to be open and its device not to have answered
    yet; a paper ballot needs a serial number not entered before in this round. The
    device rule is left to the unique constraint on (round, device key): a public POST
    costs no query for it. `questions` are the round's, when the caller has read them.
    """
    today = today or timezone.localdate()
    general = []
    if channel == Ballot.Channel.ONLINE and not survey.is_open_on(today):
        general.append(_("This survey round is closed."))
    serial = serial.strip()
    if channel == Ballot.Channel.PAPER and not serial:
        general.append(_("Enter the serial number printed on the paper ballot."))
    if serial and Ballot.objects.filter(survey=survey, serial=serial).exists():
        general.append(_("Ballot number %(serial)s has already been entered.") % {"serial": serial})
    cleaned, errors = _clean_answers(survey, answers, questions)
    if general or errors:
        raise BallotError(errors, general)
    ballot = Ballot(
        survey=survey,
        channel=channel,
        **score_totals(cleaned),
        serial=serial,
        organisation=organisation,
        field=field,
        device_key=device_key,
        entered_by=entered_by,
    )
    try:
        # No savepoint of its own: the error leaves this function's atomic block, which
        # rolls the whole ballot back.
        ballot.save()
    except IntegrityError as exc:  # this device answered already, or a concurrent twin won
        if device_key:
            message = _("This device has already sent a ballot for this round. Thank you!")
        else:
            message = _("This ballot has already been received.")
        raise BallotError({}, [message]) from exc
    for answer in cleaned:
        answer.ballot = ballot
    Answer.objects.bulk_create(cleaned)
    return ballot


def _snapshot(ballot: Ballot) -> dict:
    return {
        "field": ballot.field_id,
        "organisation": ballot.organisation_id,
        "answers": {a.question_id: a.score or a.choice or a.text for a in ballot.answers.all()},
    }


@transaction.atomic
def ballot_update(
    *, ballot: Ballot, answers: dict[int, object], actor, field=None, organisation=None
) -> Ballot:
    """Correct an entered ballot; the change is logged with who made it."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    before = _snapshot(ballot)
    cleaned, errors = _clean_answers(ballot.survey, answers)
    if errors:
        raise BallotError(errors)
    ballot.field = field
    ballot.organisation = organisation
    for name, value in score_totals(cleaned).items():
        setattr(ballot, name, value)
    ballot.save(update_fields=["field", "organisation", "scale_answers", "satisfied_answers"])
    # A written answer already turned into an opinion keeps its link when its text stays.
    linked = {(a.question_id, a.text): a.opinion_id for a in ballot.answers.all() if a.opinion_id}
    ballot.answers.all().delete()
    for answer in cleaned:
        answer.ballot = ballot
        answer.opinion_id = linked.get((answer.question_id, answer.text))
    Answer.objects.bulk_create(cleaned)
    after = _snapshot(ballot)
    if after != before:
        BallotEdit.objects.create(
            ballot=ballot,
            edited_by=actor,
            changes=json.dumps({"before": before, "after": after}, ensure_ascii=False),
        )
    return ballot


@transaction.atomic
def answer_to_opinion(*, answer: Answer, actor):
    """Turn a free-text answer into a dialogue Opinion, once."""
    from dialogues.models import Opinion
    from dialogues.services import opinion_create

    answer = Answer.objects.select_for_update().select_related("ballot").get(pk=answer.pk)
    if answer.opinion_id:
        return answer.opinion
    if not answer.text.strip():
        raise ValidationError(_("Only a written answer can become an opinion."))
    opinion = opinion_create(
        actor=actor,
        source=Opinion.Source.BALLOT,
        content=answer.text,
        organisation=answer.ballot.organisation,
        field=answer.ballot.field,
        session=answer.ballot.survey.session,
    )
    answer.opinion = opinion
    answer.save(update_fields=["opinion"])
    return opinion
