"""The retention job (portal/retention.py) with time travel: the dossiers closed more than
PORTAL_RETENTION_CASE_YEARS (10) ago and the opinions answered more than
PORTAL_RETENTION_OPINION_YEARS (5) ago lose their personal data; everything counted stays,
and a second run finds nothing."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from dialogues import services as dialogue_services
from dialogues.models import Opinion
from onestop import services as case_services
from onestop.models import ApologyLetter, Case, CaseEvent
from onestop.personal_data import case_closed_on
from onestop.selectors import case_stats, stats_totals
from portal.models import DocumentNumber, OutboxMessage, RetentionRun
from portal.personal_data import ANONYMISED
from portal.retention import retention_run
from reports.figures import report_figures

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
TODAY = D(2026, 3, 9)
OLD_CCCD, NEW_CCCD = "001090012345", "001190054321"
OLD_PHONE, NEW_PHONE = "0912345678", "0987654321"


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=HCM)


def _returned_case(receive, procedure, desk, officer, *, day: dt.date, **applicant):
    """A dossier received on `day`, approved and handed back the same week."""
    with time_machine.travel(_at(day), tick=False):
        case = receive(procedure, when=_at(day), **applicant)
    with time_machine.travel(_at(day + dt.timedelta(days=1)), tick=False):
        case = case_services.case_forward(case=case, actor=desk, officer=officer)
        case = case_services.case_approve(
            case=case, actor=officer, result=f"Giấy xác nhận cho {applicant['applicant_name']}"
        )
    with time_machine.travel(_at(day + dt.timedelta(days=2)), tick=False):
        case = case_services.case_return(case=case, actor=desk)
    return case


def _answered_opinion(office, leader, department, *, day: dt.date, **citizen):
    with time_machine.travel(_at(day), tick=False):
        opinion = dialogue_services.opinion_create(
            source=Opinion.Source.FEEDBACK,
            content="Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa",
            **citizen,
        )
        dialogue_services.opinion_classify(
            opinion=opinion, actor=office, classification="procedure", department=department
        )
        dialogue_services.opinion_draft_answer(
            opinion=opinion, actor=office, answer="Phường đã bố trí thêm 10 ghế chờ."
        )
        return dialogue_services.opinion_approve(opinion=opinion, actor=leader)


@pytest.fixture
def data(receive, procedure, desk, officer, office, leader, department):
    old_case = _returned_case(
        receive,
        procedure,
        desk,
        officer,
        day=D(2015, 3, 2),  # handed back 04/03/2015: 11 years before TODAY
        applicant_name="Nguyễn Văn An",
        applicant_id_number=OLD_CCCD,
        applicant_phone=OLD_PHONE,
        applicant_email="an@example.com",
        applicant_address="Số 5 phố Phú La",
    )
    new_case = _returned_case(
        receive,
        procedure,
        desk,
        officer,
        day=D(2017, 3, 1),  # 9 years before
        applicant_name="Trần Thị Bình",
        applicant_id_number=NEW_CCCD,
        applicant_phone=NEW_PHONE,
        applicant_email="binh@example.com",
        applicant_address="Ngõ 12 Văn Phú",
    )
    # The old dossier was late: its signed letter keeps a PDF printing his name, and its
    # email failed (the SMTP refusal quotes his address) and waits in the outbox.
    letter = ApologyLetter.objects.create(
        case=old_case,
        round=1,
        missed_due_date=D(2015, 3, 5),
        department=department,
        reason="Chờ xác minh của ông Nguyễn Văn An",
        created_at=_at(D(2015, 3, 6)),
    )
    letter.pdf.save("xin-loi.pdf", ContentFile(b"%PDF Nguyen Van An"), save=True)
    OutboxMessage.objects.create(
        topic="onestop.apology_letter_email",
        object_id=letter.pk,
        last_error="SMTPRecipientsRefused: {'an@example.com': (550, b'no such user')}",
    )
    # An officer viewed the old dossier's full data, and an administrator corrected its
    # CCCD (a typo first): both are in the audit log.
    LogEntry.objects.log_create(
        old_case, action=LogEntry.Action.ACCESS, force_log=True, actor=office
    )
    LogEntry.objects.log_create(
        old_case,
        action=LogEntry.Action.UPDATE,
        changes={"applicant_id_number": ["001090012354", OLD_CCCD]},
        actor=office,
    )
    old_opinion = _answered_opinion(
        office,
        leader,
        department,
        day=D(2020, 3, 2),  # 6 years before
        citizen_name="Lê Văn Cường",
        citizen_phone="0912000001",
        citizen_email="cuong@example.com",
        citizen_address="Tổ dân phố số 3",
    )
    new_opinion = _answered_opinion(
        office,
        leader,
        department,
        day=D(2022, 3, 2),  # 4 years before
        citizen_name="Phạm Thị Dung",
        citizen_phone="0912000002",
        citizen_email="dung@example.com",
        citizen_address="Tổ dân phố số 4",
    )
    return {
        "old_case": old_case,
        "new_case": new_case,
        "letter": letter,
        "old_opinion": old_opinion,
        "new_opinion": new_opinion,
    }


def _figures() -> dict:
    cases = Case.objects.all()
    by_department = case_stats(cases, group_by="department", today=TODAY)
    return {
        "by_department": by_department,
        "by_field": case_stats(cases, group_by="field", today=TODAY),
        "totals": stats_totals(by_department),
        "opinions": Opinion.objects.filter(status=Opinion.Status.APPROVED).count(),
        "report": report_figures(D(2015, 1, 1), D(2026, 3, 31), today=TODAY),
    }


def _case_log_text(case) -> str:
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_pk=str(case.pk)
    ).values_list("object_repr", "changes", "changes_text", "serialized_data", "additional_data")
    return repr(list(entries))


def test_the_dossiers_are_closed_on_the_days_the_rule_counts_from(data):
    assert case_closed_on(data["old_case"]) == D(2015, 3, 4)
    assert case_closed_on(data["new_case"]) == D(2017, 3, 3)


def test_old_personal_data_goes_and_new_stays(data):
    before = _figures()
    new_case_before = Case.objects.get(pk=data["new_case"].pk)

    run = retention_run(today=TODAY)

    assert run.counts["onestop.case"] == 1
    assert run.counts["dialogues.opinion"] == 1
    assert run.trigger == "nightly"
    old = Case.objects.get(pk=data["old_case"].pk)
    assert (old.applicant_name, old.applicant_address) == (ANONYMISED, ANONYMISED)
    assert (old.applicant_id_number, old.applicant_phone, old.applicant_email) == ("", "", "")
    assert old.delivery_address == "" and old.anonymised_at is not None
    # What the dossier is stays: its status, dates, procedure, the result (without him).
    assert old.status == Case.Status.RETURNED and old.returned_at is not None
    assert old.result == f"Giấy xác nhận cho {ANONYMISED}"
    new = Case.objects.get(pk=data["new_case"].pk)
    assert (new.applicant_name, new.applicant_id_number, new.applicant_phone) == (
        "Trần Thị Bình",
        NEW_CCCD,
        NEW_PHONE,
    )
    assert new.applicant_address == "Ngõ 12 Văn Phú" and new.anonymised_at is None
    assert new.updated_at == new_case_before.updated_at

    old_op = Opinion.objects.get(pk=data["old_opinion"].pk)
    assert old_op.citizen_name == ANONYMISED
    assert (old_op.citizen_phone, old_op.citizen_email, old_op.citizen_address) == ("", "", "")
    assert old_op.answer and old_op.status == Opinion.Status.APPROVED
    assert "Lê Văn Cường" not in DocumentNumber.objects.get(pk=old_op.number_id).subject
    new_op = Opinion.objects.get(pk=data["new_opinion"].pk)
    assert (new_op.citizen_name, new_op.citizen_phone, new_op.citizen_email) == (
        "Phạm Thị Dung",
        "0912000002",
        "dung@example.com",
    )
    assert "Phạm Thị Dung" in DocumentNumber.objects.get(pk=new_op.number_id).subject

    # The statistics page and the report count exactly as before.
    assert _figures() == before


def test_the_process_log_letters_and_audit_log_no_longer_hold_the_old_applicant(data):
    old, new = data["old_case"], data["new_case"]
    assert OLD_CCCD in _case_log_text(old)
    assert CaseEvent.objects.filter(case=old, to_unit="Nguyễn Văn An").exists()

    retention_run(today=TODAY)

    log_text = _case_log_text(old)
    assert OLD_CCCD not in log_text and "001090012354" not in log_text
    assert "Nguyễn Văn An" not in log_text and OLD_PHONE not in log_text
    # The entries stay (who looked, who changed what field, when); only the values go.
    access = LogEntry.objects.get(object_pk=str(old.pk), action=LogEntry.Action.ACCESS)
    assert access.object_repr == ANONYMISED and access.actor is not None
    assert NEW_CCCD in _case_log_text(new)
    events = list(CaseEvent.objects.filter(case=old).values_list("to_unit", "note"))
    assert len(events) == 4  # received, forwarded, approved, returned: all kept
    assert "Nguyễn Văn An" not in repr(events) and (ANONYMISED, "") in events
    assert CaseEvent.objects.filter(case=new, to_unit="Trần Thị Bình").exists()
    letter = ApologyLetter.objects.get(pk=data["letter"].pk)
    assert not letter.pdf and "Nguyễn Văn An" not in letter.reason


def test_the_outbox_keeps_no_address_of_an_anonymised_person(data):
    letter_topic = OutboxMessage.objects.filter(topic="onestop.apology_letter_email")
    answer_topic = OutboxMessage.objects.filter(topic="dialogues.opinion_answer_email")
    # Each approved answer's email waits in the outbox (not delivered inside the test's
    # transaction); a delivered one may still carry the error of an earlier attempt.
    assert answer_topic.count() == 2
    OutboxMessage.objects.filter(object_id=data["old_opinion"].pk, topic__startswith="dia").update(
        sent_at=timezone.now(), last_error="SMTPServerDisconnected: cuong@example.com"
    )

    retention_run(today=TODAY)

    # The unsent letter email has nobody to go to: dropped, not sent to an empty address.
    assert not letter_topic.filter(object_id=data["letter"].pk).exists()
    old_answer = answer_topic.get(object_id=data["old_opinion"].pk)
    assert old_answer.last_error == "" and old_answer.sent_at is not None
    # The new opinion's email is untouched.
    assert answer_topic.filter(object_id=data["new_opinion"].pk, sent_at__isnull=True).exists()


def test_a_second_run_anonymises_nothing_and_is_recorded_with_zero_counts(data):
    first = retention_run(today=TODAY)
    assert sum(first.counts.values()) == 2
    second = retention_run(today=TODAY)
    assert second.counts == dict.fromkeys(first.counts, 0)
    assert RetentionRun.objects.count() == 2
    # Every registered source is in the run, also those without a retention rule.
    assert {"onestop.case", "dialogues.opinion", "surveys.answer"} <= set(second.counts)


def test_a_run_with_nothing_due_is_recorded_too(db):
    run = retention_run(today=TODAY, trigger="manual")
    assert RetentionRun.objects.get() == run
    assert run.trigger == "manual" and not any(run.counts.values())


def test_the_periods_move_with_today(data):
    # Eleven years on, the 2017 dossier is due too; nothing from earlier is counted twice.
    retention_run(today=TODAY)
    later = retention_run(today=D(2028, 3, 9))
    assert later.counts["onestop.case"] == 1 and later.counts["dialogues.opinion"] == 1


def test_dry_run_counts_and_changes_nothing(data):
    snapshot = (
        list(Case.objects.values_list("applicant_name", "applicant_id_number", "anonymised_at")),
        list(Opinion.objects.values_list("citizen_name", "citizen_phone", "anonymised_at")),
        _case_log_text(data["old_case"]),
        OutboxMessage.objects.count(),
    )

    counts = retention_run(today=TODAY, dry_run=True)

    assert counts["onestop.case"] == 1 and counts["dialogues.opinion"] == 1
    assert RetentionRun.objects.count() == 0
    assert snapshot == (
        list(Case.objects.values_list("applicant_name", "applicant_id_number", "anonymised_at")),
        list(Opinion.objects.values_list("citizen_name", "citizen_phone", "anonymised_at")),
        _case_log_text(data["old_case"]),
        OutboxMessage.objects.count(),
    )


def test_the_command_with_dry_run_changes_nothing(data):
    out = StringIO()
    call_command("anonymise_expired", "--dry-run", "--today", "09/03/2026", stdout=out)
    assert RetentionRun.objects.count() == 0
    assert Case.objects.get(pk=data["old_case"].pk).applicant_id_number == OLD_CCCD
    assert Opinion.objects.get(pk=data["old_opinion"].pk).citizen_phone == "0912000001"
    # One line per source with its count, then the total (the words are translated).
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 + len(_source_keys())
    assert lines[-1].endswith(": 2")


def test_the_command_anonymises_and_records_a_manual_run(data):
    out = StringIO()
    call_command("anonymise_expired", "--today", "09/03/2026", stdout=out)
    run = RetentionRun.objects.get()
    assert run.trigger == "manual" and run.counts["onestop.case"] == 1
    assert Case.objects.get(pk=data["old_case"].pk).applicant_name == ANONYMISED
    assert out.getvalue().splitlines()[-1].endswith(": 2")
    # Today by default (the day after, in Vietnam): the 2015 dossier is already
    # anonymised, nothing else is due.
    with time_machine.travel(_at(TODAY + dt.timedelta(days=1), hour=1), tick=False):
        call_command("anonymise_expired", stdout=StringIO())
    assert RetentionRun.objects.order_by("-pk").first().counts["onestop.case"] == 0


@pytest.mark.parametrize("value", ["2026-03-09", "31/02/2026", "09/03/9999", "hôm nay"])
def test_the_command_refuses_a_day_it_cannot_read(db, value):
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("anonymise_expired", "--today", value, stdout=StringIO())
    assert RetentionRun.objects.count() == 0


def test_a_failing_source_is_rolled_back_alone_and_the_run_recorded(data, monkeypatch):
    from dialogues.personal_data import OpinionSource

    def broken(self, *, today, now):
        Opinion.objects.update(citizen_name="half done")
        raise RuntimeError("disk full")

    monkeypatch.setattr(OpinionSource, "anonymise_expired", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        retention_run(today=TODAY)
    run = RetentionRun.objects.get()
    assert run.counts["onestop.case"] == 1
    assert "disk full" in run.counts["errors"]["dialogues.opinion"]
    assert not Opinion.objects.filter(citizen_name="half done").exists()
    assert Case.objects.get(pk=data["old_case"].pk).applicant_name == ANONYMISED


def _source_keys() -> list[str]:
    from portal.personal_data import sources

    return [s.key for s in sources()]


def test_today_is_the_date_in_vietnam_and_the_period_ends_at_its_midnight(
    receive, procedure, desk, officer
):
    case = _returned_case(
        receive,
        procedure,
        desk,
        officer,
        day=D(2016, 3, 6),  # handed back 08/03/2016
        applicant_name="Đỗ Văn Em",
        applicant_id_number="001090011111",
        applicant_phone="0912111111",
        applicant_address="Số 1 phố Phú La",
    )
    assert case_closed_on(case) == D(2016, 3, 8)
    # 08/03/2026 in Vietnam: ten years exactly, still kept.
    with time_machine.travel(dt.datetime(2026, 3, 8, 23, 30, tzinfo=HCM), tick=False):
        assert retention_run().counts["onestop.case"] == 0
    # 00:30 on 09/03 in Vietnam (still 08/03 in UTC): the period is over.
    with time_machine.travel(dt.datetime(2026, 3, 9, 0, 30, tzinfo=HCM), tick=False):
        assert retention_run().counts["onestop.case"] == 1


def test_the_nightly_beat_job_anonymises_and_records_its_run(data, settings):
    from portal.tasks import personal_data_retention

    entry = settings.CELERY_BEAT_SCHEDULE["personal-data-retention"]
    assert entry["task"] == personal_data_retention.name
    with time_machine.travel(dt.datetime(2026, 3, 9, 2, 40, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        counts = personal_data_retention.run()
    run = RetentionRun.objects.get()
    assert run.trigger == "nightly" and run.counts == counts
    assert sum(counts.values()) >= 2  # the 2015 dossier and the 2020 opinion at least
