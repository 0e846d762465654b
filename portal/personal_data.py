"""Where the portal keeps citizens' personal data, and what may be done with it
(Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15; README, "Dữ liệu cá nhân").

Every app that stores a citizen's name, CCCD number, phone or address registers a
`Source` here (`@personal_data.source` in its `personal_data` module, imported by its
AppConfig). The ground imports no app: the person search, the retention job and the
person-request pages go through this registry only, so a later app's records are found,
exported, corrected and anonymised as soon as it registers its source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

ANONYMISED = "[đã ẩn danh]"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (a negative number: later); 29 February gives 28."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def mask_id_number(value: str) -> str:
    """A CCCD number as lists and printed forms show it: '0011******34'.

    The first four digits (province and century/sex code) and the last two stay, so an
    officer can tell two applicants of the same name apart without reading the number.
    """
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_phone(value: str) -> str:
    """'0912***678': enough to recognise one's own number, not to call it."""
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 7) + value[-3:]


@dataclass
class Record:
    """One record holding a person's data, as the person-request page lists it."""

    source: str  # the Source's key
    pk: int
    label: str  # what kind of record ("Hồ sơ một cửa")
    title: str  # which one ("H-2026-000123 · Đăng ký khai sinh")
    url: str  # its staff page
    on: dt.date | None  # its date (received, submitted)
    # The personal data it holds, (field label, value), CCCD masked.
    data: list[tuple[str, str]] = field(default_factory=list)
    # Why it may not be anonymised yet ("" when nothing requires keeping it), and until
    # when a retention period keeps it.
    keep_reason: str = ""
    keep_until: dt.date | None = None
    anonymised: bool = False


class Source:
    """A kind of record holding personal data. Subclasses set `key`, `label` and
    `correctable` and implement the methods; every method is safe to call twice."""

    key: str = ""
    label: str = ""
    # (model field, label) the office may correct at the person's request.
    correctable: tuple[tuple[str, str], ...] = ()

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        raise NotImplementedError

    def get(self, pk: int) -> models.Model:
        raise NotImplementedError

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        """Write the corrected values; returns {field: (old, new)} of what changed."""
        raise NotImplementedError

    def changes_apply(
        self, obj: models.Model, changes: dict[str, str], *, phone_fields: Iterable[str] = ()
    ) -> dict[str, tuple[str, str]]:
        """Set the correctable fields that differ on `obj` (stripped; phones normalised)
        and return {field: (old, new)}; the caller validates and saves."""
        from portal.validators import normalise_phone

        allowed = {name for name, _label in self.correctable}
        changed = {}
        for name, value in changes.items():
            value = (value or "").strip()
            if name in phone_fields:
                value = normalise_phone(value) or value
            if name in allowed and getattr(obj, name) != value:
                changed[name] = (getattr(obj, name), value)
                setattr(obj, name, value)
        return changed

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        """Remove the personal data of one record; False if a law requires keeping it or
        it is already anonymised."""
        raise NotImplementedError

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        """The retention rule: anonymise every record past its period; returns how many.
        Run again the same day it finds nothing left (portal/retention.py)."""
        raise NotImplementedError

    def expired_count(self, *, today: dt.date) -> int:
        """How many records `anonymise_expired` would anonymise today (a dry run)."""
        raise NotImplementedError


_sources: dict[str, Source] = {}


def source(cls: type[Source]) -> type[Source]:
    """Class decorator: register one instance of the source under its key."""
    _sources[cls.key] = cls()
    return cls


def sources() -> Iterable[Source]:
    return _sources.values()


def source_get(key: str) -> Source:
    return _sources[key]


def redact_audit_entries(
    model: type[models.Model],
    pks: Iterable[int],
    fields: Iterable[str],
    values: dict[int, set[str]] | None = None,
):
    """django-auditlog keeps the before/after of admin edits: after a record is
    anonymised, its entries keep the change (who, when, which field) but not the values,
    and their description no longer names the person. `values` ({pk: the person's
    values}) are also taken out of the other fields' texts (a result "issued to <name>")."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    pks = [str(pk) for pk in pks]
    if not pks:
        return 0
    fields = set(fields)
    values = values or {}
    content_type = ContentType.objects.get_for_model(model)
    changed = 0
    entries = LogEntry.objects.filter(content_type=content_type, object_pk__in=pks)
    for entry in entries.iterator():
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        own = values.get(int(entry.object_pk), set())
        entry.changes = {
            name: (
                [ANONYMISED, ANONYMISED]
                if name in fields
                else [scrub(v, own) if isinstance(v, str) else v for v in pair]
                if isinstance(pair, list) and own
                else pair
            )
            for name, pair in changes.items()
        }
        entry.changes_text = ""
        entry.object_repr = ANONYMISED
        entry.serialized_data = None
        # What a view recorded alongside (an ACCESS entry): the entry keeps who, when and
        # which record, not what was shown.
        entry.additional_data = None
        entry.save(
            update_fields=[
                "changes",
                "changes_text",
                "object_repr",
                "serialized_data",
                "additional_data",
            ]
        )
        changed += 1
    return changed


def audit_values(
    model: type[models.Model], pks: Iterable[int], fields: Iterable[str]
) -> dict[int, set[str]]:
    """Every value the admin-edit history holds for these fields of these records,
    before and after each edit: an old CCCD with a typo is the person's data too."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    pks = [str(pk) for pk in pks]
    fields = set(fields)
    out: dict[int, set[str]] = {}
    if not pks:
        return out
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk__in=pks
    ).values_list("object_pk", "changes")
    for object_pk, changes in entries.iterator():
        if not isinstance(changes, dict):
            continue
        values = out.setdefault(int(object_pk), set())
        for name, pair in changes.items():
            if name in fields and isinstance(pair, list | tuple):
                values.update(str(v) for v in pair if v not in (None, "None", ""))
    return out


def scrub(text: str, values: Iterable[str]) -> str:
    """`text` with every occurrence of the person's values replaced by ANONYMISED
    (the longest first, so a name is not left half-replaced by a shorter value)."""
    if not text:
        return text
    for value in sorted({(v or "").strip() for v in values}, key=len, reverse=True):
        # A value of one or two characters would eat unrelated words.
        if len(value) >= 3 and value != ANONYMISED:
            text = text.replace(value, ANONYMISED)
    return text


def redact_outbox(topic: str, object_ids: Iterable[int]) -> int:
    """The outbox rows about anonymised records. The rows name no one, but the error
    text of a failed delivery may quote the address (an SMTP refusal), and an unsent
    email has no address to go to any more: it is dropped rather than sent to nobody."""
    from portal.models import OutboxMessage

    ids = list(object_ids)
    if not ids:
        return 0
    rows = OutboxMessage.objects.filter(topic=topic, object_id__in=ids)
    dropped = rows.filter(sent_at__isnull=True).delete()[0]
    rows.exclude(last_error="").update(last_error="")
    return dropped
