"""Ballots are anonymous; a free-text answer may still carry the respondent's phone or
CCCD number, typed in by himself (portal/personal_data.py)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import personal_data
from portal.personal_data import ANONYMISED, Record
from portal.validators import normalise_phone
from surveys.models import Answer, Ballot


@personal_data.source
class BallotAnswerSource(personal_data.Source):
    key = "surveys.answer"
    label = gettext_lazy("Survey ballot (free-text answer)")
    correctable = (("text", gettext_lazy("answer")),)

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        q = Q(pk__in=[])
        for value in (id_number.strip(), normalise_phone(phone)):
            if len(value) >= 9:  # a shorter string would match unrelated numbers
                q |= Q(text__contains=value)
        qs = (
            Answer.objects.filter(q)
            .exclude(text="")
            .select_related("ballot__survey", "question")
            .order_by("-ballot__submitted_at")
        )
        return [
            Record(
                source=self.key,
                pk=a.pk,
                label=str(self.label),
                title=f"{a.ballot.survey.title} · {a.question.text}",
                # A paper ballot opens on its entry page; an online one has no page of
                # its own, so its round's free-text answers.
                url=(
                    reverse("surveys:ballot_edit", args=[a.ballot.survey_id, a.ballot_id])
                    if a.ballot.channel == Ballot.Channel.PAPER
                    else reverse("surveys:free_texts", args=[a.ballot.survey_id])
                ),
                on=timezone.localdate(a.ballot.submitted_at),
                data=[(_("answer"), a.text)],
                anonymised=a.text == ANONYMISED,
            )
            for a in qs[:200]
        ]

    def get(self, pk: int) -> Answer:
        return Answer.objects.get(pk=pk)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        with transaction.atomic():
            answer = Answer.objects.select_for_update().get(pk=pk)
            new = changes.get("text", answer.text)
            if new == answer.text:
                return {}
            old, answer.text = answer.text, new
            answer.save(update_fields=["text"])
        return {"text": (old, new)}

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        # The score and choices count in the results and stay; only the text goes.
        return bool(Answer.objects.filter(pk=pk).exclude(text=ANONYMISED).update(text=ANONYMISED))

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        # An anonymous ballot has no retention period of its own.
        return 0

    def expired_count(self, *, today: dt.date) -> int:
        return 0
