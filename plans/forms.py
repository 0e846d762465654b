from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, Section, Task, TaskTiming
from plans.selectors import TaskFilter
from portal.forms import ChoicePlaceholders, DateField
from portal.models import Department, User
from portal.roles import LEADER

TEXTAREA = {"rows": 3}


class PlanForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "year", "title", "legal_basis", "introduction", "closing", "recipients",
            "signer", "signer_authority",
        ]  # fmt: skip
        widgets = {
            f: forms.Textarea(attrs=TEXTAREA)
            for f in ("legal_basis", "introduction", "closing", "recipients")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = User.objects.filter(groups__name=LEADER, is_active=True)


class SectionForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["parent", "heading", "body", "numbering", "inline"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        others = Section.objects.filter(plan=plan)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = others.order_by("order", "pk")
        self.fields["parent"].empty_label = _("— At the top (I., II., …) —")
        self.plan = plan

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        node = parent
        while node is not None and self.instance.pk:
            if node.pk == self.instance.pk:
                raise forms.ValidationError(_("A section cannot go inside itself."))
            node = node.parent
        return parent


class TaskForm(ChoicePlaceholders, forms.ModelForm):
    due_date = DateField(label=_("Deadline"), required=False)

    class Meta:
        model = Task
        fields = [
            "text", "lead", "lead_label", "partners", "partner_organisations", "partners_text",
            "timing", "due_date", "print_text", "print_details",
        ]  # fmt: skip
        widgets = {
            "text": forms.Textarea(attrs=TEXTAREA),
            "partners": forms.CheckboxSelectMultiple,
            "partner_organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Department.objects.filter(is_active=True)
        self.fields["partners"].queryset = Department.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        timing, due = data.get("timing"), data.get("due_date")
        if timing in (TaskTiming.DATE, TaskTiming.MONTH) and not due:
            self.add_error("due_date", _("Enter the deadline, or choose a regular task."))
        if timing == TaskTiming.MONTH and due:
            from plans.timing import month_end

            data["due_date"] = month_end(due.year, due.month)
        if timing in (TaskTiming.REGULAR, TaskTiming.QUARTERLY):
            data["due_date"] = None
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs=TEXTAREA), max_length=2000
    )


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("What has been done"), widget=forms.Textarea(attrs=TEXTAREA), max_length=5000
    )
    percent = forms.IntegerField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100
    )
    done = forms.BooleanField(label=_("The task is done"), required=False)


class TaskFilterForm(ChoicePlaceholders, forms.Form):
    """The tracking table's filters (a query string)."""

    filter_form = True

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Words of the task")}),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        required=False,
        queryset=Plan.objects.filter(status=Plan.Status.ISSUED).select_related("number"),
    )
    department = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Department.objects.all()
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("Under way")),
            ("overdue", _("Late")),
            ("soon", _("Due soon")),
            ("done", _("Done")),
        ],
    )
    due_from = DateField(label=_("Due from"), required=False)
    due_to = DateField(label=_("Due to"), required=False)

    def criteria(self) -> TaskFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return TaskFilter(
            q=data.get("q", ""),
            year=data.get("year"),
            plan_id=data["plan"].pk if data.get("plan") else None,
            department_id=data["department"].pk if data.get("department") else None,
            status=data.get("status", ""),
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
        )
