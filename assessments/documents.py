"""The self-assessment report (Báo cáo kết quả tự đánh giá) as printed, through the one
official renderer: a short introduction, the scoring table (criteria, sub-criteria, the
maximum, the self-score, the reviewed score, the evidence), the total and the rating.

The module-level wording is the document's fixed text, printed in Vietnamese whatever
the interface language (as dialogues.documents); names and explanations come from the
records and are auto-escaped by the template."""

from __future__ import annotations

from decimal import Decimal

from assessments import selectors
from assessments.exports import OFFICE_NAME, round_items
from assessments.models import Round, RoundStatus
from portal.documents import OfficialDocument, leader_signer_block, render_pdf
from portal.documents.parts import document_title, draft_number_suffix
from portal.services import organization_current

REPORT_TITLE = "BÁO CÁO"
ASSESSMENT_WORDING = {
    "subject": "Kết quả tự đánh giá, chấm điểm {set} năm {year}",
    "intro": (
        "Căn cứ {source}; {agency} báo cáo kết quả tự đánh giá, chấm điểm các tiêu chí, "
        "tiêu chí thành phần năm {year} như sau:"
    ),
    "intro_no_source": (
        "{agency} báo cáo kết quả tự đánh giá, chấm điểm các tiêu chí, tiêu chí thành "
        "phần năm {year} như sau:"
    ),
    "table_heading": "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM",
    "result_heading": "II. TỔNG HỢP KẾT QUẢ",
    "total": (
        "Tổng điểm tự đánh giá: {self_total}/{max_total} điểm; tổng điểm sau thẩm định: "
        "{total}/{max_total} điểm."
    ),
    "rating": "Đối chiếu thang điểm, {agency} tự đánh giá đạt mức: {rating}.",
    "no_rating": "Đối chiếu thang điểm, tổng điểm chưa đạt mức xếp loại nào.",
    "thresholds": "Thang xếp loại: {thresholds}.",
    "closing": "Trên đây là báo cáo kết quả tự đánh giá năm {year} của {agency}./.",
    "recipients": ["UBND cấp trên (để báo cáo)", "Lãnh đạo UBND", "Lưu: VT, VP."],
}
COLUMNS = (
    "STT",
    "Tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Tài liệu kiểm chứng",
)


def points(value: Decimal | None) -> str:
    """9.50 -> "9,5"; 10.00 -> "10" (Vietnamese decimal comma); None -> ""."""
    if value is None:
        return ""
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def assessment_rows(round_: Round) -> list[dict]:
    """The table's rows: a criterion row with its subtotal, then its sub-criteria."""
    rows: list[dict] = []
    current = None
    for item in round_items(round_):
        criterion = item.sub.criterion
        if current is None or current["id"] != criterion.pk:
            current = {
                "id": criterion.pk,
                "criterion": True,
                "code": criterion.code,
                "text": criterion.name,
                "max": Decimal(0),
                "self": Decimal(0),
                "score": Decimal(0),
            }
            rows.append(current)
        current["max"] += item.sub.max_points
        current["self"] += item.self_score or 0
        current["score"] += item.score or 0
        rows.append(
            {
                "criterion": False,
                "code": item.sub.code,
                "text": item.sub.text,
                "unit": item.department.name if item.department_id else OFFICE_NAME,
                "max": points(item.sub.max_points),
                "self": points(item.self_score),
                "score": points(item.reviewed_score),
                "reason": item.review_reason,
                "evidence": [f.name for f in item.files.all()]
                + [link.label for link in item.links.all()],
            }
        )
    for row in rows:
        if row["criterion"]:
            row["max"], row["self"], row["score"] = (
                points(row["max"]),
                points(row["self"]),
                points(row["score"]),
            )
    return rows


def render_assessment_pdf(round_: Round) -> bytes:
    org = organization_current()
    table = selectors.round_table(round_)
    approved = round_.status == RoundStatus.APPROVED
    agency = org.name or "UBND"
    words = ASSESSMENT_WORDING
    set_name = round_.criteria_set.name
    doc = OfficialDocument.for_organization(
        org,
        doc_title=document_title("BC", REPORT_TITLE),
        subject=words["subject"].format(set=set_name, year=round_.year),
        number_suffix=draft_number_suffix("BC", org),
        date=round_.approved_at.date() if approved and round_.approved_at else None,
        year=round_.year,
        signer=leader_signer_block(round_.approved_by if approved else None, org),
        recipients=words["recipients"],
        draft=not approved,
    )
    source = round_.criteria_set.legal_source
    intro = (words["intro"] if source else words["intro_no_source"]).format(
        source=source, agency=agency, year=round_.year
    )
    thresholds = "; ".join(
        f"{t.label}: từ {points(t.min_points)} điểm" for t in table["thresholds"]
    )
    context = {
        "doc": doc,
        "words": words,
        "columns": COLUMNS,
        "intro": intro,
        "rows": assessment_rows(round_),
        "total_line": words["total"].format(
            self_total=points(table["self_total"]),
            total=points(table["total"]),
            max_total=points(table["max_total"]),
        ),
        "max_total": points(table["max_total"]),
        "self_total": points(table["self_total"]),
        "total": points(table["total"]),
        "rating_line": words["rating"].format(agency=agency, rating=table["rating"])
        if table["rating"]
        else words["no_rating"],
        "thresholds_line": words["thresholds"].format(thresholds=thresholds) if thresholds else "",
        "closing": words["closing"].format(year=round_.year, agency=agency),
    }
    return render_pdf("documents/assessments/report.html", context)
