"""Request limits and response headers that every page gets."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from portal.text import ILLEGAL_XML_CHARS, clean_text


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large_response() -> HttpResponse:
    """The Vietnamese 413 page, rendered without the database or the session."""
    return HttpResponse(render_to_string("413.html"), status=413)


class RequestSizeLimitMiddleware:
    """Refuse an oversized body before anything reads it.

    A visitor without an account (the feedback form, a survey, the look-up, the login
    form) may post `PORTAL_PUBLIC_MAX_BODY` bytes; staff may post `PORTAL_STAFF_MAX_BODY`
    (the 5 MB imports and their multipart envelope). nginx's client_max_body_size is the
    outer wall; this is the one that knows who is asking.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size = _content_length(request)
        if size > settings.PORTAL_PUBLIC_MAX_BODY:
            staff = request.user.is_authenticated and size <= settings.PORTAL_STAFF_MAX_BODY
            if not staff:
                return too_large_response()
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages, documents and exports come from a session or carry a citizen's data: no
    browser or proxy keeps a copy (static files are answered before this, by whitenoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class TextInputCleaningMiddleware:
    """Every text a request brings (query string and form fields, for every public, staff
    and admin form) loses the characters XML 1.0 forbids and is normalised to NFC, before
    any form sees it (portal/text.py). Passwords are left exactly as typed. Files are
    untouched: the importers clean their cells with the same function.

    One place instead of a mixin on each of the forms, so a new form or an admin page
    cannot forget it, and a list filter given `?q=%00` never reaches the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cleaned(data):
    if not any(_needs_cleaning(v) for values in data.lists() for v in values[1]):
        return data
    cleaned = data.copy()
    for key, values in data.lists():
        if "password" not in key:
            cleaned.setlist(key, [clean_text(v) if isinstance(v, str) else v for v in values])
    cleaned._mutable = False
    return cleaned


def _needs_cleaning(value) -> bool:
    return isinstance(value, str) and (
        bool(ILLEGAL_XML_CHARS.search(value)) or not unicodedata.is_normalized("NFC", value)
    )
