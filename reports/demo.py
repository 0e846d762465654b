"""Demo reports: the third quarter of this year drafted, with its narrative written and the
chairman as signer, so the office has something to check and submit, and the chairman
something to read, print and approve. It stays a draft: loading the demo again leaves a
report that has moved on through the workflow alone. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from portal.models import Organization
from reports.models import Report
from reports.services import period_bounds, report_create

ASSESSMENT = (
    "Công tác cải cách hành chính của phường tiếp tục được quan tâm chỉ đạo; việc đối thoại "
    "với Nhân dân tại các tổ dân phố được duy trì, các ý kiến, kiến nghị thuộc thẩm quyền "
    "được giao bộ phận chuyên môn trả lời bằng văn bản.\n"
    "Bộ phận Một cửa tiếp nhận, giải quyết hồ sơ đúng quy trình; mọi hồ sơ trễ hạn đều có "
    "văn bản xin lỗi và hẹn lại ngày trả kết quả."
)
SHORTCOMINGS = (
    "Một số tổ dân phố chưa tổ chức đối thoại trong quý; còn hồ sơ phải bổ sung quá một lần "
    "và hồ sơ trễ hạn ở lĩnh vực đất đai. Tỷ lệ hài lòng chưa đạt chỉ tiêu 99%."
)
NEXT_TASKS = (
    "Tổ chức đối thoại tại các tổ dân phố chưa được đối thoại trong quý; rà soát quy trình "
    "giải quyết thủ tục lĩnh vực đất đai để không còn hồ sơ trễ hạn; hướng dẫn đầy đủ thành "
    "phần hồ sơ ngay từ lần tiếp nhận đầu tiên."
)
RECOMMENDATIONS = (
    "Đề nghị UBND Thành phố tiếp tục tập huấn nghiệp vụ cho công chức Bộ phận Một cửa về "
    "các thủ tục hành chính mới ban hành năm 2026."
)


def seed_reports_demo() -> Report:
    start, end = period_bounds(Report.Kind.QUARTER, timezone.localdate().year, 3)
    report, _created = report_create(start=start, end=end)
    if report.status == Report.Status.DRAFT:
        org = Organization.objects.order_by("pk").first()
        report.assessment = ASSESSMENT
        report.shortcomings = SHORTCOMINGS
        report.next_tasks = NEXT_TASKS
        report.recommendations = RECOMMENDATIONS
        report.signer = org.chairman if org else None
        report.save()
    return report
