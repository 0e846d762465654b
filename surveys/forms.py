from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ChoicePlaceholders, DateInput
from surveys.models import Question, Survey


class SurveyForm(ChoicePlaceholders, forms.ModelForm):
    from_template = forms.BooleanField(
        label=_("Start from the administrative-procedure satisfaction template"),
        required=False,
        initial=True,
    )

    class Meta:
        model = Survey
        fields = ["title", "description", "opens_on", "closes_on", "plan", "session", "ask_field"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class QuestionForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["criterion", "kind", "text", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}


class BallotImportForm(ChoicePlaceholders, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )
