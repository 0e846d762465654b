from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import (
    Attendee,
    DialoguePlan,
    DialogueSession,
    Opinion,
    PlanParticipant,
    PlanParticipantGroup,
    PlanProgrammeItem,
    PlanResponsibility,
    PlanTopic,
)
from messaging.forms import ABOUT_OPINION, NotifyConsentMixin
from portal.forms import ChoicePlaceholders, DateInput
from portal.models import Department, User
from portal.validators import PhoneField

TEXTAREA = {"rows": 3}


class PlanForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = DialoguePlan
        fields = [
            "year", "kind", "title", "legal_basis", "introduction", "purposes", "requirements",
            "content_note", "participants_intro", "time_and_place", "venue", "format", "closing",
            "recipients", "signer", "signer_authority",
        ]  # fmt: skip
        widgets = {
            f: forms.Textarea(attrs=TEXTAREA)
            for f in (
                "legal_basis", "introduction", "purposes", "requirements", "content_note",
                "participants_intro", "time_and_place", "format", "closing", "recipients",
            )
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = User.objects.filter(
            groups__name="Lãnh đạo", is_active=True
        )


# The plan's one-item-per-line texts that the editor shows as tables of their own.
PLAN_LINE_FIELDS = ("legal_basis", "purposes", "recipients")


class PlanGeneralForm(PlanForm):
    """The plan's text without the line lists, which the editor edits as tables."""

    class Meta(PlanForm.Meta):
        fields = [f for f in PlanForm.Meta.fields if f not in PLAN_LINE_FIELDS]


class _PlanPartForm(ChoicePlaceholders, forms.ModelForm):
    """One row of a plan's list. Its order is the row's place in the table (moved with the
    up/down buttons), never a number to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            self.fields["order"].widget = forms.HiddenInput()
            self.fields["order"].required = False
        for field in self.fields.values():  # compact widgets for a table row
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "form-control form-control-sm")
                widget.attrs["rows"] = 2
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")


def _inline(model, fields, widgets=None):
    return forms.inlineformset_factory(
        DialoguePlan,
        model,
        form=_PlanPartForm,
        fields=fields,
        extra=1,
        can_delete=True,
        widgets=widgets or {},
    )


TopicFormSet = _inline(
    PlanTopic, ["order", "field", "text"], {"text": forms.Textarea(attrs={"rows": 2})}
)
GroupFormSet = _inline(
    PlanParticipantGroup,
    ["order", "category", "title", "members"],
    {"members": forms.Textarea(attrs={"rows": 3})},
)
ProgrammeFormSet = _inline(
    PlanProgrammeItem, ["order", "text"], {"text": forms.Textarea(attrs={"rows": 2})}
)
ResponsibilityFormSet = _inline(
    PlanResponsibility,
    ["order", "unit", "department", "duties"],
    {"duties": forms.Textarea(attrs={"rows": 3})},
)


class SessionForm(ChoicePlaceholders, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
        ),
    )

    class Meta:
        model = DialogueSession
        fields = ["title", "starts_at", "venue", "neighborhood", "chair", "secretary"]


class MinutesForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = DialogueSession
        fields = ["chair", "secretary", "agenda", "proceedings", "conclusion", "ended_at"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "proceedings": forms.Textarea(attrs={"rows": 6}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
            "ended_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm"}),
        }


class AttendeeForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["name", "position", "organisation", "category", "confirmed", "attended"]


class ParticipantForm(ChoicePlaceholders, forms.ModelForm):
    """One person of a plan's participant group, or a unit to invite."""

    class Meta:
        model = PlanParticipant
        fields = ["is_unit", "name", "position", "unit", "phone", "email"]
        field_classes = {"phone": PhoneField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One compact row per person (the page lays the fields out itself).
        for name, field in self.fields.items():
            css = "form-check-input" if name == "is_unit" else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        if data.get("is_unit"):
            data["name"] = ""
            data["position"] = ""
        return data


class OpinionForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = Opinion
        fields = [
            "source", "session", "organisation", "field", "content", "citizen_name",
            "citizen_address", "citizen_phone", "citizen_email",
        ]  # fmt: skip
        field_classes = {"citizen_phone": PhoneField}
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}


class OfficerSelect(forms.Select):
    """Each official's option says his department (data-department), so that the page
    lists only the officials of the department chosen (static/portal/portal.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-department"] = instance.department_id or ""
        return option


class ClassifyForm(ChoicePlaceholders, forms.Form):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Opinion.Classification.choices[1:]
    )
    field = forms.ModelChoiceField(
        label=_("Procedure field"),
        required=False,
        queryset=Opinion._meta.get_field("field").related_model.objects.all(),
    )
    department = forms.ModelChoiceField(
        label=_("Department that answers"),
        required=False,
        queryset=Department.objects.filter(is_active=True),
    )
    officer = forms.ModelChoiceField(
        label=_("Official"),
        required=False,
        queryset=User.objects.filter(department__isnull=False).order_by("full_name", "pk"),
        widget=OfficerSelect(attrs={"data-depends-on": "id_department"}),
    )
    due_date = forms.DateField(
        label=_("Answer due by"), required=False, widget=DateInput(),
        help_text=_("Empty: 10 working days from today."),
    )  # fmt: skip
    routed_note = forms.CharField(
        label=_("Routing note (complaints and denunciations)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnAnswerForm(ChoicePlaceholders, forms.Form):
    comment = forms.CharField(
        label=_("What should the answer change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(ChoicePlaceholders, forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))


class PublicFeedbackForm(NotifyConsentMixin, ChoicePlaceholders, forms.Form):
    """The citizens' feedback form: an opinion on administrative procedures."""

    consent_phone_field = "citizen_phone"
    consent_label = ABOUT_OPINION

    content = forms.CharField(
        label=_("Your opinion or suggestion"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    citizen_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    citizen_phone = PhoneField(label=_("Phone (optional)"), required=False)
    citizen_email = forms.EmailField(
        label=_("Email (optional, to receive the written answer)"), required=False
    )
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""
