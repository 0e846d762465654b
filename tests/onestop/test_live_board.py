"""Bảng tin: the results ready and today's appointments, codes and masked names only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onestop.liveboard import masked_name
from onestop.models import Case


def test_masked_names_keep_the_family_name_and_initials():
    assert masked_name("Trần Thị Hoa") == "Trần T. H."
    assert masked_name("  Lê   an ") == "Lê A."
    assert masked_name("") == ""


def test_the_board_shows_ready_results_and_today_without_personal_data(
    client, ward, receive, procedure
):
    ready = receive(procedure, applicant_name="Trần Thị Hoa")
    Case.objects.filter(pk=ready.pk).update(
        status=Case.Status.APPROVED, decided_on=timezone.localdate()
    )
    today = receive(procedure, applicant_name="Nguyễn Văn Bình")
    Case.objects.filter(pk=today.pk).update(due_date=timezone.localdate())
    handed = receive(procedure, applicant_name="Phạm Minh Châu")
    Case.objects.filter(pk=handed.pk).update(
        status=Case.Status.RETURNED, returned_at=timezone.now()
    )
    body = client.get("/bang-tin/").content.decode()
    assert ready.receipt_code in body and "Trần T. H." in body
    assert today.receipt_code in body and "Nguyễn V. B." in body
    assert handed.receipt_code not in body  # already handed over
    for private in (
        "Trần Thị Hoa",
        ready.applicant_phone,
        ready.applicant_id_number,
        ready.applicant_address,
        procedure.name,
    ):
        assert private not in body  # fmt: skip
    assert 'http-equiv="refresh"' in body


def test_the_board_can_be_switched_off_and_costs_the_same(client, ward, receive, procedure):
    with CaptureQueriesContext(connection) as few:
        client.get("/bang-tin/")
    for _ in range(10):
        case = receive(procedure)
        Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        client.get("/bang-tin/")
    assert len(many) == len(few)
    ward.live_board_enabled = False
    ward.save()
    assert client.get("/bang-tin/").status_code == 404


def test_a_long_list_shows_what_fits_and_says_how_many_more(client, ward, receive, procedure):
    from onestop.liveboard import SHOWN

    for _ in range(SHOWN + 3):
        case = receive(procedure)
        Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate())
    body = client.get("/bang-tin/").content.decode()
    today = body.split('id="board-today"')[1].split("</ul>")[0]
    assert today.count('class="code"') == SHOWN and "và 3 hồ sơ khác" in today
