"""The round from assignment to approval: who may score what, the maximum, the review
with its reason, the rating, and the freeze after approval."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services
from assessments.models import RoundStatus
from plans.services import Upload
from portal import roles
from portal.models import Notification
from tests.assessments.conftest import item
from tests.factories import make_user

PDF = b"%PDF-1.4\n%%EOF\n"


def test_opening_a_round_tells_the_assigned_units(officer, open_round):
    assert open_round.status == RoundStatus.OPEN
    assert Notification.objects.filter(recipient=officer).count() == 1


def test_a_unit_scores_only_its_own_items(open_round, officer):
    own = services.item_self_score(
        item=item(open_round, "1.1"), actor=officer, score="35", explanation="Đã niêm yết 35/40."
    )
    assert own.self_score == Decimal(35) and own.self_scored_by == officer
    with pytest.raises(PermissionDenied):
        services.item_self_score(
            item=item(open_round, "2.1"), actor=officer, score="10", explanation="x"
        )


def test_a_score_above_the_maximum_is_refused(open_round, officer):
    with pytest.raises(ValidationError) as error:
        services.item_self_score(
            item=item(open_round, "1.1"), actor=officer, score="40.5", explanation="Quá."
        )
    assert "score" in error.value.message_dict
    assert item(open_round, "1.1").self_score is None


def test_a_self_score_needs_an_explanation(open_round, officer):
    with pytest.raises(ValidationError) as error:
        services.item_self_score(
            item=item(open_round, "1.1"), actor=officer, score="3", explanation=" "
        )
    assert "explanation" in error.value.message_dict


def test_nobody_scores_a_draft_round(draft_round, office):
    with pytest.raises(PermissionDenied):
        services.item_self_score(
            item=item(draft_round, "1.1"), actor=office, score="3", explanation="x"
        )


def test_the_office_scores_the_items_it_keeps(draft_round, office):
    services.round_step(round_=draft_round, actor=office, action="open")
    scored = services.item_self_score(
        item=item(draft_round, "1.1"), actor=office, score="40", explanation="Đầy đủ."
    )
    assert scored.self_score == 40


def test_evidence_files_and_links_are_kept_with_the_self_score(open_round, officer):
    scored = services.item_self_score(
        item=item(open_round, "1.1"),
        actor=officer,
        score="40",
        explanation="Đủ.",
        files=[Upload(name="bang-niem-yet.pdf", content=PDF)],
        links=[
            {
                "kind": "onestop",
                "period_start": __import__("datetime").date(2026, 1, 1),
                "period_end": __import__("datetime").date(2026, 6, 30),
            }
        ],
    )
    assert [f.name for f in scored.files.all()] == ["bang-niem-yet.pdf"]
    link = scored.links.get()
    assert "01/01/2026" in link.label and "date_from=01%2F01%2F2026" in link.url


def test_a_link_to_a_plan_not_issued_is_refused(open_round, officer):
    with pytest.raises(ValidationError):
        services.item_self_score(
            item=item(open_round, "1.1"),
            actor=officer,
            score="40",
            explanation="Đủ.",
            links=[{"kind": "plan", "object_id": 999}],
        )
    assert item(open_round, "1.1").self_score is None  # the whole step rolled back


def test_a_changed_review_needs_a_reason_and_keeps_both_scores(open_round, officer, office):
    services.item_self_score(
        item=item(open_round, "1.1"), actor=officer, score="40", explanation="Đủ."
    )
    with pytest.raises(ValidationError) as error:
        services.item_review(item=item(open_round, "1.1"), actor=office, score="30")
    assert "reason" in error.value.message_dict
    reviewed = services.item_review(
        item=item(open_round, "1.1"), actor=office, score="30", reason="Thiếu mã QR."
    )
    assert (reviewed.self_score, reviewed.reviewed_score) == (Decimal(40), Decimal(30))
    with pytest.raises(PermissionDenied):
        services.item_review(item=item(open_round, "1.2"), actor=officer, score="1")


def test_rating_follows_the_sets_thresholds(criteria_set):
    thresholds = list(criteria_set.thresholds.all())
    assert services.rating_of(Decimal("95"), thresholds) == "5 sao"
    assert services.rating_of(Decimal("94.99"), thresholds) == "4 sao"
    assert services.rating_of(Decimal("70"), thresholds) == "3 sao"
    assert services.rating_of(Decimal("69"), thresholds) == ""


def _score_all(round_, officer, other, office, scores):
    for code, value in scores.items():
        it = item(round_, code)
        actor = officer if it.department_id == officer.department_id else other
        services.item_self_score(item=it, actor=actor, score=value, explanation="Tự chấm.")
        services.item_review(item=item(round_, code), actor=office, score=value)


def test_approval_freezes_the_round(open_round, officer, office, leader, other_department):
    other = make_user("diachinh", roles.DEPARTMENT, department=other_department)
    with pytest.raises(ValidationError):  # not everything reviewed yet
        services.round_step(round_=open_round, actor=office, action="reviewed")
    _score_all(open_round, officer, other, office, {"1.1": "40", "1.2": "25", "2.1": "25"})
    services.round_step(round_=open_round, actor=office, action="reviewed")
    with pytest.raises(PermissionDenied):
        services.round_step(round_=open_round, actor=office, action="approve")
    approved = services.round_step(round_=open_round, actor=leader, action="approve")
    assert approved.status == RoundStatus.APPROVED and approved.approved_by == leader
    assert services.round_total(approved) == Decimal(90)
    assert (
        services.rating_of(services.round_total(approved), approved.criteria_set.thresholds.all())
        == "4 sao"
    )
    with pytest.raises(ValidationError):
        services.item_review(item=item(approved, "1.1"), actor=office, score="1", reason="x")
    with pytest.raises(ValidationError):
        services.item_self_score(
            item=item(approved, "1.1"), actor=officer, score="1", explanation="x"
        )
    with pytest.raises(ValidationError):
        services.items_assign(round_=approved, actor=office, assignments={})
    with pytest.raises(ValidationError):
        services.round_step(round_=approved, actor=leader, action="return")


def test_a_leader_can_return_a_reviewed_round(
    open_round, officer, office, leader, other_department
):
    other = make_user("diachinh", roles.DEPARTMENT, department=other_department)
    _score_all(open_round, officer, other, office, {"1.1": "40", "1.2": "25", "2.1": "25"})
    services.round_step(round_=open_round, actor=office, action="reviewed")
    returned = services.round_step(round_=open_round, actor=leader, action="return")
    assert returned.status == RoundStatus.OPEN


def test_a_second_round_for_the_same_year_is_refused(draft_round, criteria_set, office):
    with pytest.raises(ValidationError):
        services.round_create(
            criteria_set=criteria_set,
            year=2026,
            departments_due=draft_round.departments_due,
            office_due=draft_round.office_due,
            actor=office,
        )


def test_the_units_deadline_comes_first(criteria_set, office):
    import datetime as dt

    with pytest.raises(ValidationError):
        services.round_create(
            criteria_set=criteria_set,
            year=2027,
            departments_due=dt.date(2027, 10, 1),
            office_due=dt.date(2027, 9, 30),
            actor=office,
        )


def test_copying_a_set_moves_the_year_and_keeps_everything(criteria_set):
    copy = services.criteria_set_copy(source=criteria_set, year=2027)
    assert copy.name == "Bộ tiêu chí Chính quyền thân thiện năm 2027"
    assert copy.copied_from == criteria_set
    assert [t.label for t in copy.thresholds.all()] == ["5 sao", "4 sao", "3 sao"]
    subs = list(copy.criteria.values_list("subs__code", "subs__max_points", "subs__rule"))
    assert ("1.2", Decimal(30), "on_time") in subs and len(subs) == 3
    with pytest.raises(ValidationError):
        services.criteria_set_copy(source=criteria_set, year=2027)


def test_thresholds_are_read_from_lines():
    assert services.thresholds_parse("5 sao: 95\n4 sao ≥ 85,5\n\n3 sao = 70") == [
        ("5 sao", Decimal(95)),
        ("4 sao", Decimal("85.5")),
        ("3 sao", Decimal(70)),
    ]
    with pytest.raises(ValidationError):
        services.thresholds_parse("năm sao")
