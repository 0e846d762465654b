"""Results of a satisfaction survey round: rates computed in the database, the results
page, the spreadsheet downloads and the printed annex.

The satisfaction rate is the share of scale answers scored 4 or 5 among all scale
answers. The counts come from a few grouped queries (GROUP BY with conditional Count)
whose rows are bounded by questions x scores and fields x organisations x channels; the
tables are sums of those rows. Neither the number of queries nor the rows read back
depend on the number of ballots.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.models import Opinion
from portal import roles
from portal.documents import OfficialDocument, pdf_response, render_pdf
from portal.exports import Sheet, percentage, xlsx_response
from portal.models import MassOrganization, Organization, ProcedureField
from surveys.models import SATISFIED_FROM, Answer, Ballot, Criterion, Question, Survey

# Each organisation sends at least this many opinions per round (seed 000).
MIN_ORGANISATION_OPINIONS = 2
DEFAULT_TARGET = Decimal("99")
BALLOT_CHUNK = 2000

# Fixed wording of the printed annex (Vietnamese, not UI).
ANNEX_TITLE = "PHỤ LỤC KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG"
ANNEX_WORDING = {
    "round": "Đợt khảo sát",
    "period": "Thời gian khảo sát: từ ngày {opens} đến ngày {closes}.",
    "ballots": (
        "Số phiếu thu về: {ballots} phiếu ({online} phiếu trực tuyến, {paper} phiếu giấy); "
        "số câu trả lời theo thang điểm: {answers}, trong đó hài lòng và rất hài lòng: "
        "{satisfied}."
    ),
    "overall": "Tỷ lệ hài lòng chung: {rate}% (chỉ tiêu {target}%): {verdict}.",
    "met": "đạt chỉ tiêu",
    "not_met": "chưa đạt chỉ tiêu",
    "no_data": "chưa có câu trả lời",
    "rate_note": (
        "Tỷ lệ hài lòng = số câu trả lời mức 4 (hài lòng) và 5 (rất hài lòng) / tổng số "
        "câu trả lời theo thang điểm 1-5."
    ),
    "by_criterion": "I. TỶ LỆ HÀI LÒNG THEO NHÓM TIÊU CHÍ",
    "by_question": "II. TỶ LỆ HÀI LÒNG THEO TỪNG CÂU HỎI",
    "by_field": "III. TỶ LỆ HÀI LÒNG THEO LĨNH VỰC THỦ TỤC HÀNH CHÍNH",
    "by_organisation": "IV. TỶ LỆ HÀI LÒNG THEO TỔ CHỨC PHÁT PHIẾU",
    "by_channel": "V. TỶ LỆ HÀI LÒNG THEO HÌNH THỨC KHẢO SÁT",
    "opinions": "VI. Ý KIẾN, KIẾN NGHỊ CỦA CÁC TỔ CHỨC (TỐI THIỂU {minimum} Ý KIẾN/ĐỢT)",
    "rounds": "VII. SO SÁNH CÁC ĐỢT KHẢO SÁT",
    "no": "TT",
    "item": "Nội dung",
    "total": "Chung cả đợt",
    "criterion": "Nhóm tiêu chí",
    "question": "Câu hỏi",
    "field": "Lĩnh vực",
    "organisation": "Tổ chức",
    "channel": "Hình thức",
    "round_col": "Đợt khảo sát",
    "ballots_col": "Số phiếu",
    "answers_col": "Số câu trả lời",
    "satisfied_col": "Hài lòng (mức 4-5)",
    "rate_col": "Tỷ lệ (%)",
    "target_col": "Chỉ tiêu (%)",
    "result_col": "Kết quả",
    "opinions_col": "Số ý kiến",
    "minimum_col": "Tối thiểu",
    "yes": "Đạt",
    "no_": "Chưa đạt",
    "empty": "Không có dữ liệu.",
    "none_org": "Không qua tổ chức (trực tuyến)",
    "none_field": "Không xác định lĩnh vực",
    "online": "Trực tuyến",
    "paper": "Phiếu giấy",
    "criteria": {
        Criterion.ACCESS: "Tiếp cận dịch vụ",
        Criterion.PROCEDURE: "Thủ tục hành chính",
        Criterion.STAFF: "Công chức giải quyết",
        Criterion.RESULT: "Thời gian và kết quả",
        Criterion.FEEDBACK: "Tiếp nhận, xử lý phản ánh, kiến nghị",
        Criterion.OTHER: "Khác",
    },
}


# --- Selectors -------------------------------------------------------------------------


def percent(satisfied: int, total: int) -> Decimal | None:
    """77.78 for 7 of 9; None when nothing was answered."""
    if not total:
        return None
    return (Decimal(satisfied) * 100 / Decimal(total)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _row(key, label, answers: int, satisfied: int, target: Decimal, **extra) -> dict:
    rate = percent(satisfied, answers)
    return {
        "key": key,
        "label": label,
        "answers": answers,
        "satisfied": satisfied,
        "rate": rate,
        "meets_target": rate is not None and rate >= target,
        **extra,
    }


def satisfaction_target() -> Decimal:
    target = Organization.objects.order_by("pk").values_list("satisfaction_target", flat=True)
    value = target.first()
    return Decimal(value) if value is not None else DEFAULT_TARGET


def answer_groups(questions: list[Question]) -> list[dict]:
    """The round's scale answers counted per (question, score): one grouped query over
    the answers alone, whose rows are bounded by questions x 5 whatever the ballots. The
    question ids are passed as a list so the planner estimates the rows it will read."""
    if not questions:
        return []
    return list(
        Answer.objects.filter(question_id__in=[q.pk for q in questions], score__isnull=False)
        .values("question_id", "score")
        .annotate(n=Count("*"))
        .order_by()
    )


def score_counts(groups: list[dict]) -> dict[int, dict[int, int]]:
    """{question id: {score: answers}}."""
    out: dict[int, dict[int, int]] = {}
    for g in groups:
        scores = out.setdefault(g["question_id"], {})
        scores[g["score"]] = scores.get(g["score"], 0) + g["n"]
    return out


def _satisfied(scores: dict[int, int]) -> tuple[int, int]:
    answers = sum(scores.values())
    satisfied = sum(n for s, n in scores.items() if s >= SATISFIED_FROM)
    return satisfied, answers


def rates_by_question(
    questions: list[Question], target: Decimal, counts: dict[int, dict[int, int]]
) -> list[dict]:
    criteria = dict(Criterion.choices)
    out = []
    for n, q in enumerate(questions, start=1):
        scores = counts.get(q.pk, {})
        satisfied, answers = _satisfied(scores)
        out.append(
            _row(
                q.pk,
                q.text,
                answers,
                satisfied,
                target,
                no=n,
                short=_("Q%(n)s") % {"n": n},
                criterion=criteria.get(q.criterion, q.criterion),
                criterion_key=q.criterion,
                scores=[scores.get(s, 0) for s in range(1, 6)],
            )
        )
    return out


def rates_by_criterion(by_question: list[dict], target: Decimal) -> list[dict]:
    """The questions' counts summed per criterion, in the questionnaire's order."""
    sums: dict[str, list[int]] = {}
    for q in by_question:
        s = sums.setdefault(q["criterion_key"], [0, 0])
        s[0] += q["satisfied"]
        s[1] += q["answers"]
    return [
        _row(value, str(label), sums[value][1], sums[value][0], target)
        for value, label in Criterion.choices
        if value in sums
    ]


def ballot_groups(ballots_qs) -> tuple[list[dict], list[dict]]:
    """Ballots, scale answers and satisfied answers per (field, organisation, channel), in
    one grouped query over the ballots given (each keeps its own answer counts)."""
    ballots = list(
        ballots_qs.values("field_id", "organisation_id", "channel")
        .annotate(
            n=Count("*"), n_answers=Sum("scale_answers"), n_satisfied=Sum("satisfied_answers")
        )
        .order_by()
    )
    answers = [
        {
            "ballot__field_id": b["field_id"],
            "ballot__organisation_id": b["organisation_id"],
            "ballot__channel": b["channel"],
            "n_answers": b["n_answers"] or 0,
            "n_satisfied": b["n_satisfied"] or 0,
        }
        for b in ballots
    ]
    # Names and orders of the fields and organisations met: two small lookups.
    field_ids = {b["field_id"] for b in ballots} - {None}
    org_ids = {b["organisation_id"] for b in ballots} - {None}
    fields = {
        f["pk"]: f
        for f in ProcedureField.objects.filter(pk__in=field_ids).values("pk", "name", "order")
    }
    orgs = {
        o["pk"]: o
        for o in MassOrganization.objects.filter(pk__in=org_ids).values("pk", "name", "order")
    }
    for b in ballots:
        f = fields.get(b["field_id"], {})
        o = orgs.get(b["organisation_id"], {})
        b.update(
            field__name=f.get("name"),
            field__order=f.get("order"),
            organisation__name=o.get("name"),
            organisation__order=o.get("order"),
        )
    return answers, ballots


def _rates_by(
    answers: list[dict], ballots: list[dict], target: Decimal, key: str, label, order
) -> list[dict]:
    """Sum the (field, organisation, channel) groups along one of them."""
    groups: dict = {}
    for b in ballots:
        g = groups.setdefault(b[key], {"ballots": 0, "answers": 0, "satisfied": 0, "b": b})
        g["ballots"] += b["n"]
    for a in answers:
        g = groups.setdefault(
            a[f"ballot__{key}"], {"ballots": 0, "answers": 0, "satisfied": 0, "b": None}
        )
        g["answers"] += a["n_answers"]
        g["satisfied"] += a["n_satisfied"]
    rows = [
        _row(
            k if k is not None else "none",
            label(k, g["b"]),
            g["answers"],
            g["satisfied"],
            target,
            ballots=g["ballots"],
            sort=order(k, g["b"]),
        )
        for k, g in groups.items()
    ]
    rows.sort(key=lambda r: r.pop("sort"))
    return rows


def rates_by_field(answers, ballots, target: Decimal) -> list[dict]:
    return _rates_by(
        answers,
        ballots,
        target,
        "field_id",
        lambda k, b: (b or {}).get("field__name") or _("No field given"),
        lambda k, b: (k is None, (b or {}).get("field__order") or 0, k or 0),
    )


def rates_by_organisation(answers, ballots, target: Decimal) -> list[dict]:
    return _rates_by(
        answers,
        ballots,
        target,
        "organisation_id",
        lambda k, b: (b or {}).get("organisation__name") or _("None (online)"),
        lambda k, b: (
            k is None,
            (b or {}).get("organisation__order") or 0,
            (b or {}).get("organisation__name") or "",
        ),
    )


def rates_by_channel(answers, ballots, target: Decimal) -> list[dict]:
    """Both channels always, in their declared order."""
    rows = {
        r["key"]: r
        for r in _rates_by(answers, ballots, target, "channel", lambda k, b: k, lambda k, b: 0)
    }
    return [
        rows.get(value, _row(value, "", 0, 0, target, ballots=0)) | {"label": str(label)}
        for value, label in Ballot.Channel.choices
    ]


def overall(by_channel: list[dict], target: Decimal) -> dict:
    """The round's rate: the channels partition the answers, so their sums are exact."""
    return _row(
        "all",
        _("All ballots"),
        sum(r["answers"] for r in by_channel),
        sum(r["satisfied"] for r in by_channel),
        target,
        ballots=sum(r["ballots"] for r in by_channel),
    )


def rates_by_round(target: Decimal, survey: Survey, current: dict) -> list[dict]:
    """The overall rate of every round, oldest first, for comparison: ballots and their
    answer counts summed per round in one grouped query over the ballots (this round's
    figures come from its own tables)."""
    rounds = Survey.objects.values("pk", "title", "opens_on", "closes_on").order_by(
        "opens_on", "pk"
    )
    sums = {
        r["survey_id"]: (r["n_satisfied"] or 0, r["n_answers"] or 0, r["n"])
        for r in Ballot.objects.values("survey_id")
        .annotate(
            n=Count("*"), n_answers=Sum("scale_answers"), n_satisfied=Sum("satisfied_answers")
        )
        .order_by()
    }
    mine = sums.get(survey.pk, (0, 0, 0))
    sums[survey.pk] = (current["satisfied"], current["answers"], mine[2])
    return [
        _row(
            r["pk"],
            r["title"],
            sums.get(r["pk"], (0, 0, 0))[1],
            sums.get(r["pk"], (0, 0, 0))[0],
            target,
            ballots=sums.get(r["pk"], (0, 0, 0))[2],
            opens_on=r["opens_on"],
            closes_on=r["closes_on"],
        )
        for r in rounds
    ]


def round_window(survey: Survey) -> tuple[dt.datetime, dt.datetime]:
    """[start of opens_on, start of the day after closes_on) in local time."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(survey.opens_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(survey.closes_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def organisation_opinions(survey: Survey) -> list[dict]:
    """Opinions of each organisation for the round against the minimum: those turned from
    this round's ballot answers, and those sent by the organisation during the round.
    Active organisations always appear; an inactive one only when it has opinions."""
    start, end = round_window(survey)
    counted = Q(opinion__survey_answer__ballot__survey=survey) | Q(
        opinion__source=Opinion.Source.ORGANISATION,
        opinion__created_at__gte=start,
        opinion__created_at__lt=end,
    )
    qs = (
        MassOrganization.objects.annotate(n=Count("opinion", filter=counted, distinct=True))
        .filter(Q(is_active=True) | Q(n__gt=0))
        .order_by("order", "name")
        .values("pk", "name", "n")
    )
    return [
        {
            "key": r["pk"],
            "label": r["name"],
            "opinions": r["n"],
            "minimum": MIN_ORGANISATION_OPINIONS,
            "meets_minimum": r["n"] >= MIN_ORGANISATION_OPINIONS,
        }
        for r in qs
    ]


def survey_results(survey: Survey) -> dict:
    """Every table of the results page in 9 queries, whatever the number of ballots:
    the target, the round's scale questions, its answers per (question, score, field,
    organisation, channel), its ballots per (field, organisation, channel) with the
    names of those fields and organisations, the rounds with their ballot counts, the
    other rounds' answers, the organisations' opinions."""
    target = satisfaction_target()
    questions = list(
        Question.objects.filter(survey=survey, kind=Question.Kind.SCALE).order_by("order", "pk")
    )
    groups = answer_groups(questions)
    by_question = rates_by_question(questions, target, score_counts(groups))
    answers, ballots = ballot_groups(Ballot.objects.filter(survey=survey))
    by_channel = rates_by_channel(answers, ballots, target)
    total = overall(by_channel, target)
    return {
        "survey": survey,
        "target": target,
        "overall": total,
        "by_question": by_question,
        "by_criterion": rates_by_criterion(by_question, target),
        "by_field": rates_by_field(answers, ballots, target),
        "by_organisation": rates_by_organisation(answers, ballots, target),
        "by_channel": by_channel,
        "by_round": rates_by_round(target, survey, total),
        "organisation_opinions": organisation_opinions(survey),
        "minimum_opinions": MIN_ORGANISATION_OPINIONS,
    }


def chart_data(results: dict) -> dict:
    def rate(r):
        return float(r["rate"]) if r["rate"] is not None else None

    return {
        "target": float(results["target"]),
        "labels": {
            "rate": _("Satisfaction rate (%)"),
            "target": _("Target (%)"),
        },
        "criteria": [{"label": r["label"], "rate": rate(r)} for r in results["by_criterion"]],
        "questions": [
            {"label": r["short"], "title": r["label"], "rate": rate(r)}
            for r in results["by_question"]
        ],
    }


# --- Spreadsheets ----------------------------------------------------------------------


def _rate_sheet(title: str, first: str, rows: list[dict], *, ballots: bool = False) -> Sheet:
    header = [first]
    if ballots:
        header.append(_("Ballots"))
    header += [_("Scale answers"), _("Satisfied (4-5)"), _("Rate (%)"), _("Meets target")]

    def gen():
        for r in rows:
            out = [str(r["label"])]
            if ballots:
                out.append(r.get("ballots", 0))
            out += [
                r["answers"],
                r["satisfied"],
                percentage(r["rate"]),
                _("yes") if r["meets_target"] else _("no"),
            ]
            yield out

    return Sheet(title=title, header=header, rows=gen(), widths=[50, 12, 14, 14, 12, 14])


def results_sheets(results: dict) -> list[Sheet]:
    target = results["target"]
    survey = results["survey"]
    ov = results["overall"]
    summary = Sheet(
        title=_("Summary"),
        header=[_("Item"), _("Value")],
        rows=[
            [_("Survey round"), survey.title],
            [_("Opens on"), survey.opens_on],
            [_("Closes on"), survey.closes_on],
            [_("Ballots"), ov["ballots"]],
            [_("Scale answers"), ov["answers"]],
            [_("Satisfied (4-5)"), ov["satisfied"]],
            [_("Rate (%)"), percentage(ov["rate"])],
            [_("Target (%)"), percentage(target)],
            [_("Meets target"), _("yes") if ov["meets_target"] else _("no")],
        ],
        widths=[30, 60],
    )
    by_question = Sheet(
        title=_("By question"),
        header=[
            _("No."),
            _("Question"),
            _("Criterion"),
            *[_("Score %(n)s") % {"n": s} for s in range(1, 6)],
            _("Scale answers"),
            _("Satisfied (4-5)"),
            _("Rate (%)"),
            _("Meets target"),
        ],
        rows=(
            [
                r["no"],
                r["label"],
                str(r["criterion"]),
                *r["scores"],
                r["answers"],
                r["satisfied"],
                percentage(r["rate"]),
                _("yes") if r["meets_target"] else _("no"),
            ]
            for r in results["by_question"]
        ),
        widths=[6, 60, 24, 8, 8, 8, 8, 8, 14, 14, 12, 14],
    )
    opinions = Sheet(
        title=_("Organisation opinions"),
        header=[_("Organisation"), _("Opinions"), _("Minimum"), _("Meets minimum")],
        rows=(
            [r["label"], r["opinions"], r["minimum"], _("yes") if r["meets_minimum"] else _("no")]
            for r in results["organisation_opinions"]
        ),
        widths=[50, 12, 12, 16],
    )
    return [
        summary,
        by_question,
        _rate_sheet(_("By criterion"), _("Criterion"), results["by_criterion"]),
        _rate_sheet(_("By field"), _("Procedure field"), results["by_field"], ballots=True),
        _rate_sheet(
            _("By organisation"), _("Organisation"), results["by_organisation"], ballots=True
        ),
        _rate_sheet(_("By channel"), _("Channel"), results["by_channel"], ballots=True),
        _rate_sheet(_("All rounds"), _("Survey round"), results["by_round"], ballots=True),
        opinions,
    ]


def _answer_value(kind: str, score, choice: str, text: str):
    if kind == Question.Kind.SCALE:
        return score
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return "; ".join(c for c in choice.splitlines() if c)
    return text


def ballot_rows(survey: Survey, questions: list[Question], chunk: int = BALLOT_CHUNK):
    """One row per ballot, oldest first. Ballots are read in chunks by primary key and
    each chunk's answers in one query, so memory stays flat however many ballots."""
    column = {q.pk: i for i, q in enumerate(questions)}
    kinds = {q.pk: q.kind for q in questions}
    channels = {value: str(label) for value, label in Ballot.Channel.choices}
    number = 0
    last_pk = 0
    while True:
        ballots = list(
            Ballot.objects.filter(survey=survey, pk__gt=last_pk)
            .order_by("pk")
            .values_list(
                "pk", "channel", "serial", "organisation__name", "field__name", "submitted_at"
            )[:chunk]
        )
        if not ballots:
            return
        last_pk = ballots[-1][0]
        answers: dict[int, list] = {b[0]: [""] * len(questions) for b in ballots}
        for ballot_id, question_id, score, choice, text in Answer.objects.filter(
            ballot_id__in=list(answers)
        ).values_list("ballot_id", "question_id", "score", "choice", "text"):
            i = column.get(question_id)
            if i is not None:
                value = _answer_value(kinds[question_id], score, choice, text)
                answers[ballot_id][i] = "" if value is None else value
        for pk, channel, serial, organisation, field, submitted_at in ballots:
            number += 1
            yield [
                number,
                channels.get(channel, channel),
                serial,
                organisation or "",
                field or "",
                submitted_at,
                *answers.pop(pk),
            ]
        if len(ballots) < chunk:
            return


def ballots_sheet(survey: Survey) -> Sheet:
    questions = list(survey.questions.order_by("order", "pk"))
    header = [
        _("No."),
        _("Channel"),
        _("Serial number"),
        _("Organisation"),
        _("Procedure field"),
        _("Submitted at"),
        *[f"{n}. {q.text}" for n, q in enumerate(questions, start=1)],
    ]
    return Sheet(
        title=_("Ballots"),
        header=header,
        rows=ballot_rows(survey, questions),
        widths=[8, 12, 14, 30, 30, 18],
    )


# --- Printed annex ---------------------------------------------------------------------


def render_results_annex(survey: Survey, results: dict | None = None) -> bytes:
    from portal.services import organization_current

    results = results or survey_results(survey)
    org = organization_current()
    words = ANNEX_WORDING
    ov = results["overall"]
    channels = {r["key"]: r["ballots"] for r in results["by_channel"]}

    def fmt(rate: Decimal | None) -> str:
        return f"{rate:.2f}".replace(".", ",") if rate is not None else "-"

    def vi_rows(rows: list[dict]) -> list[dict]:
        return [{**r, "rate_text": fmt(r["rate"])} for r in rows]

    criteria = words["criteria"]
    by_criterion = [
        {**r, "label": criteria.get(r["key"], r["label"])} for r in vi_rows(results["by_criterion"])
    ]
    by_organisation = [
        {**r, "label": words["none_org"] if r["key"] == "none" else r["label"]}
        for r in vi_rows(results["by_organisation"])
    ]
    by_field = [
        {**r, "label": words["none_field"] if r["key"] == "none" else r["label"]}
        for r in vi_rows(results["by_field"])
    ]
    by_channel = [
        {**r, "label": words.get(r["key"], r["label"])} for r in vi_rows(results["by_channel"])
    ]
    by_question = [
        {**r, "criterion": criteria.get(r["criterion_key"], r["criterion"])}
        for r in vi_rows(results["by_question"])
    ]
    if ov["rate"] is None:
        verdict = words["no_data"]
    else:
        verdict = words["met"] if ov["meets_target"] else words["not_met"]
    target_text = fmt(results["target"]).removesuffix(",00")
    doc = OfficialDocument.for_organization(
        org, doc_title=ANNEX_TITLE, subject=survey.title, date=timezone.localdate()
    )
    context = {
        "doc": doc,
        "words": words,
        "survey": survey,
        "target_text": target_text,
        "overall_rate": fmt(ov["rate"]),
        "period": words["period"].format(
            opens=survey.opens_on.strftime("%d/%m/%Y"), closes=survey.closes_on.strftime("%d/%m/%Y")
        ),
        "ballots_line": words["ballots"].format(
            ballots=ov["ballots"],
            online=channels.get(Ballot.Channel.ONLINE, 0),
            paper=channels.get(Ballot.Channel.PAPER, 0),
            answers=ov["answers"],
            satisfied=ov["satisfied"],
        ),
        "overall_line": words["overall"].format(
            rate=fmt(ov["rate"]), target=target_text, verdict=verdict
        ),
        "opinions_heading": words["opinions"].format(minimum=MIN_ORGANISATION_OPINIONS),
        "overall": ov,
        "by_criterion": by_criterion,
        "by_question": by_question,
        "sections": [
            {"heading": words["by_field"], "first": words["field"], "rows": by_field},
            {
                "heading": words["by_organisation"],
                "first": words["organisation"],
                "rows": by_organisation,
            },
            {
                "heading": words["by_channel"],
                "first": words["channel"],
                "rows": by_channel,
                "after_opinions": True,
            },
            {
                "heading": words["rounds"],
                "first": words["round_col"],
                "rows": vi_rows(results["by_round"]),
                "current": True,
            },
        ],
        "organisation_opinions": results["organisation_opinions"],
    }
    return render_pdf("documents/surveys/results.html", context)


# --- Views -----------------------------------------------------------------------------


@roles.role_required(roles.OFFICE, roles.LEADER)
def results_page(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    results = survey_results(survey)
    tables = [
        {"id": "by-criterion", "heading": _("By criterion"), "first": _("Criterion")},
        {"id": "by-field", "heading": _("By procedure field"), "first": _("Procedure field")},
        {"id": "by-organisation", "heading": _("By organisation"), "first": _("Organisation")},
        {"id": "by-channel", "heading": _("By channel"), "first": _("Channel")},
        {"id": "by-round", "heading": _("All rounds"), "first": _("Survey round")},
    ]
    for t in tables:
        t["rows"] = results[t["id"].replace("-", "_")]
        t["ballots"] = t["id"] != "by-criterion"
    return render(
        request,
        "surveys/results.html",
        {**results, "tables": tables, "data": chart_data(results)},
    )


@transaction.non_atomic_requests
@roles.role_required(roles.OFFICE, roles.LEADER)
def results_xlsx(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    results = survey_results(survey)
    return xlsx_response(results_sheets(results), f"ket-qua-khao-sat-{survey.code}.xlsx")


@transaction.non_atomic_requests
@roles.role_required(roles.OFFICE, roles.LEADER)
def ballots_xlsx(request, pk: int):
    from portal.export_jobs import export_respond

    survey = get_object_or_404(Survey, pk=pk)
    # Streamed at once, or built in the background above PORTAL_EXPORT_BACKGROUND_ROWS.
    return export_respond(request, kind_key="surveys.ballots", params={"survey": survey.pk})


@roles.role_required(roles.OFFICE, roles.LEADER)
def results_pdf(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return pdf_response(render_results_annex(survey), f"ket-qua-khao-sat-{survey.code}.pdf")
