"""The system log (/audit/) also lists the data care: who viewed a person's full data,
the backup runs, the retention runs and the steps of a person's request; still one
UNION query, paginated in the database.

The new kinds' labels are translated once the catalogue is compiled: the assertions here
read the details, the users and which rows a kind filter keeps."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from portal import person_requests
from portal.models import BackupRun, PersonRequest, RetentionRun
from portal.retention import retention_run

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("<tbody>")[1].split("</tbody>")[0]


def _rows(body: str) -> int:
    return len(re.findall(r"<tr><td class=\"text-nowrap\">", body))


def _access(case, user, ip="10.0.0.5"):
    return LogEntry.objects.log_create(
        case, action=LogEntry.Action.ACCESS, force_log=True, actor=user, remote_addr=ip
    )


def _backup(ok=True, **kwargs):
    start = timezone.now()
    values = {
        "started_at": start,
        "finished_at": start + dt.timedelta(minutes=2),
        "trigger": BackupRun.Trigger.NIGHTLY,
        "ok": ok,
        "name": "portal-20260309-0300",
        "size": 12_845_056 if ok else 0,  # 12.25 MB
        "error": "" if ok else "pg_dump: connection refused",
    }
    values.update(kwargs)
    return BackupRun.objects.create(**values)


def _person_request(office, name="Nguyễn Văn An"):
    return person_requests.person_request_create(
        kind=PersonRequest.Kind.DELETION,
        requester_name=name,
        id_number="001090012345",
        phone="0912345678",
        received_on=timezone.localdate(),
        actor=office,
        details="Xóa số điện thoại trong ý kiến góp ý",
    )


@pytest.fixture
def case(receive, procedure):
    return receive(procedure)


def test_a_view_of_a_persons_data_is_its_own_kind_naming_the_object(client, office, case):
    _access(case, office)
    client.force_login(office)
    body = _body(client.get("/audit/?kind=access"))
    assert _rows(body) == 1
    assert f"onestop.case #{case.pk} {case.receipt_code}" in body
    assert "vanphong" in body and "10.0.0.5" in body


def test_the_change_kind_leaves_the_views_out(client, office, case):
    # Receiving the dossier outside admin is recorded as a creation (a change).
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE).count() == 1
    _access(case, office)
    client.force_login(office)
    changes = _body(client.get("/audit/?kind=change"))
    assert _rows(changes) == 1 and "10.0.0.5" not in changes
    everything = _body(client.get("/audit/"))
    assert "10.0.0.5" in everything


def test_backup_runs_show_trigger_outcome_name_and_size_or_error(client, office):
    _backup()
    _backup(ok=False, name="", trigger=BackupRun.Trigger.MANUAL)
    client.force_login(office)
    body = _body(client.get("/audit/?kind=backup"))
    assert _rows(body) == 2
    assert "portal-20260309-0300" in body and "12,2 MB" in body
    assert "pg_dump: connection refused" in body
    # No user made them: a filter by user leaves them out.
    assert _rows(_body(client.get("/audit/?kind=backup&user=vanphong"))) == 0


def test_retention_runs_show_their_counts(client, office, case):
    retention_run(today=timezone.localdate(), trigger="manual")
    client.force_login(office)
    body = _body(client.get("/audit/?kind=retention"))
    assert _rows(body) == 1
    with translation.override("vi"):
        by_hand = str(BackupRun.Trigger.MANUAL.label)
    assert by_hand in body and "onestop.case&quot;: 0" in body
    assert RetentionRun.objects.count() == 1


def test_person_request_steps_show_the_request_the_action_and_the_user(client, office):
    request = _person_request(office)
    person_requests.person_request_close(request=request, status="done", result="Đã xóa")
    client.force_login(office)
    body = _body(client.get("/audit/?kind=person_request"))
    assert _rows(body) == request.steps.count() == 2
    assert body.count(f"#{request.pk} ") == 2 and "vanphong" in body
    assert "Đã xóa" in body


def test_the_leader_reads_the_new_kinds_and_the_desk_does_not(client, leader, desk, case):
    _access(case, leader)
    _backup()
    client.force_login(leader)
    body = _body(client.get("/audit/"))
    assert "portal-20260309-0300" in body and f"onestop.case #{case.pk}" in body
    client.force_login(desk)
    assert client.get("/audit/?kind=backup").status_code == 403


def test_the_kind_filter_offers_the_new_kinds(client, office):
    client.force_login(office)
    page = client.get("/audit/").content.decode()
    for kind in ("access", "backup", "retention", "person_request"):
        assert f'value="{kind}"' in page


def _seed(office, case, n: int):
    for i in range(n):
        _access(case, office, ip=f"10.0.1.{i + 1}")
        _backup(name=f"portal-{i}")
        RetentionRun.objects.create(counts={"onestop.case": i})
        _person_request(office, name=f"Người {i}")


def test_the_page_query_count_does_not_grow_with_the_entries(client, office, case):
    client.force_login(office)
    _seed(office, case, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/audit/").status_code == 200
    _seed(office, case, 20)
    with CaptureQueriesContext(connection) as many:
        body = _body(client.get("/audit/"))
    assert _rows(body) == 50  # one page
    assert len(many) == len(few)
    # One query counts the page, one reads it (the rest is the session and the user).
    unions = [q["sql"] for q in many.captured_queries if "UNION" in q["sql"]]
    assert len(unions) == 2
