from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import DocumentNumber, DocumentType


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box that phones and desks type into the same way."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%d/%m/%Y")
        attrs = kwargs.setdefault("attrs", {})
        attrs.setdefault("placeholder", "dd/mm/yyyy")
        attrs.setdefault("inputmode", "numeric")
        super().__init__(**kwargs)


class WorkingDayCalculatorForm(forms.Form):
    start = forms.DateField(label=_("Received on"), widget=DateInput())
    days = forms.IntegerField(label=_("Working days"), min_value=0, max_value=365)


class DocumentNumberForm(forms.ModelForm):
    class Meta:
        model = DocumentNumber
        fields = ["doc_type", "subject", "issued_on"]
        widgets = {"issued_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].queryset = DocumentType.objects.filter(numbered=True)
        self.fields["issued_on"].initial = timezone.localdate()


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    doc_type = forms.ModelChoiceField(
        label=_("Document type"), queryset=DocumentType.objects.all(), required=False
    )
