"""Demo data for surveys: a round with a few thousand ballots from both channels."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from portal.models import MassOrganization, ProcedureField, User
from surveys import services
from surveys.models import Answer, Ballot, Question, Survey

TITLE = "Khảo sát sự hài lòng của người dân về giải quyết thủ tục hành chính năm {year}"
# What the demo round should let a leader see: criteria and organisations that lag. The
# waiting area and on-time results are the weak criteria (as the citizens' remarks say);
# one organisation's ballots are less satisfied. Keys: positions among the scale questions.
WEAK_QUESTIONS = {0: 0.45, 6: 0.30, 2: 0.12}
OTHER_QUESTION_DROP = 0.03
WEAK_ORGANISATION = 3  # by position, when the ward has that many
WEAK_ORGANISATION_DROP = 0.25

REMARKS = [
    "Đề nghị bố trí thêm ghế ngồi chờ tại Bộ phận Một cửa.",
    "Cán bộ hướng dẫn nhiệt tình, chu đáo.",
    "Nên niêm yết rõ hơn mức lệ phí chứng thực.",
    "Mong phường nhắn tin báo khi có kết quả.",
    "Thủ tục đất đai còn chậm, đề nghị rút ngắn thời gian.",
]


def seed_surveys_demo(*, ballots: int = 2500) -> None:
    year = timezone.localdate().year
    title = TITLE.format(year=year)
    if Survey.objects.filter(title=title).exists():
        return
    office = User.objects.get(username="vanphong")
    entrant = User.objects.get(username="mttq")
    survey = services.survey_create(
        title=title, opens_on=dt.date(year, 1, 1), closes_on=dt.date(year, 12, 31), actor=office,
        description="Phiếu khảo sát không ghi tên. Xin Ông/Bà dành ít phút cho ý kiến.",
    )  # fmt: skip
    rng = random.Random(year)
    questions = list(survey.questions.all())
    organisations = list(MassOrganization.objects.all())
    fields = list(ProcedureField.objects.all())
    rows, plans = [], []
    scale = [q for q in questions if q.kind == Question.Kind.SCALE]
    weak_organisation = (
        organisations[WEAK_ORGANISATION] if len(organisations) > WEAK_ORGANISATION else None
    )
    for n in range(ballots):
        paper = rng.random() < 0.6
        organisation = rng.choice(organisations) if paper and organisations else None
        mood = rng.random()
        base = 5 if mood < 0.55 else 4 if mood < 0.93 else rng.choice([2, 3])
        scores = []
        for i in range(len(scale)):
            drop = WEAK_QUESTIONS.get(i, OTHER_QUESTION_DROP)
            if organisation is not None and organisation == weak_organisation:
                drop += WEAK_ORGANISATION_DROP
            score = base - (rng.choice([1, 2]) if rng.random() < drop else 0)
            scores.append(max(1, score))
        plans.append(scores)
        rows.append(
            Ballot(
                survey=survey,
                channel=Ballot.Channel.PAPER if paper else Ballot.Channel.ONLINE,
                serial=f"{n + 1:05d}" if paper else "",
                organisation=organisation,
                field=rng.choice(fields) if fields else None,
                device_key="" if paper else f"demo-{n}",
                entered_by=entrant if paper else None,
                scale_answers=len(scale),
                satisfied_answers=sum(1 for v in scores if v >= services.SATISFIED_FROM),
            )
        )
    Ballot.objects.bulk_create(rows, batch_size=500)
    created = list(survey.ballots.order_by("pk"))
    answers = []
    for ballot, scores in zip(created, plans, strict=True):
        by_question = dict(zip((q.pk for q in scale), scores, strict=True))
        for q in questions:
            if q.kind == Question.Kind.SCALE:
                answers.append(Answer(ballot=ballot, question=q, score=by_question[q.pk]))
            elif q.kind == Question.Kind.SINGLE:
                answers.append(Answer(ballot=ballot, question=q, choice=rng.choice(q.choice_list)))
            elif rng.random() < 0.04:
                answers.append(Answer(ballot=ballot, question=q, text=rng.choice(REMARKS)))
    Answer.objects.bulk_create(answers, batch_size=2000)
