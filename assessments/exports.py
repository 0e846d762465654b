"""The scoring table (Excel): one row per sub-criterion with its scores and evidence."""

from __future__ import annotations

from django.db.models import Prefetch

from assessments.models import Item, ItemFile, ItemLink, Round
from portal.exports import Sheet, xlsx_response

HEADER = (
    "Mã tiêu chí",
    "Tiêu chí",
    "Mã tiêu chí thành phần",
    "Nội dung",
    "Điểm tối đa",
    "Đơn vị thực hiện",
    "Điểm tự chấm",
    "Giải trình",
    "Điểm thẩm định",
    "Lý do điều chỉnh",
    "Tệp minh chứng",
    "Dữ liệu trên Cổng",
)
WIDTHS = (10, 36, 12, 60, 10, 28, 10, 50, 10, 40, 50, 50)
OFFICE_NAME = "Văn phòng HĐND và UBND"


def round_items(round_: Round):
    return (
        round_.items.select_related("sub__criterion", "department")
        .prefetch_related(
            Prefetch("files", queryset=ItemFile.objects.only("pk", "item_id", "name")),
            Prefetch("links", queryset=ItemLink.objects.only("pk", "item_id", "label")),
        )
        .order_by("sub__criterion__order", "sub__criterion_id", "sub__order", "sub_id")
    )


def round_rows(round_: Round):
    item: Item
    for item in round_items(round_):
        yield (
            item.sub.criterion.code,
            item.sub.criterion.name,
            item.sub.code,
            item.sub.text,
            item.sub.max_points,
            item.department.name if item.department_id else OFFICE_NAME,
            item.self_score,
            item.self_explanation,
            item.reviewed_score,
            item.review_reason,
            "; ".join(f.name for f in item.files.all()),
            "; ".join(link.label for link in item.links.all()),
        )


def round_sheets(round_: Round) -> list[Sheet]:
    return [
        Sheet(
            title="Bảng chấm điểm",
            header=HEADER,
            rows=round_rows(round_),
            widths=WIDTHS,
            preamble=(f"{round_.criteria_set.name} — năm {round_.year}",),
        )
    ]


def round_xlsx_response(round_: Round):
    return xlsx_response(round_sheets(round_), f"bang-cham-diem-{round_.year}.xlsx")
