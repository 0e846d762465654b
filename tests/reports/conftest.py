# The one-stop fixtures (a procedure, receiving a dossier) are shared with these tests.
from tests.onestop.conftest import at, procedure, receive  # noqa: F401


def approved(report, *, office, leader):
    """The report submitted by the office and approved by a leader: ready to issue."""
    from reports.services import report_approve, report_submit

    report = report_submit(report=report, actor=office)
    return report_approve(report=report, actor=leader)
