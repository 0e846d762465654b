from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from onestop.models import Case, CasePaper, Procedure
from portal.forms import DateField
from portal.models import Department, ProcedureField, User
from portal.validators import PhoneField


class CaseReceiveForm(forms.ModelForm):
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
        ]
        field_classes = {"applicant_phone": PhoneField}
        widgets = {
            "applicant_id_number": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = Procedure.objects.filter(is_active=True).select_related(
            "field"
        )


class PaperForm(forms.Form):
    name = forms.CharField(label=_("Paper"), max_length=300, required=False)
    count = forms.IntegerField(label=_("Count"), min_value=1, max_value=99, initial=1)
    kind = forms.ChoiceField(label=_("Form"), choices=CasePaper.Kind.choices)


PaperFormSet = forms.formset_factory(PaperForm, extra=4, max_num=30)


class CaseFilterForm(forms.Form):
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
        ],
    )
    received_from = DateField(label=_("Received from"), required=False)
    received_to = DateField(label=_("Received to"), required=False)


class ForwardForm(forms.Form):
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


class SupplementForm(forms.Form):
    missing = forms.CharField(
        label=_("What is missing and why (one item per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    justification = forms.CharField(
        label=_("Justification for a further request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required from the second request on: it is reported as a breach."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(forms.Form):
    result = forms.CharField(label=_("Result (paper issued)"), max_length=500)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ApologyProposeForm(forms.Form):
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


class LookupForm(forms.Form):
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


class PeriodForm(forms.Form):
    date_from = DateField(label=_("From"))
    date_to = DateField(label=_("To"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class ProcedureImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
