"""Writes on plans, sessions and opinions."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.models import (
    Attendee,
    DialoguePlan,
    DialogueSession,
    Opinion,
    PlanParticipant,
    PlanParticipantGroup,
    PlanProgrammeItem,
    PlanResponsibility,
    PlanTopic,
)
from dialogues.participants import members_parse
from messaging.services import citizen_notify
from plans.services import issue_number, plan_approve, plan_return, transition  # noqa: F401 - the steps of every plan
from portal import outbox, roles
from portal.calendar import WorkingCalendar
from portal.document_types import document_type
from portal.models import DocumentType, User
from portal.services import document_number_issue, notify

ANSWER_WORKING_DAYS = 10  # default time to answer an opinion in writing
PLAN_CHILDREN = (PlanTopic, PlanParticipantGroup, PlanProgrammeItem, PlanResponsibility)


def _plan_type() -> DocumentType:
    return document_type("KH")


def _answer_type() -> DocumentType:
    return document_type("CV")


def _move_year(text: str, old: int, new: int) -> str:
    """'năm 2024' becomes 'năm 2025'; dates of cited documents (27/02/2024) stay."""
    return re.sub(rf"(năm\s+){old}\b", rf"\g<1>{new}", text, flags=re.IGNORECASE)


def _shift_year(value: dt.datetime, years: int) -> dt.datetime:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def plan_copy(*, plan: DialoguePlan, actor, year: int | None = None) -> DialoguePlan:
    """A new draft holding everything `plan` holds, its year and session dates moved
    to `year` (default: the next year)."""
    year = year or plan.year + 1
    shift = year - plan.year
    # The legal basis cites earlier documents by their own dates: copied as they are.
    text_fields = [
        "title", "introduction", "purposes", "requirements", "content_note",
        "participants_intro", "time_and_place", "venue", "format", "closing", "recipients",
    ]  # fmt: skip
    new = DialoguePlan(
        year=year,
        kind=plan.kind,
        signer=plan.signer,
        signer_authority=plan.signer_authority,
        copied_from=plan,
        created_by=actor,
        legal_basis=plan.legal_basis,
        **{f: _move_year(getattr(plan, f), plan.year, year) for f in text_fields},
    )
    new.full_clean()
    new.save()
    for model in PLAN_CHILDREN:
        rows = []
        for child in model.objects.filter(plan=plan):
            child.copied_from_pk = child.pk
            child.pk = None
            child.plan = new
            for f in ("text", "title", "members", "duties"):
                if hasattr(child, f):
                    setattr(child, f, _move_year(getattr(child, f), plan.year, year))
            rows.append(child)
        model.objects.bulk_create(rows)
        if model is PlanParticipantGroup:
            _copy_people({row.copied_from_pk: row for row in rows})
    for session in plan.sessions.all():
        DialogueSession.objects.create(
            plan=new,
            title=_move_year(session.title, plan.year, year),
            starts_at=_shift_year(session.starts_at, shift),
            venue=session.venue,
            neighborhood=session.neighborhood,
            chair=session.chair,
            secretary=session.secretary,
        )
    return new


def _copy_people(groups: dict[int, PlanParticipantGroup]) -> None:
    """The people of the copied groups (`groups`: old group pk -> its copy)."""
    people = []
    for person in PlanParticipant.objects.filter(group_id__in=groups):
        person.pk = None
        person.group = groups[person.group_id]
        people.append(person)
    PlanParticipant.objects.bulk_create(people)


@transaction.atomic
def plan_submit(*, plan: DialoguePlan, actor) -> DialoguePlan:
    plan = transition(plan, (DialoguePlan.Status.DRAFT,), _("submit"))
    if not plan.title.strip() or not plan.purposes.strip():
        raise ValidationError(_("A plan needs at least its subject and its purposes."))
    plan.status = DialoguePlan.Status.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def plan_issue(*, plan: DialoguePlan, actor) -> DialoguePlan:
    """Number and date the approved plan (plans.services.issue_number)."""
    return issue_number(plan, actor)


@transaction.atomic
def plan_revise(*, plan: DialoguePlan, actor) -> DialoguePlan:
    """Start a revision of an issued plan: a new draft that will supersede it."""
    if plan.status != DialoguePlan.Status.ISSUED:
        raise ValidationError(_("Only an issued plan can be revised."))
    if plan.revisions.exclude(status=DialoguePlan.Status.SUPERSEDED).exists():
        raise ValidationError(_("A revision of this plan is already being prepared."))
    new = plan_copy(plan=plan, actor=actor, year=plan.year)
    new.supersedes = plan
    new.copied_from = plan
    new.save(update_fields=["supersedes", "copied_from"])
    return new


# --- The plan's participants and the session's delegates ---------------------------


def group_people(group: PlanParticipantGroup) -> list[PlanParticipant]:
    """The people of a group: its rows, or (none yet) its printed lines read as people
    and units, unsaved."""
    people = list(group.people.all())
    if people:
        return people
    return [
        PlanParticipant(group=group, order=i, **vars(invitee))
        for i, invitee in enumerate(members_parse(group.members), start=1)
    ]


@transaction.atomic
def group_people_fill(*, group: PlanParticipantGroup) -> int:
    """Save a group's printed lines as its people, once (a group with people keeps them)."""
    group = PlanParticipantGroup.objects.select_for_update().get(pk=group.pk)
    if group.people.exists():
        return 0
    people = group_people(group)
    for person in people:
        person.full_clean()
    PlanParticipant.objects.bulk_create(people)
    return len(people)


def participant_save(
    *, group: PlanParticipantGroup, participant: PlanParticipant | None = None, **fields
) -> PlanParticipant:
    """Add a person (or a unit) to a group, or change one of its people."""
    participant = participant or PlanParticipant(group=group, order=(group.people.count() + 1))
    if participant.group_id != group.pk:
        raise ValidationError(_("This person is not in that group."))
    for name, value in fields.items():
        setattr(participant, name, value)
    if participant.is_unit:
        participant.name = participant.name.strip()
    participant.full_clean()
    participant.save()
    return participant


def participant_remove(*, participant: PlanParticipant) -> None:
    """Delegates already invited as this person stay on their sessions."""
    participant.delete()


def _delegate_fields(person: PlanParticipant) -> dict:
    return {
        "name": person.delegate_name[:200],
        "position": "" if person.is_unit or not person.name else person.position,
        "organisation": person.unit,
    }


@transaction.atomic
def plan_invite_from_groups(*, session: DialogueSession) -> int:
    """Invite the people of the plan's participant groups to the session, one delegate
    each; a group without people rows first gets them from its printed lines. A person
    already invited is not invited again, even when his delegate row was edited."""
    session = DialogueSession.objects.select_for_update().get(pk=session.pk)
    for group in session.plan.participant_groups.all():
        group_people_fill(group=group)
    invited, by_hand = set(), set()
    for participant_id, name, organisation in session.attendees.values_list(
        "participant_id", "name", "organisation"
    ):
        if participant_id is None:
            by_hand.add((name, organisation))
        invited.add(participant_id)
    rows = []
    for group in session.plan.participant_groups.prefetch_related("people"):
        for person in group.people.all():
            fields = _delegate_fields(person)
            if person.pk in invited or (fields["name"], fields["organisation"]) in by_hand:
                continue
            rows.append(
                Attendee(session=session, participant=person, category=group.category, **fields)
            )
    Attendee.objects.bulk_create(rows)
    return len(rows)


def attendee_changes_refusal(session: DialogueSession) -> ValidationError | None:
    """Why the session's delegates cannot be edited or removed now (None: they can)."""
    if session.invitation_number_id is not None:
        return ValidationError(
            _(
                "The invitations were issued under number %(symbol)s; "
                "their delegates can no longer be edited or removed."
            )
            % {"symbol": session.invitation_number.symbol},
            code="invitations_issued",
        )
    return None


@transaction.atomic
def attendee_update(*, attendee: Attendee, **fields) -> Attendee:
    session = DialogueSession.objects.select_for_update().get(pk=attendee.session_id)
    refusal = attendee_changes_refusal(session)
    if refusal is not None:
        raise refusal
    for name, value in fields.items():
        setattr(attendee, name, value)
    attendee.full_clean()
    attendee.save()
    return attendee


@transaction.atomic
def attendee_remove(*, attendee: Attendee) -> None:
    session = DialogueSession.objects.select_for_update().get(pk=attendee.session_id)
    refusal = attendee_changes_refusal(session)
    if refusal is not None:
        raise refusal
    attendee.delete()


def attendee_check_in(*, attendee: Attendee, present: bool = True) -> Attendee:
    Attendee.objects.filter(pk=attendee.pk).update(
        attended=present, checked_in_at=timezone.now() if present else None
    )
    attendee.refresh_from_db()
    return attendee


@transaction.atomic
def session_mark_held(*, session: DialogueSession, actor) -> DialogueSession:
    if session.status == DialogueSession.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be marked as held."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("A session cannot be marked as held before it starts."))
    session.status = DialogueSession.Status.HELD
    session.save(update_fields=["status"])
    return session


# --- Session numbers (Giấy mời, Biên bản) ----------------------------------------------


def _session_date(session: DialogueSession) -> str:
    return f"{timezone.localtime(session.starts_at):%d/%m/%Y}"


def session_invitations_refusal(session: DialogueSession) -> ValidationError | None:
    """Why the session's invitations cannot take a number now (None: they can)."""
    if session.invitation_number_id is not None:
        return ValidationError(
            _("The invitations already have number %(symbol)s.")
            % {"symbol": session.invitation_number.symbol},
            code="already_numbered",
        )
    if session.status != DialogueSession.Status.PLANNED:
        return ValidationError(
            _("Only the invitations of a planned session take a number; this one is %(status)s.")
            % {"status": session.get_status_display()},
            code="not_planned",
        )
    if not session.attendees.filter(invited=True).exists():
        return ValidationError(
            _("Invite at least one delegate before numbering the invitations."),
            code="no_delegates",
        )
    return None


def session_minutes_refusal(session: DialogueSession) -> ValidationError | None:
    """Why the session's minutes cannot take a number now (None: they can)."""
    if session.minutes_number_id is not None:
        return ValidationError(
            _("The minutes already have number %(symbol)s.")
            % {"symbol": session.minutes_number.symbol},
            code="already_numbered",
        )
    if session.status != DialogueSession.Status.HELD:
        return ValidationError(
            _("Only the minutes of a held session take a number; this one is %(status)s.")
            % {"status": session.get_status_display()},
            code="not_held",
        )
    if not any(f.strip() for f in (session.agenda, session.proceedings, session.conclusion)):
        return ValidationError(
            _("Write the minutes (agenda, proceedings or conclusion) before numbering them."),
            code="no_minutes",
        )
    return None


def _office_only(actor) -> None:
    if not roles.has_role(actor, roles.OFFICE):
        raise ValidationError(_("Only the office issues document numbers."), code="not_office")


@transaction.atomic
def session_invitations_issue(*, session: DialogueSession, actor) -> DialogueSession:
    """Give the session's invitations (one Giấy mời per delegate, one document) the
    next GM number; the number's date is the date they print."""
    _office_only(actor)
    session = DialogueSession.objects.select_for_update().get(pk=session.pk)
    refusal = session_invitations_refusal(session)
    if refusal is not None:
        raise refusal
    session.invitation_number = document_number_issue(
        doc_type=document_type("GM"),
        subject=_("Invitations to %(title)s on %(date)s")
        % {"title": session.title, "date": _session_date(session)},
        issued_by=actor,
    )
    session.save(update_fields=["invitation_number"])
    return session


@transaction.atomic
def session_minutes_issue(*, session: DialogueSession, actor) -> DialogueSession:
    """Give the minutes of a held session the next BB number, once."""
    _office_only(actor)
    session = DialogueSession.objects.select_for_update().get(pk=session.pk)
    refusal = session_minutes_refusal(session)
    if refusal is not None:
        raise refusal
    session.minutes_number = document_number_issue(
        doc_type=document_type("BB"),
        subject=_("Minutes of %(title)s on %(date)s")
        % {"title": session.title, "date": _session_date(session)},
        issued_by=actor,
    )
    session.save(update_fields=["minutes_number"])
    return session


# --- Opinions -------------------------------------------------------------------------


def opinion_create(*, actor=None, **fields) -> Opinion:
    opinion = Opinion(created_by=actor, **fields)
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_classify(
    *,
    opinion: Opinion,
    actor,
    classification: str,
    field=None,
    department=None,
    officer=None,
    due_date: dt.date | None = None,
    routed_note: str = "",
) -> Opinion:
    """The office classifies an opinion. A complaint or denunciation is kept, flagged as
    out of scope and routed to citizen reception; anything else is assigned to a
    department with an answer date (default: ANSWER_WORKING_DAYS working days)."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.status in (Opinion.Status.APPROVED, Opinion.Status.ANSWERED_ON_THE_SPOT):
        raise ValidationError(_("This opinion has been answered; it cannot be reassigned."))
    if (
        opinion.status == Opinion.Status.DRAFTED
        and classification == Opinion.Classification.COMPLAINT
    ):
        raise ValidationError(
            _("This opinion already has a drafted answer; it cannot become a complaint.")
        )
    opinion.classification = classification
    opinion.field = field
    if classification == Opinion.Classification.COMPLAINT:
        opinion.status = Opinion.Status.ROUTED
        opinion.routed_note = routed_note or _("Routed to the citizen reception process.")
        opinion.department = None
        opinion.officer = None
        opinion.due_date = None
    else:
        if department is None:
            raise ValidationError({"department": _("Choose the department that answers.")})
        if officer is not None and officer.department_id != department.pk:
            raise ValidationError(
                {"officer": _("The official does not belong to that department.")}
            )
        opinion.department = department
        opinion.officer = officer
        opinion.routed_note = ""  # no longer routed to citizen reception
        opinion.due_date = due_date or WorkingCalendar.load().add_working_days(
            timezone.localdate(), ANSWER_WORKING_DAYS
        )
        if opinion.status in (Opinion.Status.NEW, Opinion.Status.ROUTED):
            opinion.status = Opinion.Status.ASSIGNED
    opinion.full_clean()
    opinion.save()
    return opinion


def _can_answer(user, opinion: Opinion) -> bool:
    return roles.has_role(user, roles.DEPARTMENT) and user.department_id == opinion.department_id


@transaction.atomic
def opinion_draft_answer(*, opinion: Opinion, actor, answer: str) -> Opinion:
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if not (_can_answer(actor, opinion) or roles.has_role(actor, roles.OFFICE)):
        raise ValidationError(_("Only the assigned department answers this opinion."))
    if opinion.status not in (Opinion.Status.ASSIGNED, Opinion.Status.DRAFTED):
        raise ValidationError(_("This opinion is not waiting for an answer."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    opinion.answer = answer
    opinion.answered_by = actor
    opinion.answered_at = timezone.now()
    opinion.status = Opinion.Status.DRAFTED
    opinion.save()
    return opinion


@transaction.atomic
def opinion_approve(*, opinion: Opinion, actor) -> Opinion:
    """A leader approves the answer: it takes a letter number and the citizen is told."""
    if not roles.has_role(actor, roles.LEADER):
        raise ValidationError(_("Only the chairman or a vice-chairman can approve an answer."))
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.status != Opinion.Status.DRAFTED:
        raise ValidationError(_("There is no drafted answer to approve."))
    opinion.status = Opinion.Status.APPROVED
    opinion.approved_by = actor
    opinion.approved_at = timezone.now()
    opinion.number = document_number_issue(
        doc_type=_answer_type(),
        subject=_("Answer to the opinion of %(name)s") % {"name": opinion.citizen_name or "-"},
        issued_by=actor,
    )
    opinion.save()
    if opinion.citizen_email:
        outbox.outbox_put(topic="dialogues.opinion_answer_email", object_id=opinion.pk)
    citizen_notify(event="answer_approved", obj=opinion)
    return opinion


def opinion_return_answer(*, opinion: Opinion, actor, comment: str) -> Opinion:
    """A leader sends the drafted answer back with a comment: the opinion is the
    department's again (its draft kept to revise) and whoever drafts for it is told why."""
    if not roles.has_role(actor, roles.LEADER):
        raise ValidationError(_("Only the chairman or a vice-chairman can return an answer."))
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the answer should change.")})
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.status != Opinion.Status.DRAFTED:
        raise ValidationError(_("There is no drafted answer to return."))
    opinion.status = Opinion.Status.ASSIGNED
    opinion.save(update_fields=["status"])
    if opinion.officer_id:
        recipients = [opinion.officer]
    else:
        recipients = list(
            User.objects.filter(department_id=opinion.department_id, is_active=True)
        ) or list(User.objects.filter(groups__name=roles.OFFICE, is_active=True))
    notify(
        recipients=recipients,
        message=_("Answer returned by %(leader)s: %(comment)s")
        % {"leader": actor.display_name, "comment": comment},
        url=reverse("dialogues:opinion_detail", args=[opinion.pk]),
    )
    return opinion


def opinion_mark_sent(*, opinion: Opinion, actor) -> Opinion:
    if opinion.status != Opinion.Status.APPROVED:
        raise ValidationError(_("Only an approved answer can be sent."))
    Opinion.objects.filter(pk=opinion.pk, letter_sent_at__isnull=True).update(
        letter_sent_at=timezone.now()
    )
    opinion.refresh_from_db()
    return opinion


@transaction.atomic
def opinion_answer_on_the_spot(*, opinion: Opinion, actor, answer: str) -> Opinion:
    """An answer given at the session itself, recorded in the minutes."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.session_id is None:
        raise ValidationError(_("Only an opinion raised at a session can be answered there."))
    if opinion.status not in (Opinion.Status.NEW, Opinion.Status.ASSIGNED):
        raise ValidationError(_("This opinion is not waiting for an answer."))
    if opinion.out_of_scope:
        raise ValidationError(_("Complaints and denunciations are not answered in the dialogue."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    opinion.answer = answer
    opinion.answered_by = actor
    opinion.answered_at = timezone.now()
    opinion.status = Opinion.Status.ANSWERED_ON_THE_SPOT
    opinion.save()
    return opinion
