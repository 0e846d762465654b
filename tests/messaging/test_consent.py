"""The consent checkbox on the desk's and the public forms; phone numbers as personal data."""

import datetime as dt

from django import forms
from django.utils import timezone

from messaging import services as messaging
from messaging.forms import NotifyConsentMixin
from messaging.models import Consent, Message
from portal import personal_data
from portal.personal_data import ANONYMISED
from portal.validators import PhoneField


class ReceiveForm(NotifyConsentMixin, forms.Form):
    consent_phone_field = "applicant_phone"
    applicant_phone = PhoneField(required=False)


class FeedbackForm(NotifyConsentMixin, forms.Form):
    content = forms.CharField()


def test_the_checkbox_needs_a_phone(case, desk):
    form = ReceiveForm({"notify_consent": "on", "applicant_phone": ""})
    assert not form.is_valid() and "applicant_phone" in form.errors
    form = ReceiveForm({"notify_consent": "on", "applicant_phone": "0912 345 678"})
    assert form.is_valid()
    consent = form.consent_save(obj=case, source=Consent.Source.DOSSIER_RECEIPT, actor=desk)
    assert consent.phone == "0912345678" and consent.sms and consent.zalo
    assert consent.subject == case and consent.recorded_by == desk
    assert case.receipt_code in consent.purpose and "SMS/Zalo" in consent.purpose


def test_unticked_records_no_consent(case):
    form = ReceiveForm({"applicant_phone": "0912345678"})
    assert form.is_valid()
    assert form.consent_save(obj=case, source="dossier_receipt") is None
    assert Consent.objects.count() == 0


def test_a_form_without_its_own_phone_gets_one(case):
    form = FeedbackForm({"content": "x", "notify_consent": "on", "notify_phone": "abc"})
    assert not form.is_valid() and "notify_phone" in form.errors
    form = FeedbackForm({"content": "x", "notify_consent": "on", "notify_phone": "0912345678"})
    assert form.is_valid() and form.consent_phone() == "0912345678"


def test_phone_numbers_are_found_and_anonymised_through_the_registry(sms, consented):
    message = messaging.citizen_notify(event="result_ready", obj=consented)
    found = {
        source.key: source.find(phone="0912 345 678")
        for source in personal_data.sources()
        if source.key.startswith("messaging.")
    }
    assert len(found["messaging.message"]) == 1 and len(found["messaging.consent"]) == 1
    assert personal_data.source_get("messaging.message").anonymise(message.pk, now=timezone.now())
    message.refresh_from_db()
    assert message.phone == ANONYMISED and message.state == Message.State.CANCELLED
    consent = Consent.objects.get()
    assert personal_data.source_get("messaging.consent").anonymise(consent.pk, now=timezone.now())
    consent.refresh_from_db()
    assert consent.phone == ANONYMISED and consent.withdrawn_at is not None


def test_old_messages_lose_their_number_in_the_retention_run(sms, settings, consented):
    message = messaging.citizen_notify(event="result_ready", obj=consented)
    Message.objects.update(state="sent")
    source = personal_data.source_get("messaging.message")
    today = timezone.localdate()
    assert source.expired_count(today=today) == 0
    later = today + dt.timedelta(days=settings.MESSAGING_RETENTION_DAYS + 1)
    assert source.expired_count(today=later) == 1
    assert source.anonymise_expired(today=later, now=timezone.now()) == 1
    assert source.anonymise_expired(today=later, now=timezone.now()) == 0
    message.refresh_from_db()
    assert message.phone == ANONYMISED


def test_a_misspelt_channel_or_event_is_reported_at_start_up(settings):
    from messaging.checks import channels_configured

    settings.MESSAGING_CHANNELS = ["zalo", "sms", "fax"]
    settings.ZALO_ACCESS_TOKEN = ""
    settings.ZALO_TEMPLATES = {"result_redy": "1"}
    settings.SMS_GATEWAY_URL = ""
    ids = {problem.id for problem in channels_configured()}
    assert ids == {"messaging.E001", "messaging.E002", "messaging.W001", "messaging.W002"}
    settings.MESSAGING_CHANNELS = []
    settings.ZALO_TEMPLATES = {}
    assert channels_configured() == []


def test_a_dossier_anonymised_takes_its_consents_and_messages_along(sms, consented):
    from messaging.personal_data import subjects_anonymise
    from onestop.models import Case

    message = messaging.citizen_notify(event="result_ready", obj=consented)
    assert subjects_anonymise(Case, [consented.pk], now=timezone.now()) == 1
    message.refresh_from_db()
    assert message.phone == ANONYMISED and message.state == Message.State.CANCELLED
    assert Consent.objects.get().phone == ANONYMISED
    assert messaging.citizen_notify(event="supplement_requested", obj=consented) is None
