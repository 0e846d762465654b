"""Pieces every official document's body is made of: paragraphs and one-per-line items
typed by staff, the recipients, numbered headings, and the document type's editable
title and number format (DocumentType rows)."""

from __future__ import annotations

import re

from portal.models import DocumentType

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
_BULLET = re.compile(r"^(?:[-*+•]\s+)+")


def strip_bullet(line: str) -> str:
    """A line without the "-", "*" or "•" the user typed in front of it."""
    return _BULLET.sub("", line.strip()).strip()


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a one-item-per-line field, without a bullet the user typed
    (the template prints its own "- ")."""
    out = []
    for line in (text or "").splitlines():
        line = strip_bullet(line)
        if line:
            out.append(line)
    return out


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def recipient_lines(text: str) -> list[str]:
    """Recipient lines; base.html adds the ';' between them itself."""
    lines = text_lines(text)
    return [line.rstrip(";,").strip() for line in lines[:-1]] + lines[-1:]


def _type_row(code: str) -> DocumentType | None:
    return DocumentType.objects.filter(code=code).first()


def draft_number_suffix(
    code: str, org, default_format: str = "{number}/{code}-{abbreviation}"
) -> str:
    """'/KH-UBND': the number's symbol with the number left out, for a draft."""
    row = _type_row(code)
    fmt = (row.symbol_format if row else "") or default_format
    return (
        fmt.replace("{number}", "")
        .replace("{code}", code)
        .replace("{abbreviation}", org.abbreviation)
    )


def document_title(code: str, default: str) -> str:
    """The printed title of a document type ("KẾ HOẠCH"), as edited in admin."""
    row = _type_row(code)
    return (row.title if row else "") or default


def numbered_headings(parts: list[tuple[str, bool]], headings: dict, roman: bool = False) -> dict:
    """Number the headings of the parts present: {'purposes': '1. Mục đích', ...}."""
    out, n = {}, 0
    for key, present in parts:
        if present:
            n += 1
            out[key] = f"{ROMAN[n - 1] if roman else n}. {headings[key]}"
    return out
