"""The periodic administrative-reform report (Báo cáo) as printed, through the one
official renderer.

- `render_report_pdf(report, figures)`: the Báo cáo in the Nghị định 30/2020 layout, its
  part I written from the figures, its other parts from the office's paragraphs, and the
  appendix tables (one per page) after the signature.
- `appendices(figures)`: those tables as data (columns, typed rows, total rows), shared
  with the spreadsheet (`reports.exports.report_sheets`) so both show the same numbers.

The module-level constants are the fixed wording of the document (headings, set phrases,
column headings), printed in Vietnamese whatever the interface language, like
`PLAN_WORDING` in dialogues.documents. Names and narrative come from the records and
are auto-escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone, translation

from dialogues.models import Opinion
from portal.documents import OfficialDocument, leader_signer_block, render_pdf
from portal.documents.parts import (
    ROMAN,
    document_title,
    draft_number_suffix,
    numbered_headings,
    paragraphs,
    recipient_lines,
)
from portal.services import organization_current
from reports.models import Report
from surveys.models import Criterion
from surveys.results import ANNEX_WORDING

# --- Fixed wording of the report (Vietnamese by law, not interface text) ----------------

REPORT_TITLE = "BÁO CÁO"

# Part headings (numbered I, II, ... over the parts present) and the sub-sections.
REPORT_HEADINGS = {
    "results": "KẾT QUẢ THỰC HIỆN",
    "sessions": "Tổ chức đối thoại với Nhân dân",
    "opinions": "Tiếp nhận, xử lý ý kiến, kiến nghị",
    "surveys": "Khảo sát sự hài lòng",
    "onestop": "Giải quyết thủ tục hành chính tại Bộ phận Một cửa",
    "plans": "Thực hiện nhiệm vụ các kế hoạch",
    "assessment": "ĐÁNH GIÁ CHUNG",
    "strengths": "Ưu điểm",
    "shortcomings": "Tồn tại, hạn chế và nguyên nhân",
    "next_tasks": "NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
    "recommendations": "ĐỀ XUẤT, KIẾN NGHỊ",
}

# Part I, written from the figures. Numbers are filled in Vietnamese style (1.234; 98,50).
REPORT_WORDING = {
    "scope": (
        "Số liệu được tổng hợp từ ngày {start} đến ngày {end}; tình trạng giải quyết "
        "tính đến ngày {as_of}."
    ),
    # 1. Đối thoại
    "sessions": (
        "Trong kỳ, {agency} đã tổ chức {held} hội nghị đối thoại với Nhân dân về thủ tục "
        "hành chính, với {attendees} lượt đại biểu tham dự; tại các hội nghị có "
        "{opinions} ý kiến, kiến nghị được nêu (chi tiết tại Phụ lục I)."
    ),
    "no_sessions": "Trong kỳ không tổ chức hội nghị đối thoại với Nhân dân.",
    "coverage": (
        "Có {covered}/{neighborhoods} tổ dân phố đã được tổ chức đối thoại trong kỳ; "
        "còn {gaps} lượt tổ dân phố chưa tổ chức hội nghị đối thoại trong quý theo quy "
        "định (chi tiết tại Phụ lục II)."
    ),
    "coverage_full": (
        "Có {covered}/{neighborhoods} tổ dân phố đã được tổ chức đối thoại trong kỳ; "
        "không có tổ dân phố nào chưa tổ chức đối thoại trong quý theo quy định "
        "(chi tiết tại Phụ lục II)."
    ),
    # 2. Ý kiến, kiến nghị
    "opinions": (
        "Trong kỳ, {agency} tiếp nhận {received} ý kiến, kiến nghị của người dân, tổ chức; "
        "đã trả lời {answered} ý kiến, đang xử lý {in_progress} ý kiến, trong đó {overdue} "
        "ý kiến đã quá hạn trả lời (chi tiết tại Phụ lục III)."
    ),
    "answered_rate": (
        "Tỷ lệ ý kiến, kiến nghị đã được trả lời trên tổng số ý kiến thuộc phạm vi giải "
        "quyết đạt {rate}."
    ),
    "out_of_scope": (
        "Có {out_of_scope} ý kiến có nội dung khiếu nại, tố cáo không thuộc phạm vi đối "
        "thoại, đã chuyển bộ phận tiếp công dân xử lý theo quy định."
    ),
    "no_opinions": "Trong kỳ không tiếp nhận ý kiến, kiến nghị nào.",
    # 3. Khảo sát
    "surveys": (
        "Trong kỳ, tổ chức {rounds} đợt khảo sát sự hài lòng của người dân, tổ chức; thu về "
        "{ballots} phiếu ({online} phiếu trực tuyến, {paper} phiếu giấy), với {answers} câu "
        "trả lời theo thang điểm, trong đó {satisfied} câu trả lời hài lòng và rất hài lòng "
        "(chi tiết tại Phụ lục IV)."
    ),
    "survey_rate": "Tỷ lệ hài lòng chung đạt {rate} (chỉ tiêu {target}): {verdict}.",
    "survey_no_answers": "Chưa có câu trả lời theo thang điểm để tính tỷ lệ hài lòng.",
    "lowest": (
        "Nhóm tiêu chí có tỷ lệ hài lòng thấp nhất là “{name}” với {rate} (chi tiết tại Phụ lục V)."
    ),
    "met": "đạt chỉ tiêu",
    "not_met": "chưa đạt chỉ tiêu",
    "no_surveys": "Trong kỳ không tổ chức khảo sát sự hài lòng.",
    # 4. Một cửa
    "onestop": (
        "Trong kỳ, Bộ phận Một cửa tiếp nhận {received} hồ sơ thủ tục hành chính; đã giải "
        "quyết {decided} hồ sơ, trong đó trước hạn {early} hồ sơ, đúng hạn {on_time} hồ sơ, "
        "quá hạn {late} hồ sơ (chi tiết tại Phụ lục VI)."
    ),
    "on_time_rate": "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt {rate}.",
    "in_progress": "Đang giải quyết {in_progress} hồ sơ, trong đó {overdue} hồ sơ đã quá hạn.",
    "apologies": (
        "Đã ban hành {apology_letters} văn bản xin lỗi và đề nghị gia hạn thời gian giải "
        "quyết đối với hồ sơ quá hạn; có {supplement_breaches} hồ sơ phải yêu cầu bổ sung quá 01 lần."
    ),
    "closed": (
        "Có {stopped} hồ sơ dừng giải quyết và {withdrawn} hồ sơ do người nộp rút lại "
        "(không tính là hồ sơ quá hạn)."
    ),
    "no_onestop": "Trong kỳ Bộ phận Một cửa không tiếp nhận hồ sơ thủ tục hành chính.",
    "target_digitisation": (
        "Tỷ lệ hồ sơ mới được số hóa tại Bộ phận Một cửa đạt {rate} ({numerator}/{denominator} "
        "hồ sơ; chỉ tiêu {target}%): {verdict}."
    ),
    "target_e_auth": (
        "Tỷ lệ giao dịch trực tuyến được xác thực điện tử đạt {rate} ({numerator}/{denominator} "
        "hồ sơ; chỉ tiêu {target}%): {verdict}."
    ),
    "target_processing_cut": (
        "Có {numerator}/{denominator} thủ tục hành chính được cắt giảm tối thiểu {threshold}% thời "
        "gian giải quyết, đạt {rate} (chỉ tiêu {target}%): {verdict}."
    ),
    # 5. Nhiệm vụ các kế hoạch (only when the year's issued plans give tasks)
    "plans": (
        "Các kế hoạch năm {year} giao {tasks} nhiệm vụ; đã hoàn thành {done} (đúng hạn "
        "{done_on_time}), {late_open} nhiệm vụ chậm tiến độ (chi tiết tại Phụ lục {appendix})."
    ),
    "plans_unreported": (
        "Có {unreported} nhiệm vụ đang thực hiện chưa báo cáo tiến độ trong {label}."
    ),
    "letters": (
        "{agency} đã gửi {thanks} thư cảm ơn người dân, tổ chức và doanh nghiệp có đóng góp "
        "và {apologies} thư xin lỗi về những khuyết điểm, tồn tại của chính quyền."
    ),
    "counter": (
        "Tại quầy của Bộ phận Một cửa, người dân đánh giá {total} lượt sau khi giao dịch: "
        "{very} rất hài lòng, {satisfied} hài lòng, {unsatisfied} không hài lòng "
        "(tỷ lệ hài lòng {rate})."
    ),
}

# Appendices: each begins on a new page after the signature.
APPENDIX_WORDING = {
    "appendix": "PHỤ LỤC {number}",
    "attached": "(Kèm theo Báo cáo số {number} ngày {date} của {agency})",
    "draft_number": "......{suffix}",
    "draft_date": "....../....../{year}",
    "empty": "Không có số liệu",
    "total": "Tổng cộng",
    "yes": "Đạt",
    "no": "Chưa đạt",
    "coverage_note": (
        "Ô số 0 được tô đậm: tổ dân phố chưa tổ chức hội nghị đối thoại trong quý đã qua "
        "(tính đến ngày {as_of})."
    ),
    "no_field": "Chưa xác định lĩnh vực",
    "rate_note": "Tỷ lệ tính theo phần trăm (%).",
}

APPENDIX_TITLES = {
    "sessions": "DANH SÁCH HỘI NGHỊ ĐỐI THOẠI VỚI NHÂN DÂN ĐÃ TỔ CHỨC",
    "coverage": "TÌNH HÌNH TỔ CHỨC ĐỐI THOẠI THEO TỔ DÂN PHỐ",
    "opinions": "KẾT QUẢ TIẾP NHẬN, XỬ LÝ Ý KIẾN, KIẾN NGHỊ",
    "surveys": "KẾT QUẢ CÁC ĐỢT KHẢO SÁT SỰ HÀI LÒNG",
    "satisfaction": "TỶ LỆ HÀI LÒNG THEO NHÓM TIÊU CHÍ VÀ LĨNH VỰC",
    # No break inside "Bộ phận Một cửa": the title wraps before it.
    "onestop": "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI BỘ\u00a0PHẬN\u00a0MỘT\u00a0CỬA",
    "plans": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÁC KẾ HOẠCH NĂM {year}",
}

TABLE_HEADINGS = {
    "opinions_by_source": "1. Theo nguồn tiếp nhận",
    "opinions_by_field": "2. Theo lĩnh vực",
    "satisfaction_by_criterion": "1. Theo nhóm tiêu chí",
    "satisfaction_by_field": "2. Theo lĩnh vực thủ tục hành chính",
    "onestop_by_field": "1. Theo lĩnh vực",
    "onestop_by_department": "2. Theo bộ phận chuyên môn",
}

# Spreadsheet names of the tables: at most 31 characters, none of []:*?/\ (Excel).
SHEET_TITLES = {
    "sessions": "PL I - Hội nghị đối thoại",
    "coverage": "PL II - Đối thoại theo TDP",
    "opinions_by_source": "PL III.1 - Ý kiến theo nguồn",
    "opinions_by_field": "PL III.2 - Ý kiến theo lĩnh vực",
    "surveys": "PL IV - Các đợt khảo sát",
    "satisfaction_by_criterion": "PL V.1 - Hài lòng theo tiêu chí",
    "satisfaction_by_field": "PL V.2 - Hài lòng theo lĩnh vực",
    "onestop_by_field": "PL VI.1 - Một cửa theo lĩnh vực",
    "onestop_by_department": "PL VI.2 - Một cửa theo bộ phận",
}
# The sheets of the appendices printed only when there is something to print.
OPTIONAL_SHEET_TITLES = {
    "plan_tasks": "PL VII - Nhiệm vụ kế hoạch",
}

COLUMNS = {
    "no": "STT",
    "date": "Ngày tổ chức",
    "session": "Hội nghị",
    "neighborhood": "Tổ dân phố",
    "venue": "Địa điểm",
    "attendees": "Số đại biểu dự",
    "session_opinions": "Số ý kiến nêu",
    "quarter": "Quý {label}",
    "source": "Nguồn tiếp nhận",
    "field": "Lĩnh vực",
    "received": "Tiếp nhận",
    "answered": "Đã trả lời",
    "opinion_in_progress": "Đang xử lý",
    "opinion_overdue": "Quá hạn trả lời",
    "out_of_scope": "Khiếu nại, tố cáo (chuyển tiếp công dân)",
    "round": "Đợt khảo sát",
    "period": "Thời gian",
    "opens_on": "Từ ngày",
    "closes_on": "Đến ngày",
    "ballots": "Số phiếu",
    "online": "Trực tuyến",
    "paper": "Phiếu giấy",
    "answers": "Số câu trả lời",
    "satisfied": "Hài lòng (mức 4-5)",
    "rate": "Tỷ lệ (%)",
    "target": "Chỉ tiêu (%)",
    "result": "Kết quả",
    "criterion": "Nhóm tiêu chí",
    "department": "Bộ phận",
    "decided": "Đã giải quyết",
    "early": "Trước hạn",
    "on_time": "Đúng hạn",
    "late": "Quá hạn",
    "on_time_rate": "Tỷ lệ đúng hạn (%)",
    "case_in_progress": "Đang giải quyết",
    "case_overdue": "Trong đó quá hạn",
    "apology_letters": "Phiếu xin lỗi",
    "supplement_breaches": "Bổ sung quá 01 lần",
    "plan": "Kế hoạch số",
    "task": "Nhiệm vụ",
    "lead": "Bộ phận chủ trì",
    "deadline": "Thời hạn",
    "task_result": "Kết quả",
    "evidence": "Minh chứng",
}

# A task's result in the plans' appendix (plans.review states).
TASK_STATE_WORDING = {
    "done": "Đã hoàn thành",
    "done_late": "Hoàn thành chậm {days} ngày",
    "open": "Đang thực hiện",
    "late": "Chậm {days} ngày",
}

# Opinion sources as the report names them, in Opinion.Source's order.
OPINION_SOURCE_LABELS = {
    Opinion.Source.BALLOT: "Qua phiếu khảo sát sự hài lòng",
    Opinion.Source.FLOOR: "Tại hội nghị đối thoại",
    Opinion.Source.FEEDBACK: "Qua điểm tiếp nhận phản ánh, kiến nghị",
    Opinion.Source.ORGANISATION: "Qua các tổ chức đoàn thể",
}

# The summary sheet of the spreadsheet: (label, value) rows.
SUMMARY_WORDING = {
    "sheet": "Tổng hợp",
    "item": "Nội dung",
    "value": "Số liệu",
    "subject": "Báo cáo",
    "number": "Số, ký hiệu",
    "issued_on": "Ngày ban hành",
    "start": "Từ ngày",
    "end": "Đến ngày",
    "as_of": "Số liệu tính đến ngày",
    "draft": "Dự thảo",
    "sessions_held": "Hội nghị đối thoại đã tổ chức",
    "session_attendees": "Lượt đại biểu tham dự",
    "session_opinions": "Ý kiến nêu tại hội nghị",
    "covered": "Tổ dân phố đã tổ chức đối thoại",
    "neighborhoods": "Tổng số tổ dân phố",
    "gaps": "Lượt tổ dân phố - quý chưa tổ chức đối thoại",
    "opinions_received": "Ý kiến, kiến nghị tiếp nhận",
    "opinions_answered": "Ý kiến đã trả lời",
    "opinions_in_progress": "Ý kiến đang xử lý",
    "opinions_overdue": "Ý kiến quá hạn trả lời",
    "opinions_out_of_scope": "Khiếu nại, tố cáo chuyển tiếp công dân",
    "opinions_rate": "Tỷ lệ ý kiến đã trả lời (%)",
    "survey_rounds": "Đợt khảo sát",
    "survey_ballots": "Phiếu khảo sát thu về",
    "survey_online": "Phiếu trực tuyến",
    "survey_paper": "Phiếu giấy",
    "survey_answers": "Câu trả lời theo thang điểm",
    "survey_satisfied": "Câu trả lời hài lòng (mức 4-5)",
    "survey_rate": "Tỷ lệ hài lòng chung (%)",
    "survey_target": "Chỉ tiêu hài lòng (%)",
    "survey_result": "Kết quả so với chỉ tiêu",
    "cases_received": "Hồ sơ tiếp nhận",
    "cases_decided": "Hồ sơ đã giải quyết",
    "cases_early": "Giải quyết trước hạn",
    "cases_on_time": "Giải quyết đúng hạn",
    "cases_late": "Giải quyết quá hạn",
    "cases_rate": "Tỷ lệ giải quyết đúng hạn (%)",
    "cases_in_progress": "Hồ sơ đang giải quyết",
    "cases_overdue": "Hồ sơ đang giải quyết đã quá hạn",
    "cases_apologies": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "cases_breaches": "Hồ sơ yêu cầu bổ sung quá 01 lần",
    "plan_tasks": "Nhiệm vụ các kế hoạch năm {year}",
    "plan_done": "Nhiệm vụ đã hoàn thành",
    "plan_done_on_time": "Hoàn thành đúng hạn",
    "plan_late_done": "Hoàn thành chậm",
    "plan_late_open": "Nhiệm vụ chậm tiến độ (chưa hoàn thành)",
    "plan_unreported": "Nhiệm vụ chưa báo cáo tiến độ trong quý",
}


# --- Numbers in Vietnamese style -------------------------------------------------------


def vi_int(value: int | None) -> str:
    """1234567 -> '1.234.567'."""
    if value is None:
        return "-"
    return f"{value:,}".replace(",", ".")


def vi_decimal(value: float | None) -> str:
    """98.5 -> '98,50'; 1234.5 -> '1.234,50'; None -> '-'."""
    if value is None:
        return "-"
    return f"{value:,.2f}".translate(str.maketrans(",.", ".,"))


def vi_percent(value: float | None) -> str:
    """98.5 -> '98,50%'."""
    return "-" if value is None else f"{vi_decimal(value)}%"


def vi_target(value: float | None) -> str:
    """The target as the ward states it: 99 -> '99', 98.5 -> '98,50'."""
    return vi_decimal(value).removesuffix(",00")


# --- Appendix tables as data -------------------------------------------------------------


@dataclass
class Column:
    """kind: 'no' (row number), 'text', 'date' (already dd/mm/yyyy), 'int', 'rate'
    (a float percentage or None), 'verdict' (True / False / None: met the target),
    'period' (a pair of dates: one cell on paper, the two `parts` in the spreadsheet)."""

    label: str
    width: float  # mm on the A4 page (165 mm between the 30/15 mm margins)
    kind: str = "int"
    parts: tuple[str, ...] = ()


@dataclass
class Table:
    key: str
    columns: list[Column]
    rows: list[list]
    heading: str = ""
    total: list | None = None
    marks: set[tuple[int, int]] = field(default_factory=set)  # (row, column) to highlight
    note: str = ""

    @property
    def sheet_title(self) -> str:
        return SHEET_TITLES.get(self.key) or OPTIONAL_SHEET_TITLES[self.key]


@dataclass
class Appendix:
    number: str  # I, II, ...
    title: str
    tables: list[Table]


def _labels_of(choices, msgids: dict) -> dict[str, str]:
    """{label as computed in any language: Vietnamese wording}: the figures keep a
    choice's label as it was printed when they were taken (English or Vietnamese)."""
    out = {}
    for value, label in choices:
        if value in msgids:
            for language in ("en", "vi"):
                with translation.override(language):
                    out[str(label)] = msgids[value]
    return out


def _source_names(rows: list[dict]) -> list[str]:
    """by_source rows come in Opinion.Source's order, one per source."""
    labels = [
        OPINION_SOURCE_LABELS.get(value, str(label)) for value, label in Opinion.Source.choices
    ]
    if len(labels) != len(rows):
        return [r["name"] for r in rows]
    return labels


def _criterion_name(name: str) -> str:
    return _labels_of(Criterion.choices, ANNEX_WORDING["criteria"]).get(name, name)


def _no_field_names() -> set[str]:
    out = {""}
    for language in ("en", "vi"):
        with translation.override(language):
            out.add(translation.gettext("No field given"))
    return out


def _field_name(name: str, none_names: set[str]) -> str:
    return APPENDIX_WORDING["no_field"] if name in none_names else name


def _sessions_table(figures: dict) -> Table:
    s = figures["sessions"]
    c = COLUMNS
    columns = [
        Column(c["no"], 10, "no"),
        Column(c["date"], 22, "date"),
        Column(c["session"], 43, "text"),
        Column(c["neighborhood"], 28, "text"),
        Column(c["venue"], 34, "text"),
        Column(c["attendees"], 14),
        Column(c["session_opinions"], 14),
    ]
    rows = [
        [n, r["date"], r["title"], r["neighborhood"], r["venue"], r["attendees"], r["opinions"]]
        for n, r in enumerate(s["rows"], start=1)
    ]
    total = None
    if rows:
        total = ["", APPENDIX_WORDING["total"], "", "", "", s["attendees"], s["opinions"]]
    return Table("sessions", columns, rows, total=total)


def _coverage_table(figures: dict) -> Table:
    cov = figures["sessions"]["coverage"]
    quarters = cov["quarters"]
    n = max(len(quarters), 1)
    quarter_width = min(24.0, round(105.0 / n, 1))
    columns = [
        Column(COLUMNS["no"], 10, "no"),
        Column(COLUMNS["neighborhood"], 155 - quarter_width * len(quarters), "text"),
        *[Column(COLUMNS["quarter"].format(label=q), quarter_width) for q in quarters],
    ]
    due = cov["due"]
    rows, marks = [], set()
    for i, row in enumerate(cov["rows"]):
        rows.append([i + 1, row["name"], *row["counts"]])
        for j, (count, is_due) in enumerate(zip(row["counts"], due, strict=True)):
            if is_due and count == 0:
                marks.add((i, j + 2))
    note = APPENDIX_WORDING["coverage_note"].format(as_of=figures["as_of"]) if rows else ""
    return Table("coverage", columns, rows, marks=marks, note=note)


def _opinion_columns(first: str) -> list[Column]:
    c = COLUMNS
    return [
        Column(c["no"], 10, "no"),
        Column(first, 55, "text"),
        Column(c["received"], 20),
        Column(c["answered"], 20),
        Column(c["opinion_in_progress"], 20),
        Column(c["opinion_overdue"], 20),
        Column(c["out_of_scope"], 20),
    ]


OPINION_KEYS = ("received", "answered", "in_progress", "overdue", "out_of_scope")


def _opinion_tables(figures: dict) -> list[Table]:
    o = figures["opinions"]
    total = ["", APPENDIX_WORDING["total"], *(o["totals"][k] for k in OPINION_KEYS)]
    by_source = [
        [n, name, *(r[k] for k in OPINION_KEYS)]
        for n, (name, r) in enumerate(
            zip(_source_names(o["by_source"]), o["by_source"], strict=True), start=1
        )
    ]
    none = _no_field_names()
    by_field = [
        [n, _field_name(r["name"], none), *(r[k] for k in OPINION_KEYS)]
        for n, r in enumerate(o["by_field"], start=1)
    ]
    has_data = o["totals"]["received"] > 0
    return [
        Table(
            "opinions_by_source",
            _opinion_columns(COLUMNS["source"]),
            by_source if has_data else [],
            heading=TABLE_HEADINGS["opinions_by_source"],
            total=total if has_data else None,
        ),
        Table(
            "opinions_by_field",
            _opinion_columns(COLUMNS["field"]),
            by_field,
            heading=TABLE_HEADINGS["opinions_by_field"],
            total=total if by_field else None,
        ),
    ]


def _surveys_table(figures: dict) -> Table:
    sv = figures["surveys"]
    target = figures["target"]
    c = COLUMNS
    columns = [
        Column(c["no"], 10, "no"),
        Column(c["round"], 29, "text"),
        Column(c["period"], 22, "period", parts=(c["opens_on"], c["closes_on"])),
        Column(c["ballots"], 13),
        Column(c["online"], 13),
        Column(c["paper"], 13),
        Column(c["answers"], 14),
        Column(c["satisfied"], 14),
        Column(c["rate"], 13, "rate"),
        Column(c["target"], 12, "rate"),
        Column(c["result"], 12, "verdict"),
    ]
    rows, marks = [], set()
    for i, r in enumerate(sv["rounds"]):
        met = r["meets_target"] if r["rate"] is not None else None
        rows.append(
            [
                i + 1,
                r["name"],
                (r["opens_on"], r["closes_on"]),
                r["ballots"],
                r["online"],
                r["paper"],
                r["answers"],
                r["satisfied"],
                r["rate"],
                target,
                met,
            ]
        )
        if met is False:
            marks.add((i, 8))
    total = None
    if rows:
        total = [
            "",
            APPENDIX_WORDING["total"],
            "",
            sv["ballots"],
            sum(r["online"] for r in sv["rounds"]),
            sum(r["paper"] for r in sv["rounds"]),
            sv["answers"],
            sv["satisfied"],
            sv["rate"],
            target,
            sv["meets_target"] if sv["rate"] is not None else None,
        ]
    return Table("surveys", columns, rows, total=total, marks=marks)


def _satisfaction_tables(figures: dict) -> list[Table]:
    sv = figures["surveys"]
    target = figures["target"]
    c = COLUMNS

    def verdict(r: dict):
        return r["meets_target"] if r["rate"] is not None else None

    by_criterion, criterion_marks = [], set()
    for i, r in enumerate(sv["by_criterion"]):
        by_criterion.append(
            [
                i + 1,
                _criterion_name(r["name"]),
                r["answers"],
                r["satisfied"],
                r["rate"],
                target,
                verdict(r),
            ]
        )
        if verdict(r) is False:
            criterion_marks.add((i, 4))
    none = _no_field_names()
    by_field, field_marks = [], set()
    for i, r in enumerate(sv["by_field"]):
        by_field.append(
            [
                i + 1,
                _field_name(r["name"], none),
                r["ballots"],
                r["answers"],
                r["satisfied"],
                r["rate"],
                target,
                verdict(r),
            ]
        )
        if verdict(r) is False:
            field_marks.add((i, 5))
    overall = sv["meets_target"] if sv["rate"] is not None else None
    total = APPENDIX_WORDING["total"]
    return [
        Table(
            "satisfaction_by_criterion",
            [
                Column(c["no"], 10, "no"),
                Column(c["criterion"], 65, "text"),
                Column(c["answers"], 18),
                Column(c["satisfied"], 18),
                Column(c["rate"], 18, "rate"),
                Column(c["target"], 18, "rate"),
                Column(c["result"], 18, "verdict"),
            ],
            by_criterion,
            heading=TABLE_HEADINGS["satisfaction_by_criterion"],
            total=(
                ["", total, sv["answers"], sv["satisfied"], sv["rate"], target, overall]
                if by_criterion
                else None
            ),
            marks=criterion_marks,
        ),
        Table(
            "satisfaction_by_field",
            [
                Column(c["no"], 10, "no"),
                Column(c["field"], 53, "text"),
                Column(c["ballots"], 16),
                Column(c["answers"], 17),
                Column(c["satisfied"], 17),
                Column(c["rate"], 17, "rate"),
                Column(c["target"], 17, "rate"),
                Column(c["result"], 18, "verdict"),
            ],
            by_field,
            heading=TABLE_HEADINGS["satisfaction_by_field"],
            total=(
                [
                    "",
                    total,
                    sv["ballots"],
                    sv["answers"],
                    sv["satisfied"],
                    sv["rate"],
                    target,
                    overall,
                ]
                if by_field
                else None
            ),
            marks=field_marks,
        ),
    ]


CASE_KEYS = (
    "received",
    "decided",
    "early",
    "on_time",
    "late",
    "on_time_rate",
    "in_progress",
    "overdue",
    "apology_letters",
    "supplement_breaches",
)


def _case_columns(first: str) -> list[Column]:
    c = COLUMNS
    return [
        Column(c["no"], 10, "no"),
        Column(first, 35, "text"),
        Column(c["received"], 12),
        Column(c["decided"], 12.5),
        Column(c["early"], 11.5),
        Column(c["on_time"], 11.5),
        Column(c["late"], 11),
        Column(c["on_time_rate"], 14, "rate"),
        Column(c["case_in_progress"], 12.5),
        Column(c["case_overdue"], 12),
        Column(c["apology_letters"], 11.5),
        Column(c["supplement_breaches"], 12.5),
    ]


def _case_tables(figures: dict) -> list[Table]:
    o = figures["onestop"]
    none = _no_field_names()

    def rows_of(items: list[dict], *, field_names: bool) -> tuple[list[list], set]:
        rows, marks = [], set()
        for i, r in enumerate(items):
            name = _field_name(r["name"], none) if field_names else r["name"]
            rows.append([i + 1, name, *(r[k] for k in CASE_KEYS)])
            for j, key in enumerate(CASE_KEYS, start=2):
                if key in ("late", "overdue", "supplement_breaches") and r[key]:
                    marks.add((i, j))
        return rows, marks

    total = ["", APPENDIX_WORDING["total"], *(o["totals"][k] for k in CASE_KEYS)]
    by_field, field_marks = rows_of(o["by_field"], field_names=True)
    by_department, department_marks = rows_of(o["by_department"], field_names=False)
    return [
        Table(
            "onestop_by_field",
            _case_columns(COLUMNS["field"]),
            by_field,
            heading=TABLE_HEADINGS["onestop_by_field"],
            total=total if by_field else None,
            marks=field_marks,
        ),
        Table(
            "onestop_by_department",
            _case_columns(COLUMNS["department"]),
            by_department,
            heading=TABLE_HEADINGS["onestop_by_department"],
            total=total if by_department else None,
            marks=department_marks,
        ),
    ]


def plan_review_of(figures: dict) -> dict | None:
    """The plans' review of the figures, when the year's plans give tasks. Figures frozen
    before the review was part of the report have none."""
    plans = figures.get("plans")
    return plans if plans and plans["summary"]["tasks"] else None


def _plan_tasks_table(plans: dict) -> Table:
    c = COLUMNS
    columns = [
        Column(c["no"], 10, "no"),
        Column(c["plan"], 23, "text"),
        Column(c["task"], 48, "text"),
        Column(c["lead"], 26, "text"),
        Column(c["deadline"], 22, "date"),
        Column(c["task_result"], 22, "text"),
        Column(c["evidence"], 14),
    ]
    rows, marks = [], set()
    for i, r in enumerate(plans["rows"]):
        state = TASK_STATE_WORDING[r["state"]].format(days=r["late_days"] or 0)
        rows.append(
            [
                i + 1,
                r["plan_number"],
                r["text"],
                r["lead"],
                r["deadline"],
                state,
                r["evidence_count"],
            ]
        )
        if r["state"] in ("late", "done_late"):
            marks.add((i, 5))
    return Table("plan_tasks", columns, rows, marks=marks)


BASE_APPENDICES = 6  # the plans' appendix, when printed, comes after these


def appendices(figures: dict) -> list[Appendix]:
    """Every appendix of the report, in print order, its tables with typed values."""
    t = APPENDIX_TITLES
    groups = [
        (t["sessions"], [_sessions_table(figures)]),
        (t["coverage"], [_coverage_table(figures)]),
        (t["opinions"], _opinion_tables(figures)),
        (t["surveys"], [_surveys_table(figures)]),
        (t["satisfaction"], _satisfaction_tables(figures)),
        (t["onestop"], _case_tables(figures)),
    ]
    if plans := plan_review_of(figures):
        groups.append((t["plans"].format(year=plans["year"]), [_plan_tasks_table(plans)]))
    return [
        Appendix(number=ROMAN[i], title=title, tables=tables)
        for i, (title, tables) in enumerate(groups)
    ]


# --- Part I: sentences from the figures ----------------------------------------------------


def _session_sentences(figures: dict, agency: str) -> list[str]:
    w = REPORT_WORDING
    s = figures["sessions"]
    if s["held"]:
        out = [
            w["sessions"].format(
                agency=agency,
                held=vi_int(s["held"]),
                attendees=vi_int(s["attendees"]),
                opinions=vi_int(s["opinions"]),
            )
        ]
    else:
        out = [w["no_sessions"]]
    cov = s["coverage"]
    if cov["neighborhoods"]:
        key = "coverage" if cov["gaps"] else "coverage_full"
        out.append(
            w[key].format(
                covered=vi_int(cov["covered"]),
                neighborhoods=vi_int(cov["neighborhoods"]),
                gaps=vi_int(cov["gaps"]),
            )
        )
    return out


def _letter_sentences(figures: dict, agency: str) -> list[str]:
    letters = figures.get("letters")  # absent from reports issued before letters existed
    if not letters or not letters["total"]:
        return []
    return [
        REPORT_WORDING["letters"].format(
            agency=agency, thanks=vi_int(letters["thanks"]), apologies=vi_int(letters["apologies"])
        )
    ]


def _opinion_sentences(figures: dict, agency: str) -> list[str]:
    w = REPORT_WORDING
    o = figures["opinions"]
    t = o["totals"]
    if not t["received"]:
        return [w["no_opinions"]]
    out = [w["opinions"].format(agency=agency, **{k: vi_int(t[k]) for k in OPINION_KEYS})]
    if o["answered_rate"] is not None:
        out.append(w["answered_rate"].format(rate=vi_percent(o["answered_rate"])))
    if t["out_of_scope"]:
        out.append(w["out_of_scope"].format(out_of_scope=vi_int(t["out_of_scope"])))
    return out


def _survey_sentences(figures: dict) -> list[str]:
    w = REPORT_WORDING
    sv = figures["surveys"]
    if not sv["rounds"]:
        return [w["no_surveys"]]
    out = [
        w["surveys"].format(
            rounds=vi_int(len(sv["rounds"])),
            ballots=vi_int(sv["ballots"]),
            online=vi_int(sum(r["online"] for r in sv["rounds"])),
            paper=vi_int(sum(r["paper"] for r in sv["rounds"])),
            answers=vi_int(sv["answers"]),
            satisfied=vi_int(sv["satisfied"]),
        )
    ]
    if sv["rate"] is None:
        out.append(w["survey_no_answers"])
        return out
    out.append(
        w["survey_rate"].format(
            rate=vi_percent(sv["rate"]),
            target=f"{vi_target(figures['target'])}%",
            verdict=w["met"] if sv["meets_target"] else w["not_met"],
        )
    )
    rated = [r for r in sv["by_criterion"] if r["rate"] is not None]
    if rated:
        lowest = min(rated, key=lambda r: r["rate"])
        out.append(
            w["lowest"].format(
                name=_criterion_name(lowest["name"]), rate=vi_percent(lowest["rate"])
            )
        )
    return out


def _counter_sentences(figures: dict) -> list[str]:
    counter = figures.get("counter")  # absent from reports issued before the tablet
    if not counter or not counter["total"]:
        return []
    n = {k: vi_int(counter[k]) for k in ("very", "satisfied", "unsatisfied", "total")}
    return [REPORT_WORDING["counter"].format(**n, rate=vi_percent(counter["rate"]))]


def _target_sentences(figures: dict) -> list[str]:
    """Kế hoạch chính quyền thân thiện's one-stop targets (absent from reports issued before)."""
    w = REPORT_WORDING
    out = []
    for row in figures["onestop"].get("targets", []):
        if row["rate"] is None:
            continue
        out.append(
            w[f"target_{row['key']}"].format(
                rate=vi_percent(row["rate"]),
                numerator=vi_int(row["numerator"]),
                denominator=vi_int(row["denominator"]),
                target=vi_target(row["target"]),
                threshold=vi_target(row["threshold"]),
                verdict=w["met"] if row["met"] else w["not_met"],
            )
        )
    return out


def _onestop_sentences(figures: dict) -> list[str]:
    w = REPORT_WORDING
    t = figures["onestop"]["totals"]
    if not t["received"]:
        return [w["no_onestop"], *_target_sentences(figures), *_counter_sentences(figures)]
    n = {k: vi_int(t[k]) for k in CASE_KEYS if k != "on_time_rate"}
    out = [w["onestop"].format(**n)]
    if t["on_time_rate"] is not None:
        out.append(w["on_time_rate"].format(rate=vi_percent(t["on_time_rate"])))
    out.append(w["in_progress"].format(**n))
    if t["stopped"] or t["withdrawn"]:
        out.append(
            w["closed"].format(stopped=vi_int(t["stopped"]), withdrawn=vi_int(t["withdrawn"]))
        )
    out.append(w["apologies"].format(**n))
    out.extend(_target_sentences(figures))
    out.extend(_counter_sentences(figures))
    return out


def _plan_sentences(plans: dict) -> list[str]:
    w = REPORT_WORDING
    s = plans["summary"]
    out = [
        w["plans"].format(
            year=plans["year"],
            appendix=ROMAN[BASE_APPENDICES],
            **{k: vi_int(s[k]) for k in ("tasks", "done", "done_on_time", "late_open")},
        )
    ]
    if s["unreported"]:
        label = plans["label"].replace("Quý", "quý", 1)
        out.append(w["plans_unreported"].format(unreported=vi_int(s["unreported"]), label=label))
    return out


def results_sections(figures: dict, agency: str) -> list[dict]:
    """Part I: {'heading': '1. Tổ chức đối thoại với Nhân dân', 'sentences': [...]}."""
    plans = plan_review_of(figures)
    keys = ("sessions", "opinions", "surveys", "onestop", *(("plans",) if plans else ()))
    heads = numbered_headings([(k, True) for k in keys], REPORT_HEADINGS)
    sentences = {
        "sessions": _session_sentences(figures, agency),
        "opinions": _opinion_sentences(figures, agency) + _letter_sentences(figures, agency),
        "surveys": _survey_sentences(figures),
        "onestop": _onestop_sentences(figures),
    }
    if plans:
        sentences["plans"] = _plan_sentences(plans)
    return [{"heading": heads[k], "sentences": sentences[k]} for k in keys]


# --- Rendering -------------------------------------------------------------------------


CELL_CLASSES = {"int": "num", "rate": "num", "period": "period", "text": "text"}


def _cell(column: Column, value, marked: bool) -> dict:
    """A value as printed: Vietnamese numbers, Đạt / Chưa đạt, '-' for no rate."""
    kind = column.kind
    if isinstance(value, str) and value == "":  # the blank cells of a total row
        text = ""
    elif kind == "int":
        text = vi_int(value)
    elif kind == "rate":
        text = vi_decimal(value)
    elif kind == "verdict":
        words = APPENDIX_WORDING
        text = "-" if value is None else (words["yes"] if value else words["no"])
    elif kind == "period":
        text = " - ".join(value)
    else:
        text = str(value)
    cls = CELL_CLASSES.get(kind, "mid")
    return {"text": text, "cls": f"{cls} mark" if marked else cls}


def _printed(table: Table) -> dict:
    cols = table.columns
    return {
        "heading": table.heading,
        "note": table.note,
        "columns": cols,
        "rows": [
            [
                _cell(col, v, (i, j) in table.marks)
                for j, (col, v) in enumerate(zip(cols, row, strict=True))
            ]
            for i, row in enumerate(table.rows)
        ],
        "total": (
            [_cell(col, v, False) for col, v in zip(cols, table.total, strict=True)]
            if table.total
            else None
        ),
    }


def _attached_line(doc: OfficialDocument, org) -> str:
    w = APPENDIX_WORDING
    if doc.number and doc.date:
        number, date = doc.number, doc.date.strftime("%d/%m/%Y")
    else:
        number = w["draft_number"].format(suffix=doc.number_suffix)
        date = w["draft_date"].format(year=doc.year or timezone.localdate().year)
    return w["attached"].format(number=number, date=date, agency=org.name)


def render_report_pdf(report: Report, figures: dict) -> bytes:
    """The Báo cáo with its appendices. `figures` are `report_figures_of(report)`: frozen
    for an issued report, live for a draft."""
    org = organization_current()
    issued = report.status == Report.Status.ISSUED and report.number_id is not None
    text = {
        name: paragraphs(getattr(report, name))
        for name in ("introduction", "assessment", "shortcomings", "next_tasks", "recommendations")
    }
    heads = numbered_headings(
        [
            ("results", True),
            ("assessment", bool(text["assessment"] or text["shortcomings"])),
            ("next_tasks", bool(text["next_tasks"])),
            ("recommendations", bool(text["recommendations"])),
        ],
        REPORT_HEADINGS,
        roman=True,
    )
    if text["shortcomings"]:
        heads |= numbered_headings(
            [("strengths", bool(text["assessment"])), ("shortcomings", True)], REPORT_HEADINGS
        )
    doc = OfficialDocument.for_organization(
        org,
        doc_title=document_title("BC", REPORT_TITLE),
        subject=report.subject,
        number=report.number.symbol if issued else "",
        number_suffix=draft_number_suffix("BC", org),
        date=report.issued_on if issued else None,
        signer=leader_signer_block(report.signer, org, report.signer_authority),
        recipients=recipient_lines(report.recipients),
        draft=not issued,
    )
    context = {
        "doc": doc,
        "report": report,
        "heads": heads,
        "text": text,
        "scope": REPORT_WORDING["scope"].format(
            start=figures["start"], end=figures["end"], as_of=figures["as_of"]
        ),
        "results": results_sections(figures, org.name),
        "appendices": [
            {
                "number": APPENDIX_WORDING["appendix"].format(number=a.number),
                "title": a.title,
                "tables": [_printed(t) for t in a.tables],
            }
            for a in appendices(figures)
        ],
        "attached": _attached_line(doc, org),
        "words": APPENDIX_WORDING,
    }
    return render_pdf("documents/reports/report.html", context)


__all__ = [
    "Appendix",
    "Column",
    "Table",
    "appendices",
    "plan_review_of",
    "render_report_pdf",
    "results_sections",
    "vi_decimal",
    "vi_int",
    "vi_percent",
]
