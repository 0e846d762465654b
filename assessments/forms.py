from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import CriteriaSet, LinkKind, Round
from assessments.services import thresholds_parse
from portal.forms import ChoicePlaceholders, DateField
from portal.models import Department

TEXTAREA = {"rows": 3}
THRESHOLDS_HELP = _("One rating per line with its minimum points, e.g. “5 sao: 95”.")


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, **kwargs)


class SetFilterForm(ChoicePlaceholders, forms.Form):
    filter_form = True
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class SetImportForm(ChoicePlaceholders, forms.Form):
    name = forms.CharField(label=_("Name of the set"), max_length=300)
    legal_source = forms.CharField(label=_("Legal source"), max_length=500, required=False)
    year = _year_field()
    thresholds = forms.CharField(
        label=_("Ratings"), widget=forms.Textarea(attrs=TEXTAREA), help_text=THRESHOLDS_HELP
    )
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_thresholds(self):
        text = self.cleaned_data["thresholds"]
        thresholds_parse(text)  # raises the ValidationError shown on the field
        return text


class SetCopyForm(forms.Form):
    year = _year_field()


class RoundForm(ChoicePlaceholders, forms.ModelForm):
    departments_due = DateField(label=_("Units send their scores by"))
    office_due = DateField(label=_("The office compiles the dossier by"))
    default_department = forms.ModelChoiceField(
        label=_("Assign every sub-criterion to"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Empty: the office; each item can be assigned afterwards."),
    )

    class Meta:
        model = Round
        fields = ["year", "departments_due", "office_due"]


class AssignForm(forms.Form):
    """One select per item, named item-<id>; the empty choice is the office itself."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        departments = list(Department.objects.all())
        choices = [("", _("Office (itself)")), *((str(d.pk), d.name) for d in departments)]
        self.items = items
        for item in items:
            self.fields[f"item-{item.pk}"] = forms.ChoiceField(
                label=f"{item.sub.code}",
                choices=choices,
                required=False,
                initial=str(item.department_id or ""),
            )

    def assignments(self) -> dict[int, int | None]:
        return {
            item.pk: int(self.cleaned_data[f"item-{item.pk}"] or 0) or None for item in self.items
        }


class SelfScoreForm(ChoicePlaceholders, forms.Form):
    """The self-score, its explanation and evidence: files (in the view) and links to
    portal records, each chosen from a list."""

    score = forms.DecimalField(label=_("Self-score"), min_value=Decimal(0), decimal_places=2)
    explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs=TEXTAREA), max_length=5000
    )
    plan = forms.ModelChoiceField(label=_("Link an issued plan"), required=False, queryset=None)
    report = forms.ModelChoiceField(label=_("Link an issued report"), required=False, queryset=None)
    survey = forms.ModelChoiceField(
        label=_("Link a survey's results"), required=False, queryset=None
    )
    period_kind = forms.ChoiceField(
        label=_("Link figures of a period"),
        required=False,
        choices=[
            ("", "---"),
            (LinkKind.ONESTOP, LinkKind.ONESTOP.label),
            (LinkKind.SESSIONS, LinkKind.SESSIONS.label),
        ],
    )
    period_start = DateField(label=_("Period from"), required=False)
    period_end = DateField(label=_("Period to"), required=False)

    def __init__(self, *args, **kwargs):
        from plans.models import Plan, PlanStatus
        from reports.models import Report
        from surveys.models import Survey

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(status=PlanStatus.ISSUED).select_related(
            "number"
        )
        self.fields["plan"].label_from_instance = lambda p: (
            f"{p.number.symbol if p.number_id else ''} {p.title}".strip()
        )
        self.fields["report"].queryset = Report.objects.filter(
            status=Report.Status.ISSUED
        ).select_related("number")
        self.fields["report"].label_from_instance = lambda r: (
            f"{r.number.symbol if r.number_id else ''} {r.subject}".strip()
        )
        self.fields["survey"].queryset = Survey.objects.order_by("-opens_on", "-pk")

    def clean(self):
        data = super().clean()
        if data.get("period_kind") and not (data.get("period_start") and data.get("period_end")):
            self.add_error("period_start", _("Give the period."))
        return data

    def links(self) -> list[dict]:
        data = self.cleaned_data
        links = [
            {"kind": kind, "object_id": data[name].pk}
            for name, kind in (
                ("plan", LinkKind.PLAN),
                ("report", LinkKind.REPORT),
                ("survey", LinkKind.SURVEY),
            )
            if data.get(name)
        ]
        if data.get("period_kind"):
            links.append(
                {
                    "kind": data["period_kind"],
                    "period_start": data["period_start"],
                    "period_end": data["period_end"],
                }
            )
        return links


class ReviewForm(forms.Form):
    score = forms.DecimalField(label=_("Reviewed score"), min_value=Decimal(0), decimal_places=2)
    reason = forms.CharField(
        label=_("Reason (when it differs from the self-score)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=5000,
    )


class ComparisonForm(ChoicePlaceholders, forms.Form):
    criteria_set = forms.ModelChoiceField(
        label=_("Criteria set"), queryset=CriteriaSet.objects.all()
    )
