import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.forms import ChoicePlaceholders, DateField
from portal.models import User
from reports.models import Report
from reports.services import last_completed_quarter, period_bounds

MAX_RANGE_DAYS = 366


class ReportNewForm(ChoicePlaceholders, forms.Form):
    """Which period to report on; `clean()` adds its first and last day as start/end."""

    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[(value, capfirst(label)) for value, label in Report.Kind.choices],
        widget=forms.RadioSelect,
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, _("First six months")), (2, _("Last six months"))],
    )
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        year, quarter = last_completed_quarter(today or timezone.localdate())
        self.initial = {
            "kind": Report.Kind.QUARTER,
            "year": year,
            "quarter": quarter,
            "half": 1 if quarter <= 2 else 2,
            **self.initial,
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if kind == Report.Kind.RANGE:
            start, end = data.get("date_from"), data.get("date_to")
            if start is None and "date_from" not in self.errors:
                self.add_error("date_from", _("Enter the first day of the period."))
            if end is None and "date_to" not in self.errors:
                self.add_error("date_to", _("Enter the last day of the period."))
            if start is None or end is None:
                return data
            if end < start:
                self.add_error("date_to", _("The period ends before it starts."))
                return data
            if (end - start).days + 1 > MAX_RANGE_DAYS:
                self.add_error(
                    "date_to",
                    _("A report covers at most %(days)s days: choose a shorter period.")
                    % {"days": MAX_RANGE_DAYS},
                )
                return data
            data["start"], data["end"] = start, end
            return data
        if data.get("year") is None:
            if "year" not in self.errors:
                self.add_error("year", _("Enter the year."))
            return data
        part = 1
        if kind == Report.Kind.QUARTER:
            part = data.get("quarter")
            if part is None:
                self.add_error("quarter", _("Choose the quarter."))
                return data
        elif kind == Report.Kind.HALF:
            part = data.get("half")
            if part is None:
                self.add_error("half", _("Choose the half-year."))
                return data
        data["start"], data["end"] = period_bounds(kind, data["year"], part)
        return data


class ReportForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "subject",
            "introduction",
            "assessment",
            "shortcomings",
            "next_tasks",
            "recommendations",
            "recipients",
            "signer",
            "signer_authority",
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.Textarea(attrs={"rows": 10}),
            "shortcomings": forms.Textarea(attrs={"rows": 6}),
            "next_tasks": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = (
            User.objects.filter(groups__name=roles.LEADER, is_active=True)
            .distinct()
            .order_by("full_name", "pk")
        )
        self.fields["signer"].help_text = _(
            "The chairman or a vice-chairman; the report cannot be issued without one."
        )


class ReportReturnForm(ChoicePlaceholders, forms.Form):
    """A leader returns a report with what the office should change."""

    comment = forms.CharField(
        label=_("What should the office change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
