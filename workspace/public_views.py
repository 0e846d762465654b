"""Public documents (Công khai văn bản) and the feedback point's poster.

Staff (office publishes and unpublishes, leaders look): /publications/...
Citizens, no login, rate-limited: /cong-khai/ (the list), /cong-khai/<token>/ (a page)
and /cong-khai/<token>/van-ban.pdf (the document as issued)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from portal import roles
from portal.documents import pdf_response
from portal.forms import ChoicePlaceholders
from workspace import publications
from workspace.models import Publication

PAGE_SIZE = 50


class PublicationForm(ChoicePlaceholders, forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}


def _public_url(request, publication: Publication) -> str:
    return request.build_absolute_uri(reverse("public_document", args=[publication.token]))


def _row(publication: Publication) -> dict:
    return {
        "publication": publication,
        "facts": publications.document_facts(publication.kind, publication.document),
    }


def _too_many(request):
    return render(request, "workspace/public/limited.html", status=429)


# --- staff -------------------------------------------------------------------------------


@roles.role_required(*publications.READERS)
def publication_list(request):
    page = Paginator(publications.publications_for_staff(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workspace/public/publication_list.html",
        {
            "page": page,
            "rows": [_row(p) for p in page.object_list],
            "may_publish": roles.has_role(request.user, *publications.PUBLISHERS),
        },
    )


@roles.role_required(*publications.PUBLISHERS)
@require_http_methods(["GET", "POST"])
def publication_new(request, kind, pk):
    """The "Publish" button of an issued document's page leads here: a short
    description, then publish."""
    source = publications.source_of(kind)
    document = publications.document_for_publishing(kind, pk)
    facts = publications.document_facts(kind, document)
    back = reverse(source.staff_url, args=[document.pk])
    live = publications.live_publication_of(kind, document)
    if live is not None:
        messages.info(request, _("This document is already published."))
        return redirect("publications:list")
    if not facts.publishable:
        messages.error(request, _("Only an issued document can be published."))
        return redirect(back)
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publications.publication_create(
                kind=kind,
                document=document,
                actor=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("Published: citizens can open it from its QR code."))
        return redirect("publications:list")
    return render(
        request,
        "workspace/public/publication_new.html",
        {"form": form, "facts": facts, "back": back},
    )


@roles.role_required(*publications.PUBLISHERS)
@require_http_methods(["GET", "POST"])
def publication_unpublish(request, pk):
    publication = get_object_or_404(publications.publications_with_documents(), pk=pk)
    if request.method == "POST":
        publications.publication_unpublish(publication=publication, actor=request.user)
        messages.success(request, _("Unpublished: its page and its QR code no longer open."))
        return redirect("publications:list")
    return render(request, "workspace/public/unpublish_confirm.html", _row(publication))


@transaction.non_atomic_requests
@roles.role_required(*publications.READERS)
def publication_poster(request, pk):
    publication = get_object_or_404(
        publications.publications_with_documents(), pk=pk, unpublished_at__isnull=True
    )
    content = publications.render_publication_poster(publication, _public_url(request, publication))
    return pdf_response(content, f"ap-phich-cong-khai-{publication.pk}.pdf")


@transaction.non_atomic_requests
@roles.role_required(*publications.READERS)
def feedback_poster(request):
    """The poster of the feedback point: its QR code opens the public feedback form."""
    content = publications.render_feedback_poster(request.build_absolute_uri(reverse("feedback")))
    return pdf_response(content, "ap-phich-gop-y.pdf")


# --- citizens ----------------------------------------------------------------------------


@ratelimit(key="ip", rate="60/m", method="GET", block=False)
def public_list(request):
    if getattr(request, "limited", False):
        return _too_many(request)
    rows = [_row(p) for p in publications.publications_live()[:200]]
    return render(request, "workspace/public/public_list.html", {"rows": rows})


@ratelimit(key="ip", rate="60/m", method="GET", block=False)
def public_document(request, token):
    if getattr(request, "limited", False):
        return _too_many(request)
    publication = publications.publication_public(token)
    return render(
        request,
        "workspace/public/public_document.html",
        {**_row(publication), "revision": publications.publication_revision(publication)},
    )


@transaction.non_atomic_requests  # a long render must not hold the SQLite write lock
@ratelimit(key="ip", rate="20/m", method="GET", block=False)
def public_document_pdf(request, token):
    if getattr(request, "limited", False):
        return _too_many(request)
    publication = publications.publication_public(token)
    facts = publications.document_facts(publication.kind, publication.document)
    name = facts.number.replace("/", "-") or str(publication.pk)
    return pdf_response(publications.publication_pdf(publication), f"van-ban-{name}.pdf")
