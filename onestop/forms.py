from django import forms
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from messaging.forms import NotifyConsentMixin
from onestop.models import Case, CasePaper, Procedure
from portal.forms import ChoicePlaceholders, DateField
from portal.models import Department, ProcedureField, User
from portal.validators import PhoneField


class CaseReceiveForm(NotifyConsentMixin, ChoicePlaceholders, forms.ModelForm):
    consent_phone_field = "applicant_phone"

    class Meta:
        model = Case
        fields = [
            "procedure",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
            "channel",
            "e_authenticated",
            "sets_count",
            "delivery",
            "delivery_address",
            "papers_note",
        ]
        field_classes = {"applicant_phone": PhoneField}
        widgets = {
            "applicant_id_number": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
            "procedure": forms.Select(attrs={"data-autosubmit": "load_papers"}),
            "papers_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = Procedure.objects.filter(is_active=True).select_related(
            "field"
        )
        self.fields["sets_count"].widget.attrs.update({"min": 1, "max": 99})
        self.fields["sets_count"].validators.append(MaxValueValidator(99))


class PaperForm(ChoicePlaceholders, forms.Form):
    """One paper row of the receive form: a paper of the procedure's list (ticked when
    handed in) or one the desk adds."""

    handed = forms.BooleanField(label=_("Handed in"), required=False)
    listed = forms.IntegerField(required=False, widget=forms.HiddenInput)
    required = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Full-width boxes: a paper's name is often long ("Giấy tờ tùy thân của hai bên ...").
    name = forms.CharField(
        label=_("Paper"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    count = forms.IntegerField(
        label=_("Count"),
        min_value=1,
        max_value=99,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    kind = forms.ChoiceField(
        label=_("Form"),
        choices=CasePaper.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


PaperFormSet = forms.formset_factory(PaperForm, extra=0, max_num=40, absolute_max=40)


def paper_rows_for(procedure: Procedure | None, blank_rows: int = 2) -> list[dict]:
    """The receive form's paper rows: the procedure's list, then blank rows to add to."""
    rows = []
    if procedure is not None:
        rows = [
            {
                "listed": p.pk,
                "required": p.required,
                "name": p.name,
                "count": p.count,
                "kind": p.kind,
                "handed": False,
            }
            for p in procedure.papers.all()
        ]
    return rows + [{"count": 1, "kind": CasePaper.Kind.ORIGINAL} for _ in range(blank_rows)]


class CaseFilterForm(ChoicePlaceholders, forms.Form):
    filter_form = True

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Receipt code, name, phone or ID number")}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Case.Status.choices
    )
    department = forms.ModelChoiceField(
        label=_("Department"), required=False, queryset=Department.objects.all()
    )
    field = forms.ModelChoiceField(
        label=_("Procedure field"), required=False, queryset=ProcedureField.objects.all()
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("All")),
            ("overdue", _("Late, not yet settled")),
            ("today", _("Due today")),
            ("soon", _("Due soon")),
            ("late_finished", _("Settled late")),
            ("early", _("Settled early")),
            ("on_time", _("Settled on the due date")),
            ("unsettled", _("Not yet settled")),
            ("supplement_breach", _("Asked for a supplement more than once")),
            ("not_digitised", _("Paper dossier not fully digitised")),
            ("not_authenticated", _("Online dossier not authenticated electronically")),
        ],
    )
    received_from = DateField(label=_("Received from"), required=False)
    received_to = DateField(label=_("Received to"), required=False)


class ForwardForm(ChoicePlaceholders, forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Officer in charge"), required=False, queryset=User.objects.none()
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["officer"].queryset = User.objects.filter(
                department_id=case.department_id, is_active=True
            )


class SupplementForm(ChoicePlaceholders, forms.Form):
    missing = forms.CharField(
        label=_("What to supplement or complete (one item per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    justification = forms.CharField(
        label=_("Justification for a further request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required from the second request on: it is reported as a breach."),
    )


class NoteForm(ChoicePlaceholders, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(ChoicePlaceholders, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(ChoicePlaceholders, forms.Form):
    result = forms.CharField(label=_("Result (paper issued)"), max_length=500)


class RefuseForm(ChoicePlaceholders, forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ApologyProposeForm(ChoicePlaceholders, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 3})
    )
    extra_working_days = forms.IntegerField(
        label=_("New appointment in how many working days from today"),
        min_value=1,
        max_value=60,
        initial=3,
    )
    officer = forms.ModelChoiceField(
        label=_("Responsible officer"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args, letter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if letter is not None:
            self.fields["officer"].queryset = User.objects.filter(
                department_id=letter.department_id, is_active=True
            )


class LookupForm(ChoicePlaceholders, forms.Form):
    receipt_code = forms.CharField(label=_("Receipt code"), max_length=20)
    phone_last4 = forms.CharField(
        label=_("Last 4 digits of the phone number"),
        max_length=4,
        min_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Enter 4 digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_receipt_code(self):
        return self.cleaned_data["receipt_code"].strip().upper()


class PeriodForm(ChoicePlaceholders, forms.Form):
    date_from = DateField(label=_("From"))
    date_to = DateField(label=_("To"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class ProcedureImportForm(ChoicePlaceholders, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ScanForm(forms.Form):
    """The scan of one received paper (checked by services.scan_check)."""

    scan = forms.FileField(
        label=_("Scan (PDF, JPG or PNG, at most 5 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png", "class": "form-control form-control-sm"}
        ),
    )


class EAuthForm(forms.Form):
    e_authenticated = forms.BooleanField(
        label=_("The applicant was authenticated electronically (VNeID / Cổng DVC)"),
        required=False,
    )
