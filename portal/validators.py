"""One rule for every phone number the portal asks for (desk, feedback form, opinions)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# A Vietnamese mobile (03x, 05x, 07x, 08x, 09x) or a landline with its area code (02xx),
# 10 or 11 digits, written 0… or +84….
phone_validator = RegexValidator(
    r"^(0|\+84)(3|5|7|8|9|2\d)\d{8}$",
    _("Enter a Vietnamese phone number, e.g. 0912345678 or 024 3355 6789."),
)


def normalise_phone(value: str) -> str:
    """Digits (and a leading +) only: '024 3355.6789' -> '02433556789'."""
    return "".join(ch for ch in value if ch.isdigit() or ch == "+")


class PhoneField(forms.CharField):
    """A phone number as typed (spaces, dots, dashes), checked and returned normalised."""

    default_validators = [phone_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # "abc" stays "abc" and fails the check, rather than becoming an empty number.
        return (normalise_phone(value) or value) if value else value
