"""Official documents in the Nghị định 30/2020/NĐ-CP layout, rendered by WeasyPrint.

Every printable document is a template that extends `documents/base.html` and is
rendered through `render_pdf`; `OfficialDocument` carries what the layout prints around
the body (header, number, place and date, title, signer, recipients).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation


def document_date_line(place: str, day: dt.date | None, *, year: int | None = None) -> str:
    """'Phú La, ngày 05 tháng 02 năm 2024': a leading zero on days below 10 and on
    months 1 and 2 (Nghị định 30/2020). Without a day (a draft) the blanks stay open."""
    if day is None:
        year = year or timezone.localdate().year
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# Words of an agency name that a header line never breaks inside.
_COLLECTIVES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
_UNIT_WORDS = ("THÀNH PHỐ", "THỊ XÃ", "ĐẶC KHU", "PHƯỜNG", "TỈNH", "QUẬN", "HUYỆN", "XÃ")


def header_lines(text: str) -> list[str]:
    """An agency line as the header prints it: lines that never break inside a phrase.

    "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" -> ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]:
    the collective name takes its own line, as ward documents print it, and the rest
    may wrap only between the unit word and the place name (the spaces inside a phrase
    are no-break spaces).
    """
    return [" ".join(p.replace(" ", "\u00a0") for p in line) for line in _header_phrases(text)]


def _header_phrases(text: str) -> list[list[str]]:
    text = " ".join((text or "").split())
    if not text:
        return []
    upper = text.upper()
    lines: list[list[str]] = []
    for collective in _COLLECTIVES:
        if upper.startswith(collective + " "):
            lines.append([text[: len(collective)]])
            text, upper = text[len(collective) + 1 :], upper[len(collective) + 1 :]
            break
    for unit in _UNIT_WORDS:
        if upper.startswith(unit + " "):
            lines.append([text[: len(unit)], text[len(unit) + 1 :]])
            break
    else:
        lines.append([text])
    return lines


@dataclass
class SignerBlock:
    """The signature block: authority form, signer's position, name.

    authority: "" (signs in own name), "TM" (on behalf of the committee), "KT" (for the
    chairman), "Q" (acting), "TL" (by order).
    """

    name: str
    position: str = "CHỦ TỊCH"
    authority: str = "TM"
    head_title: str = "CHỦ TỊCH"
    collective: str = "ỦY BAN NHÂN DÂN"

    @property
    def lines(self) -> list[str]:
        position = self.position.upper()
        head = self.head_title.upper()
        if self.authority == "TM":
            lines = [f"TM. {self.collective.upper()}"]
            if position != head:
                lines.append(f"KT. {head}")
            return [*lines, position]
        if self.authority == "KT":
            return [f"KT. {head}", position]
        if self.authority == "Q":
            return [f"Q. {head}"]
        if self.authority == "TL":
            return [f"TL. {head}", position]
        return [position]


def leader_signer_block(user, org, authority: str = "TM") -> SignerBlock:
    """The signature of a ward leader: the chairman signs as CHỦ TỊCH, a vice-chairman as
    PHÓ CHỦ TỊCH for the chairman; with TL. the signer signs by order under their own
    position. No user yet (a draft): the name stays blank under CHỦ TỊCH."""
    chairman, vice = "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    collective = org.collective_name
    if user is None:
        authority = "TM" if authority == "KT" else authority
        return SignerBlock(name="", position=chairman, authority=authority, collective=collective)
    is_chairman = org.chairman_id == user.pk
    position = chairman if is_chairman else vice
    if authority == "TL":
        position = (user.position or vice).upper()
    elif authority == "KT" and is_chairman:
        authority = "TM"  # the chairman does not sign "for the chairman"
    return SignerBlock(
        name=user.display_name, position=position, authority=authority, collective=collective
    )


@dataclass
class OfficialDocument:
    """What the Nghị định 30 layout prints around a document's body."""

    parent_agency: str
    agency: str
    doc_title: str  # KẾ HOẠCH, GIẤY MỜI, ... (empty for a công văn)
    place: str
    number: str = ""  # "41/KH-UBND"; empty on a draft, printed as "Số:     /KH-UBND"
    number_suffix: str = ""  # "/KH-UBND", used while there is no number yet
    date: dt.date | None = None
    year: int | None = None
    subject: str = ""  # trích yếu under the title
    letter_subject: str = ""  # "V/v ..." under the number, for a công văn
    legal_citation: str = ""  # form citation line printed above the header
    signer: SignerBlock | None = None
    recipients: list[str] = field(default_factory=list)
    draft: bool = False
    show_number: bool = True  # False: a form that carries the dossier's code instead
    agency_short: str = ""  # "UBND phường Phú La", for running text

    @property
    def date_line(self) -> str:
        return document_date_line(self.place, self.date, year=self.year)

    @property
    def parent_lines(self) -> list[str]:
        return header_lines(self.parent_agency)

    @property
    def agency_lines(self) -> list[str]:
        return header_lines(self.agency)

    @property
    def number_line(self) -> str:
        if self.number:
            return f"Số: {self.number}"
        return f"Số:       {self.number_suffix}"

    @classmethod
    def for_organization(cls, org, **kwargs) -> OfficialDocument:
        kwargs.setdefault("parent_agency", org.parent_agency_line)
        kwargs.setdefault("agency", org.agency_name)
        kwargs.setdefault("place", org.place_name)
        kwargs.setdefault("agency_short", org.name)
        return cls(**kwargs)


STATIC_SCHEME = "portal-static:"


def _static_only_fetcher():
    """A WeasyPrint fetcher that loads data: URIs and our own static files
    ("portal-static:vendor/x.css") and refuses everything else: no file:, no network."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(STATIC_SCHEME):
                path = finders.find(url[len(STATIC_SCHEME) :].lstrip("/"))
                if path:
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, body=Path(path).read_bytes(), headers={"Content-Type": mime}
                    )
            raise ValueError(f"Refusing to fetch {url!r} while rendering a document")

    return StaticOnlyFetcher(allowed_protocols=["data"])


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render an official document template to PDF bytes, in Vietnamese."""
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_static_only_fetcher()).write_pdf()


def pdf_response(content: bytes, filename: str, *, inline: bool = True):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


__all__ = [
    "OfficialDocument",
    "SignerBlock",
    "document_date_line",
    "header_lines",
    "leader_signer_block",
    "pdf_response",
    "render_pdf",
]
