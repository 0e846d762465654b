"""The addressee's data in the letters: found, corrected and anonymised through the
personal-data registry, and by the retention job."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from letters import services
from letters.models import Letter
from portal import personal_data
from portal.personal_data import ANONYMISED
from portal.retention import retention_run


def draft(office, **kwargs):
    values = {
        "kind": Letter.Kind.THANKS,
        "addressee_kind": Letter.AddresseeKind.CITIZEN,
        "addressee_name": "Nguyễn Văn Hùng",
        "addressee_address": "Số 5 ngõ 12",
        "addressee_phone": "0912345678",
        "addressee_email": "hung@example.com",
        "body": "Ông Nguyễn Văn Hùng đã hiến đất mở đường.",
    }
    values.update(kwargs)
    return services.letter_draft(actor=office, **values)


@pytest.fixture
def source():
    return personal_data.source_get("letters.letter")


def test_the_letters_are_registered_and_found_by_phone(office, source):
    letter = draft(office)
    draft(office, addressee_phone="0987654321")
    records = source.find(phone="0912 345 678")
    assert [r.pk for r in records] == [letter.pk]
    assert records[0].data[0][1] == "Nguyễn Văn Hùng"
    assert records[0].url == f"/letters/{letter.pk}/"
    assert source.find(id_number="001234567890") == []


def test_a_correction_changes_the_registry_subject_and_drops_the_stored_copy(
    office, leader, source, django_capture_on_commit_callbacks
):
    letter = draft(office)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_sign(letter=letter, signer=leader)
    letter.refresh_from_db()
    assert letter.pdf
    with django_capture_on_commit_callbacks(execute=True):
        changed = source.correct(letter.pk, {"addressee_name": "Nguyễn Văn Hưng"})
    assert changed == {"addressee_name": ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng")}
    letter.refresh_from_db()
    assert not letter.pdf and letter.number.subject == "Thư cảm ơn Nguyễn Văn Hưng"
    with pytest.raises(ValidationError):  # a phone that is not one
        source.correct(letter.pk, {"addressee_phone": "12"})


def test_anonymising_removes_the_name_everywhere(
    office, leader, source, django_capture_on_commit_callbacks
):
    letter = draft(office)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_sign(letter=letter, signer=leader)
    letter.refresh_from_db()
    storage, name = letter.pdf.storage, letter.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        assert source.anonymise(letter.pk, now=timezone.now()) is True
    letter.refresh_from_db()
    assert letter.addressee_name == ANONYMISED
    assert (letter.addressee_phone, letter.addressee_email, letter.addressee_address) == (
        "",
        "",
        "",
    )
    assert "Nguyễn Văn Hùng" not in letter.body
    assert letter.number.subject == f"Thư cảm ơn {ANONYMISED}"
    assert not letter.pdf and not storage.exists(name)
    assert source.anonymise(letter.pk, now=timezone.now()) is False  # already done


def test_retention_anonymises_old_letters_to_citizens_only(office, leader):
    with time_machine.travel(dt.datetime(2020, 3, 2, 3, tzinfo=dt.UTC)):
        old = services.letter_sign(letter=draft(office), signer=leader)
        company = services.letter_sign(
            letter=draft(office, addressee_kind="business", addressee_name="Công ty A"),
            signer=leader,
        )
    recent = draft(office)
    run = retention_run(today=dt.date(2026, 3, 9))
    assert run.counts["letters.letter"] == 1
    old.refresh_from_db()
    company.refresh_from_db()
    recent.refresh_from_db()
    assert old.addressee_name == ANONYMISED and old.anonymised_at is not None
    assert company.addressee_name == "Công ty A" and recent.addressee_name == "Nguyễn Văn Hùng"
    assert retention_run(today=dt.date(2026, 3, 9)).counts["letters.letter"] == 0
