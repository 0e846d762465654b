"""The quarterly review of the plans' tasks (being written)."""

from django.http import Http404


def review(request):
    raise Http404


def review_pdf(request, year):
    raise Http404
