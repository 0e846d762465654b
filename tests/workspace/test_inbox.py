"""Việc chờ tôi: each role's trays, their counts in the menu, on the dashboard first, a
constant number of queries; and the ground (portal/) imports no domain app."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues import services as dialogue_services
from dialogues.models import Opinion
from onestop import services
from onestop.models import ApologyLetter, Case
from tests.dialogues.conftest import plan  # noqa: F401 - fixture
from tests.onestop.conftest import at, other_procedure  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[2]


def _trays(response) -> dict[str, int]:
    return {t.key: t.count for t in response.context["trays"]}


@pytest.fixture
def desk_work(receive, procedure, desk, officer):
    waiting = receive(procedure, applicant_name="Trần Thị Hoa")
    decided = receive(procedure, applicant_name="Lê Văn Bình")
    services.case_forward(case=decided, actor=desk)
    services.case_approve(case=decided, actor=officer, result="Giấy xác nhận")
    processing = receive(procedure, applicant_name="Phạm Minh Đức")
    services.case_forward(case=processing, actor=desk)
    return {"waiting": waiting, "decided": decided, "processing": processing}


def test_the_desk_sees_what_to_forward_and_return(client, desk, desk_work):
    client.force_login(desk)
    response = client.get("/viec-cho-toi/")
    assert response.status_code == 200
    assert _trays(response) == {"to_forward": 1, "to_return": 1, "letters_to_deliver": 0}
    body = response.content.decode()
    assert f'href="/onestop/{desk_work["waiting"].receipt_code}/"' in body
    assert "Trần Thị Hoa" in body and "Hồ sơ cần chuyển" in body
    # The menu says how much waits, on every page (its badge fetches the count).
    page = client.get("/onestop/").content.decode()
    assert 'data-inbox-count="/viec-cho-toi/count.json"' in page
    assert client.get("/viec-cho-toi/count.json").json() == {"count": 2}


def test_a_department_sees_only_its_own_dossiers(
    client,
    officer,
    desk_work,
    receive,
    other_procedure,  # noqa: F811
    desk,
):
    other = receive(other_procedure)
    services.case_forward(case=other, actor=desk)
    client.force_login(officer)
    trays = _trays(client.get("/viec-cho-toi/"))
    assert trays["to_process"] == 1
    assert trays["opinions_to_answer"] == 0 and trays["letters_need_reason"] == 0


def test_leaders_and_the_office_see_what_they_must_decide(
    client,
    leader,
    office,
    plan,  # noqa: F811
    department,
    desk_work,
):
    opinion = dialogue_services.opinion_create(
        source=Opinion.Source.FEEDBACK, content="Đề nghị thêm ghế chờ"
    )
    client.force_login(office)
    office_trays = _trays(client.get("/viec-cho-toi/"))
    assert office_trays["opinions_to_classify"] == 1
    dialogue_services.opinion_classify(
        opinion=opinion, actor=office, classification="procedure", department=department
    )
    dialogue_services.opinion_draft_answer(opinion=opinion, actor=office, answer="Phường bố trí.")
    letter = ApologyLetter.objects.create(
        case=desk_work["processing"],
        round=1,
        missed_due_date=dt.date(2026, 3, 5),
        department=department,
        reason="Chờ xác minh",
        created_at=at(2026, 3, 6, 8),
    )
    client.force_login(leader)
    response = client.get("/viec-cho-toi/")
    trays = _trays(response)
    assert trays["answers_to_approve"] == 1 and trays["letters_to_sign"] == 1
    assert trays["plans_to_approve"] == 0 and trays["reports_to_approve"] == 0
    assert f'href="/onestop/apology/{letter.pk}/"' in response.content.decode()


def test_the_dashboard_opens_with_my_work(client, desk, desk_work):
    client.force_login(desk)
    body = client.get("/dashboard/").content.decode()
    assert 'data-tray="to_forward"' in body and 'data-tray="to_return"' in body
    # First after the greeting, before the desk's figures.
    assert body.index('id="my-work"') < body.index('aria-label="Bộ phận Một cửa"')


def test_the_inbox_queries_do_not_depend_on_the_data(client, desk, receive, procedure):
    client.force_login(desk)
    for _ in range(2):
        receive(procedure)
    client.get("/viec-cho-toi/")
    with CaptureQueriesContext(connection) as few:
        client.get("/viec-cho-toi/")
    for n in range(12):
        receive(procedure, when=at(2026, 3, 3, 8, n))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/viec-cho-toi/")
    assert _trays(response)["to_forward"] == 14
    assert len(many) == len(few)
    assert Case.objects.count() == 14


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
    return names


def test_the_ground_imports_no_domain_app():
    """portal/ is what the apps stand on; only the project's URLconf wires them in."""
    apps = {"onestop", "dialogues", "surveys", "reports", "workspace"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & apps)
        for path in (ROOT / "portal").rglob("*.py")
        if path.name != "urls.py" and "migrations" not in path.parts
    }
    assert {k: v for k, v in offenders.items() if v} == {}
