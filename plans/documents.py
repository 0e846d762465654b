"""The printed Kế hoạch (Nghị định 30/2020 layout): legal basis, introduction, the tree
of numbered sections with their paragraphs, lists and tasks, closing, recipients and
signer. Every ward plan prints through `render_plan`; a dialogue plan hands over its
parts as the same outline (dialogues.documents)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from plans.models import Plan, PlanStatus, Section, Task
from plans.timing import timing_text
from portal.documents import OfficialDocument, leader_signer_block, render_pdf
from portal.documents.parts import (
    ROMAN,
    document_title,
    draft_number_suffix,
    paragraphs,
    recipient_lines,
    strip_bullet,
)
from portal.services import organization_current

PLAN_TITLE = "KẾ HOẠCH"

# Printed labels of a task's units and time (seed 004).
TASK_WORDS = {
    "lead": "Bộ phận chủ trì, tổng hợp",
    "partners": "Bộ phận phối hợp thực hiện",
    "time": "Thời gian thực hiện",
}

LETTERS = "abcdefghiklmnopqrstuvxy"  # Vietnamese lists skip j, w and z
BULLETS = ("- ", "+ ", "* ", "• ")


@dataclass
class Line:
    text: str
    bullet: bool = False
    emphasis: bool = False  # a note, printed in italics


@dataclass
class Block:
    """One numbered part as printed: its number, heading, level (0 = I.) and lines."""

    level: int
    number: str
    heading: str
    inline: str = ""
    lines: list[Line] = field(default_factory=list)


def body_lines(text: str) -> list[Line]:
    """A section's text: one paragraph per line; a line beginning with a bullet is a list
    item (printed with "- ")."""
    out = []
    for para in paragraphs(text):
        if para.startswith(BULLETS) or para == "-":
            item = strip_bullet(para)
            if item:
                out.append(Line(item, bullet=True))
        else:
            out.append(Line(para))
    return out


def _sentence(label: str, value: str) -> Line:
    value = value.strip()
    return Line(f"{label}: {value}{'' if value.endswith(('.', '!', '?')) else '.'}")


def lead_name(task: Task) -> str:
    return task.lead_label or (task.lead.name if task.lead_id else "")


def partner_names(task: Task) -> str:
    names = [d.name for d in task.partners.all()]
    names += [o.name for o in task.partner_organisations.all()]
    if task.partners_text.strip():
        names.append(task.partners_text.strip())
    return ", ".join(names)


def task_lines(task: Task) -> list[Line]:
    lines = []
    if task.print_text:
        lines += [Line(strip_bullet(p), bullet=True) for p in paragraphs(task.text)]
    if task.print_details:
        if lead := lead_name(task):
            lines.append(_sentence(TASK_WORDS["lead"], lead))
        if partners := partner_names(task):
            lines.append(_sentence(TASK_WORDS["partners"], partners))
        if when := timing_text(task.timing, task.due_date):
            lines.append(_sentence(TASK_WORDS["time"], when))
    return lines


def _number(section: Section, level: int, n: int, parent_number: str) -> str:
    if section.numbering == Section.Numbering.NONE:
        return ""
    if section.numbering == Section.Numbering.LETTER or level >= 3:
        return f"{LETTERS[(n - 1) % len(LETTERS)]}/"
    if level == 0:
        return f"{ROMAN[n - 1] if n <= len(ROMAN) else n}."
    if level == 1:
        return f"{n}."
    return f"{parent_number}{n}."  # 1.1., 1.2.


def outline(plan: Plan) -> list[Block]:
    """The plan's sections depth-first, numbered by their place, with their tasks.
    Reads the whole tree in three queries."""
    children: dict[int | None, list[Section]] = defaultdict(list)
    for section in plan.sections.order_by("order", "pk"):
        children[section.parent_id].append(section)
    tasks: dict[int, list[Task]] = defaultdict(list)
    for task in (
        Task.objects.filter(plan=plan)
        .select_related("lead")
        .prefetch_related("partners", "partner_organisations")
        .order_by("order", "pk")
    ):
        tasks[task.section_id].append(task)
    blocks: list[Block] = []

    def walk(parent_id: int | None, level: int, parent_number: str) -> None:
        n = 0
        for section in children.get(parent_id, []):
            if section.numbering != Section.Numbering.NONE:
                n += 1
            number = _number(section, level, n, parent_number)
            lines = body_lines(section.body)
            inline = ""
            if section.inline and lines and not lines[0].bullet:
                inline = lines.pop(0).text
            for task in tasks.get(section.pk, []):
                lines += task_lines(task)
            blocks.append(Block(level, number, section.heading.strip(), inline, lines))
            walk(section.pk, level + 1, number if level >= 1 else "")

    walk(None, 0, "")
    return blocks


@dataclass
class PlanPrint:
    """What a plan prints besides its outline: what `render_outline` needs."""

    title: str
    year: int
    number_symbol: str
    issued_on: object
    issued: bool
    signer: object
    signer_authority: str
    recipients: str
    legal_basis: list[str]
    introduction: list[str]
    closing: list[str]


def render_outline(print_: PlanPrint, blocks: list[Block]) -> bytes:
    """The one way a plan is printed."""
    org = organization_current()
    doc = OfficialDocument.for_organization(
        org,
        doc_title=document_title("KH", PLAN_TITLE),
        subject=print_.title,
        number=print_.number_symbol if print_.issued else "",
        number_suffix=draft_number_suffix("KH", org),
        date=print_.issued_on if print_.issued else None,
        year=print_.year,
        signer=leader_signer_block(print_.signer, org, print_.signer_authority),
        recipients=recipient_lines(print_.recipients),
        draft=not print_.issued,
    )
    context = {
        "doc": doc,
        "legal_basis": print_.legal_basis,
        "introduction": print_.introduction,
        "blocks": blocks,
        "closing": print_.closing,
    }
    return render_pdf("documents/plans/plan.html", context)


def render_plan(plan: Plan) -> bytes:
    issued = plan.number_id is not None and plan.status in (
        PlanStatus.ISSUED,
        PlanStatus.SUPERSEDED,
    )
    return render_outline(
        PlanPrint(
            title=plan.title,
            year=plan.year,
            number_symbol=plan.number.symbol if issued else "",
            issued_on=plan.issued_on,
            issued=issued,
            signer=plan.signer,
            signer_authority=plan.signer_authority,
            recipients=plan.recipients,
            legal_basis=paragraphs(plan.legal_basis),
            introduction=paragraphs(plan.introduction),
            closing=paragraphs(plan.closing),
        ),
        outline(plan),
    )
