"""The consent checkbox a form adds, and the desk's filter of messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.models import Channel, Message
from portal.forms import ChoicePlaceholders
from portal.validators import PhoneField


class NotifyConsentMixin:
    """Adds "Receive SMS/Zalo notifications about this dossier" to a form.

    Set `consent_phone_field` to the form's own phone field (the checkbox then needs it
    filled); without one, the mixin adds a `notify_phone` field. Put the mixin first:
        class CaseReceiveForm(NotifyConsentMixin, ChoicePlaceholders, forms.ModelForm):
            consent_phone_field = "applicant_phone"
    After the record is saved: `form.consent_save(obj=case, source=..., actor=...)`.
    """

    consent_phone_field: str | None = None
    consent_label = _("Receive SMS/Zalo notifications about this dossier")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notify_consent"] = forms.BooleanField(
            label=self.consent_label,
            required=False,
            help_text=_(
                "The ward uses this phone number only to tell you about this matter "
                "(Decree 13/2023/ND-CP on personal data protection). You may withdraw at "
                "any time by asking the one-stop desk."
            ),
        )
        if not self.consent_phone_field:
            self.fields["notify_phone"] = PhoneField(
                label=_("Phone for notifications"), required=False
            )

    def _consent_phone_name(self) -> str:
        return self.consent_phone_field or "notify_phone"

    def clean(self):
        cleaned = super().clean()
        name = self._consent_phone_name()
        if cleaned.get("notify_consent") and not cleaned.get(name) and name not in self.errors:
            self.add_error(name, _("Enter the phone number to receive notifications on."))
        return cleaned

    def consent_phone(self) -> str:
        """The phone the citizen agreed to be told on, or "" when he did not agree."""
        if not self.cleaned_data.get("notify_consent"):
            return ""
        return self.cleaned_data.get(self._consent_phone_name()) or ""

    def consent_save(self, *, obj, source: str, actor=None):
        from messaging.services import consent_record

        phone = self.consent_phone()
        if not phone:
            return None
        return consent_record(phone=phone, obj=obj, source=source, actor=actor)


# The checkbox's wording on the public feedback form (set as its `consent_label`).
ABOUT_OPINION = _("Receive SMS/Zalo notifications about this opinion")


class MessageFilterForm(ChoicePlaceholders, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All"))] + list(Message.State.choices),
        initial=Message.State.FAILED,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All"))] + list(Channel.choices)
    )
    event = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All"))] + list(Message.Event.choices)
    )
