"""The days off and make-up working days announced for civil servants, shipped as data.

Each weekday that is a day off (a public holiday, a day of a Tết break, a swapped day
off, a nghỉ bù) and each Saturday that becomes a working day, with the document that
decided it. Weekend days inside a break are left out: they are not working days anyway.

Loaded by migration 0011, after every migrate (a test database flush included) and by
`manage.py calendar_refresh`; `portal.calendar.WorkingCalendar` reads them before the
`holidays` package, and staff `CalendarOverride` rows before them. A release that adds a
year adds its rows here; a year that is not here (a late decision, a local closure) is
entered by the office as overrides.

Sources: the research notes of 02/12/2026 (official notices and newspapers quoting the
document numbers). Only decided arrangements are listed: the 2026 proposal to swap
23/11 for 28/11 around Ngày Văn hóa Việt Nam was never decided and is not here.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class OfficialDay(NamedTuple):
    date: dt.date
    is_working_day: bool
    note: str
    source: str


LAW = "Bộ luật Lao động số 45/2019/QH14 ngày 20/11/2019 của Quốc hội, Điều 112"
LAW_OBSERVED = (
    "Bộ luật Lao động số 45/2019/QH14 ngày 20/11/2019 của Quốc hội, Điều 111 khoản 3 và Điều 112"
)
TB_5015_2023 = "Thông báo số 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động - Thương binh và Xã hội"
VPCP_2450_2024 = "Văn bản số 2450/VPCP-KGVX ngày 12/04/2024 của Văn phòng Chính phủ"
TB_6150_2024 = (
    "Thông báo số 6150/TB-BLĐTBXH ngày 03/12/2024 của Bộ Lao động - Thương binh và Xã hội"
)
TB_6150_VPCP_8726 = (
    f"{TB_6150_2024} (thực hiện Văn bản số 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ)"
)
VPCP_12729_2025 = "Văn bản số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
TB_9441_2025 = "Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"
NQ_28_2026 = (
    "Nghị quyết số 28/2026/QH16 của Quốc hội về phát triển văn hóa Việt Nam, Điều 2 "
    "(có hiệu lực từ ngày 01/07/2026)"
)

D = dt.date
OFF, WORK = False, True

OFFICIAL_DAYS: tuple[OfficialDay, ...] = tuple(
    OfficialDay(*row)
    for row in [
        # --- 2024 ---------------------------------------------------------------------
        (D(2024, 1, 1), OFF, "Tết Dương lịch", LAW),
        (D(2024, 2, 8), OFF, "Nghỉ Tết Nguyên đán Giáp Thìn (29 Tết)", TB_5015_2023),
        (D(2024, 2, 9), OFF, "Nghỉ Tết Nguyên đán Giáp Thìn (30 Tết)", TB_5015_2023),
        (D(2024, 2, 12), OFF, "Nghỉ Tết Nguyên đán Giáp Thìn (mùng 3)", TB_5015_2023),
        (D(2024, 2, 13), OFF, "Nghỉ bù Tết Nguyên đán Giáp Thìn (mùng 4)", TB_5015_2023),
        (D(2024, 2, 14), OFF, "Nghỉ bù Tết Nguyên đán Giáp Thìn (mùng 5)", TB_5015_2023),
        (D(2024, 4, 18), OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW),
        (
            D(2024, 4, 29),
            OFF,
            "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 04/05/2024)",
            VPCP_2450_2024,
        ),
        (D(2024, 4, 30), OFF, "Ngày Chiến thắng (30/4)", LAW),
        (D(2024, 5, 1), OFF, "Ngày Quốc tế Lao động (1/5)", LAW),
        (D(2024, 5, 4), WORK, "Làm bù cho ngày 29/04/2024", VPCP_2450_2024),
        (D(2024, 9, 2), OFF, "Quốc khánh (2/9)", LAW),
        (D(2024, 9, 3), OFF, "Nghỉ Quốc khánh (ngày liền kề sau 2/9)", TB_5015_2023),
        # --- 2025 ---------------------------------------------------------------------
        (D(2025, 1, 1), OFF, "Tết Dương lịch", LAW),
        (D(2025, 1, 27), OFF, "Nghỉ Tết Nguyên đán Ất Tỵ (28 tháng Chạp)", TB_6150_VPCP_8726),
        (
            D(2025, 1, 28),
            OFF,
            "Nghỉ Tết Nguyên đán Ất Tỵ (29 tháng Chạp, giao thừa)",
            TB_6150_VPCP_8726,
        ),
        (D(2025, 1, 29), OFF, "Nghỉ Tết Nguyên đán Ất Tỵ (mùng 1)", TB_6150_VPCP_8726),
        (D(2025, 1, 30), OFF, "Nghỉ Tết Nguyên đán Ất Tỵ (mùng 2)", TB_6150_VPCP_8726),
        (D(2025, 1, 31), OFF, "Nghỉ Tết Nguyên đán Ất Tỵ (mùng 3)", TB_6150_VPCP_8726),
        (D(2025, 4, 7), OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW),
        (D(2025, 4, 26), WORK, "Làm bù cho ngày 02/05/2025", TB_6150_VPCP_8726),
        (D(2025, 4, 30), OFF, "Ngày Chiến thắng (30/4)", LAW),
        (D(2025, 5, 1), OFF, "Ngày Quốc tế Lao động (1/5)", LAW),
        (
            D(2025, 5, 2),
            OFF,
            "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 26/04/2025)",
            TB_6150_VPCP_8726,
        ),
        (D(2025, 9, 1), OFF, "Nghỉ Quốc khánh (ngày liền kề trước 2/9)", TB_6150_2024),
        (D(2025, 9, 2), OFF, "Quốc khánh (2/9)", LAW),
        # --- 2026 ---------------------------------------------------------------------
        (D(2026, 1, 1), OFF, "Tết Dương lịch", LAW),
        (
            D(2026, 1, 2),
            OFF,
            "Nghỉ hoán đổi Tết Dương lịch 2026 (làm bù thứ Bảy 10/01/2026)",
            VPCP_12729_2025,
        ),
        (D(2026, 1, 10), WORK, "Làm bù cho ngày 02/01/2026", VPCP_12729_2025),
        (
            D(2026, 2, 16),
            OFF,
            "Nghỉ Tết Nguyên đán Bính Ngọ (29 tháng Chạp, giao thừa)",
            TB_9441_2025,
        ),
        (D(2026, 2, 17), OFF, "Nghỉ Tết Nguyên đán Bính Ngọ (mùng 1)", TB_9441_2025),
        (D(2026, 2, 18), OFF, "Nghỉ Tết Nguyên đán Bính Ngọ (mùng 2)", TB_9441_2025),
        (D(2026, 2, 19), OFF, "Nghỉ Tết Nguyên đán Bính Ngọ (mùng 3)", TB_9441_2025),
        (D(2026, 2, 20), OFF, "Nghỉ Tết Nguyên đán Bính Ngọ (mùng 4)", TB_9441_2025),
        (
            D(2026, 4, 27),
            OFF,
            "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/04/2026)",
            LAW_OBSERVED,
        ),
        (D(2026, 4, 30), OFF, "Ngày Chiến thắng (30/4)", LAW),
        (D(2026, 5, 1), OFF, "Ngày Quốc tế Lao động (1/5)", LAW),
        (D(2026, 8, 22), WORK, "Làm bù cho ngày 31/08/2026", TB_9441_2025),
        (
            D(2026, 8, 31),
            OFF,
            "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)",
            TB_9441_2025,
        ),
        (D(2026, 9, 1), OFF, "Nghỉ Quốc khánh (ngày liền kề trước 2/9)", TB_9441_2025),
        (D(2026, 9, 2), OFF, "Quốc khánh (2/9)", LAW),
        (D(2026, 11, 24), OFF, "Ngày Văn hóa Việt Nam", NQ_28_2026),
    ]
)

SHIPPED_YEARS: frozenset[int] = frozenset(day.date.year for day in OFFICIAL_DAYS)


def official_calendar_sync(model) -> tuple[int, int, int]:
    """Bring the table to the shipped data (model: OfficialCalendarDay or its historical
    version): (added, changed, removed). Running it again changes nothing."""
    shipped = {day.date: day for day in OFFICIAL_DAYS}
    existing = {row.date: row for row in model.objects.all()}
    added = [
        model(date=d, is_working_day=day.is_working_day, note=day.note, source=day.source)
        for d, day in shipped.items()
        if d not in existing
    ]
    changed = []
    for d, row in existing.items():
        day = shipped.get(d)
        if day is None:
            continue
        if (row.is_working_day, row.note, row.source) != (day.is_working_day, day.note, day.source):
            row.is_working_day, row.note, row.source = day.is_working_day, day.note, day.source
            changed.append(row)
    stale = [d for d in existing if d not in shipped]
    model.objects.bulk_create(added, ignore_conflicts=True)
    if changed:
        model.objects.bulk_update(changed, ["is_working_day", "note", "source"])
    if stale:
        model.objects.filter(date__in=stale).delete()
    return len(added), len(changed), len(stale)
