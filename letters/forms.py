from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters.models import Letter
from portal.forms import ChoicePlaceholders, DateField
from portal.validators import PhoneField


class LetterForm(ChoicePlaceholders, forms.ModelForm):
    addressee_phone = PhoneField(label=_("phone"), required=False)

    class Meta:
        model = Letter
        fields = [
            "kind",
            "addressee_kind",
            "addressee_name",
            "addressee_address",
            "addressee_email",
            "addressee_phone",
            "body",
            "remedy",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "remedy": forms.Textarea(attrs={"rows": 4}),
        }


class DeliverForm(ChoicePlaceholders, forms.Form):
    delivery = forms.ChoiceField(
        label=_("Delivered"), choices=Letter.Delivery.choices, widget=forms.RadioSelect
    )
    delivered_on = DateField(label=_("Delivered on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()


class LetterFilterForm(ChoicePlaceholders, forms.Form):
    filter_form = True

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of letter"), required=False, choices=[("", "---"), *Letter.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "---"), *Letter.Status.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
