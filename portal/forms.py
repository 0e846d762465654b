import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.models import DocumentNumber, DocumentType, PersonRequest
from portal.validators import PhoneField


class DateInput(forms.DateInput):
    """The one date input of the portal: a dd/mm/yyyy text box that phones and desks type
    into the same way, with a calendar button beside it (static/portal/portal.js) that
    opens the browser's own date picker and writes the day back as dd/mm/yyyy."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%d/%m/%Y")
        attrs = kwargs.setdefault("attrs", {})
        attrs.setdefault("placeholder", "dd/mm/yyyy")
        attrs.setdefault("inputmode", "numeric")
        attrs.setdefault("autocomplete", "off")
        attrs.setdefault("data-datepicker", _("Pick a day"))
        super().__init__(**kwargs)


class ChoicePlaceholders:
    """Vietnamese words instead of Django's "---------" in the empty choice of a select:
    "Tất cả" on a filter form (`filter_form = True`), "— Chọn —" on any other."""

    filter_form = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = _("All") if self.filter_form else _("— Choose —")
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = label
            elif isinstance(field, forms.ChoiceField):
                field.choices = [
                    (value, label if value in ("", None) and str(text).startswith("---") else text)
                    for value, text in field.choices
                ]


MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


class DateField(forms.DateField):
    """A date the portal can compute with: 01/01/1900 to 31/12/2100, so that a filter
    given 31/12/9999 gets a message instead of overflowing the day after it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not MIN_DATE <= value <= MAX_DATE:
            raise forms.ValidationError(
                _("Enter a date between %(min)s and %(max)s."),
                code="out_of_range",
                params={"min": f"{MIN_DATE:%d/%m/%Y}", "max": f"{MAX_DATE:%d/%m/%Y}"},
            )


def int_param(value, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """A number from a URL parameter, or None: ASCII digits only ("²" and "٣" are digits to
    str.isdigit() and then break int()), at most 12 of them, within the bounds."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    number = int(value)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number


def year_param(value) -> int | None:
    """A year from a URL parameter (1900–2100, the dates the portal computes with), or None."""
    return int_param(value, minimum=MIN_DATE.year, maximum=MAX_DATE.year)


class WorkingDayCalculatorForm(ChoicePlaceholders, forms.Form):
    start = DateField(label=_("Received on"))
    days = forms.IntegerField(label=_("Working days"), min_value=0, max_value=365)


class DocumentNumberForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = DocumentNumber
        fields = ["doc_type", "subject", "issued_on"]
        widgets = {"issued_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].queryset = DocumentType.objects.filter(numbered=True)
        self.fields["issued_on"].initial = timezone.localdate()


class RegistryFilterForm(ChoicePlaceholders, forms.Form):
    filter_form = True

    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    doc_type = forms.ModelChoiceField(
        label=_("Document type"), queryset=DocumentType.objects.all(), required=False
    )


class AuditFilterForm(ChoicePlaceholders, forms.Form):
    filter_form = True

    user = forms.CharField(label=_("User"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        from portal.audit import KINDS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + list(KINDS.items())


class PersonRequestForm(ChoicePlaceholders, forms.Form):
    """A person's request about his own data, as the office records it."""

    kind = forms.ChoiceField(label=_("The person asks to"), choices=PersonRequest.Kind.choices)
    requester_name = forms.CharField(label=_("Full name"), max_length=200)
    id_number = forms.CharField(
        label=_("Citizen ID (CCCD) number"),
        required=False,
        max_length=20,
        help_text=_(
            "At least one of the CCCD number and the phone: the records are searched by them."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = PhoneField(label=_("Phone"), required=False)
    received_on = DateField(label=_("Received on"))
    details = forms.CharField(
        label=_("What the person asks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_id_number(self):
        value = "".join(self.cleaned_data["id_number"].split())
        if value and not (value.isascii() and value.isdigit() and len(value) == 12):
            raise forms.ValidationError(_("A citizen ID (CCCD) number has exactly 12 digits."))
        return value

    def clean(self):
        data = super().clean()
        typed_wrong = self.has_error("id_number") or self.has_error("phone")
        if not data.get("id_number") and not data.get("phone") and not typed_wrong:
            raise forms.ValidationError(
                _("Enter the person's citizen ID number, phone number or both.")
            )
        return data


class PersonRequestFilterForm(ChoicePlaceholders, forms.Form):
    filter_form = True

    q = forms.CharField(label=_("Name, CCCD or phone"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PersonRequest.Status.choices]
    )
    kind = forms.ChoiceField(
        label=_("Request"), required=False, choices=[("", _("All")), *PersonRequest.Kind.choices]
    )


class PersonRequestCloseForm(ChoicePlaceholders, forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            (PersonRequest.Status.DONE, PersonRequest.Status.DONE.label),
            (PersonRequest.Status.REFUSED, PersonRequest.Status.REFUSED.label),
        ],
    )
    # Required by the service, whose message says what to write.
    result = forms.CharField(
        label=_("What was done for the person, or why not"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )


class PersonRecordCorrectionForm(ChoicePlaceholders, forms.Form):
    """The correctable fields of one record (a source's `correctable`), each checked as
    its model field checks it; the model's own errors come back on the same fields."""

    def __init__(self, *args, fields: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, model_field, value in fields:
            label = capfirst(label)
            if "phone" in name:
                field = PhoneField(label=label, required=not model_field.blank)
            else:
                field = model_field.formfield(label=label, required=not model_field.blank)
            field.initial = value
            self.fields[name] = field


def errors_onto(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form that sent the input: each message by
    its field when the form has it, the others above the form; what was typed stays."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
