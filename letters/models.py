"""Thư cảm ơn and thư xin lỗi of the committee (seed 004: "gửi thư cảm ơn người dân, tổ
chức và doanh nghiệp có đóng góp; gửi thư xin lỗi về những khuyết điểm, tồn tại của chính
quyền"). The late-dossier apology (form 04) is onestop.ApologyLetter; these are the
others: drafted by the office, numbered when a leader signs, emailed once when an email
is known, then marked delivered by hand or by post."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import private_storage


class Letter(models.Model):
    class Kind(models.TextChoices):
        THANKS = "thanks", _("thank-you letter")
        APOLOGY = "apology", _("apology letter")

    class AddresseeKind(models.TextChoices):
        CITIZEN = "citizen", _("citizen")
        BUSINESS = "business", _("business")
        ORGANISATION = "organisation", _("organisation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        DELIVERED = "delivered", _("delivered")

    class Delivery(models.TextChoices):
        HAND = "hand", _("by hand")
        POST = "post", _("by post")

    kind = models.CharField(_("kind of letter"), max_length=10, choices=Kind)
    addressee_kind = models.CharField(
        _("addressed to"), max_length=20, choices=AddresseeKind, default=AddresseeKind.CITIZEN
    )
    addressee_name = models.CharField(
        _("addressee"),
        max_length=200,
        help_text=_("A citizen's full name, or the name of the business or organisation"),
    )
    addressee_address = models.CharField(_("address"), max_length=300, blank=True)
    addressee_email = models.EmailField(_("email"), blank=True)
    addressee_phone = models.CharField(_("phone"), max_length=20, blank=True)
    body = models.TextField(
        _("content"),
        help_text=_(
            "What they contributed (a thank-you letter), or the shortcoming the letter "
            "apologises for; one paragraph per line"
        ),
    )
    remedy = models.TextField(
        _("what the ward does about it"),
        blank=True,
        help_text=_("An apology letter: how the shortcoming is being put right"),
    )
    opinion = models.ForeignKey(
        "dialogues.Opinion",
        verbose_name=_("from the opinion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    survey_answer = models.ForeignKey(
        "surveys.Answer",
        verbose_name=_("from the survey answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_authority = models.CharField(_("signature form"), max_length=5, blank=True)
    number = models.OneToOneField(
        "portal.DocumentNumber",
        verbose_name=_("number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    pdf = models.FileField(
        _("PDF"), upload_to="letters/%Y/", storage=private_storage, blank=True, max_length=300
    )
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    delivery = models.CharField(
        _("delivered"), max_length=10, choices=Delivery, blank=True, default=""
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the addressee's data was removed (retention job or his request).
    anonymised_at = models.DateTimeField(_("personal data anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        indexes = [
            models.Index(fields=["kind", "status"], name="letter_kind_status"),
            models.Index(fields=["signed_at"], name="letter_signed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.addressee_name}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_citizen(self) -> bool:
        return self.addressee_kind == self.AddresseeKind.CITIZEN
