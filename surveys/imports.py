"""Paper ballots imported from the Excel template the portal generates for a round.

Columns: serial number, organisation, procedure field, then one column per question
(scores 1-5, the text of the chosen option(s) separated by ";", or free text). Every bad
row is reported with its number and reason, and nothing is imported until the whole file
is clean.
"""

from __future__ import annotations

import dataclasses
import io
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from portal.exports import Sheet, write_xlsx
from portal.imports import ImportFileError, RowError, cell_text, read_first_sheet
from portal.models import MassOrganization, ProcedureField
from surveys.models import Ballot, Question, Survey
from surveys.services import BallotError, ballot_submit

FIXED = ("Số phiếu", "Tổ chức phát phiếu", "Lĩnh vực")
MAX_ROWS = 5000


@dataclasses.dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header(survey: Survey) -> list[str]:
    return [*FIXED, *(f"C{n}. {q.text}" for n, q in enumerate(survey.questions.all(), start=1))]


def ballots_template(survey: Survey) -> bytes:
    """The round's import template, written by the one safe writer (stored question texts
    and names are cleaned there like in every export)."""
    orgs = list(MassOrganization.objects.filter(is_active=True).values_list("name", flat=True))
    fields = list(ProcedureField.objects.values_list("name", flat=True))
    lists = [
        [orgs[i] if i < len(orgs) else None, fields[i] if i < len(fields) else None]
        for i in range(max(len(orgs), len(fields)))
    ]
    buffer = io.BytesIO()
    write_xlsx(
        [
            Sheet("Phiếu giấy", _header(survey), []),
            Sheet("Danh sách", ["Tổ chức", "Lĩnh vực"], lists),
        ],
        buffer,
    )
    return buffer.getvalue()


def _by_name(objects) -> dict[str, object]:
    out = {}
    for obj in objects:
        for key in (obj.name, getattr(obj, "short_name", ""), getattr(obj, "code", "")):
            if key:
                out[cell_text(key).casefold()] = obj
    return out


def ballots_import(*, survey: Survey, file: IO[bytes], actor) -> ImportResult:
    header = _header(survey)
    try:
        found, rows = read_first_sheet(file, width=len(header), max_rows=MAX_ROWS)
    except ImportFileError as error:
        return ImportResult(errors=[RowError(0, str(error))])
    errors = [
        RowError(
            1, _("Column %(n)s should be “%(expected)s”.") % {"n": i + 1, "expected": expected}
        )
        for i, expected in enumerate(header)
        if i >= len(found) or cell_text(found[i]) != cell_text(expected)
    ]
    if errors:
        return ImportResult(errors=errors)
    questions = list(survey.questions.all())
    organisations = _by_name(MassOrganization.objects.all())
    fields = _by_name(ProcedureField.objects.all())
    result = ImportResult()
    seen: dict[str, int] = {}
    with transaction.atomic():
        for number, values in rows:
            serial = cell_text(values[0])
            row_errors = []
            if serial in seen:
                row_errors.append(
                    _("Ballot number %(serial)s is repeated (row %(row)s).")
                    % {"serial": serial, "row": seen[serial]}
                )
            seen.setdefault(serial, number)
            organisation = (
                organisations.get(cell_text(values[1]).casefold()) if cell_text(values[1]) else None
            )
            if cell_text(values[1]) and organisation is None:
                row_errors.append(
                    _("Unknown organisation “%(value)s”.") % {"value": cell_text(values[1])}
                )
            field = fields.get(cell_text(values[2]).casefold()) if cell_text(values[2]) else None
            if cell_text(values[2]) and field is None:
                row_errors.append(
                    _("Unknown procedure field “%(value)s”.") % {"value": cell_text(values[2])}
                )
            answers = {}
            for q, value in zip(questions, values[len(FIXED) :], strict=False):
                text = cell_text(value)
                answers[q.pk] = (
                    [v.strip() for v in text.split(";") if v.strip()]
                    if q.kind == Question.Kind.MULTIPLE
                    else text
                )
            if row_errors:
                result.errors += [RowError(number, m) for m in row_errors]
                continue
            try:
                with transaction.atomic():
                    ballot_submit(
                        survey=survey, channel=Ballot.Channel.PAPER, answers=answers, serial=serial,
                        organisation=organisation, field=field, entered_by=actor,
                    )  # fmt: skip
                result.created += 1
            except BallotError as exc:
                by_id = {q.pk: n for n, q in enumerate(questions, start=1)}
                result.errors += [RowError(number, m) for m in exc.general]
                result.errors += [
                    RowError(number, f"C{by_id[qid]}: {m}")
                    for qid, m in exc.question_errors.items()
                ]
        if result.errors:
            transaction.set_rollback(True)
            result.created = 0
    return result
