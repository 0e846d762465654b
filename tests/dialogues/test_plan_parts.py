"""The plan editor edits one part at a time: an outline of the parts, each list a table
whose rows are moved with ↑/↓ (no order number to type) and saved on its own."""

import re

from dialogues.models import PlanTopic


def _post_topics(client, plan, rows, **extra):
    data = {
        "part": "topics",
        "topics-TOTAL_FORMS": str(len(rows)),
        "topics-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        **extra,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"topics-{i}-{key}"] = value
        data.setdefault(f"topics-{i}-plan", str(plan.pk))
    return client.post(f"/dialogues/plans/{plan.pk}/edit/", data)


def test_the_editor_opens_on_the_general_part_with_an_outline(client, office, plan):
    client.force_login(office)
    body = client.get(f"/dialogues/plans/{plan.pk}/edit/").content.decode()
    for part in ("general", "topics", "groups", "programme", "responsibilities"):
        assert f'href="?part={part}"' in body
    assert 'name="title"' in body and "topics-TOTAL_FORMS" not in body
    body = client.get(f"/dialogues/plans/{plan.pk}/edit/?part=topics").content.decode()
    assert "topics-TOTAL_FORMS" in body and 'name="title"' not in body
    assert re.search(r'<input type="hidden" name="topics-0-order"', body)  # no number box


def test_a_list_saves_alone_and_rows_move_up_and_down(client, office, plan):
    client.force_login(office)
    first = plan.topics.get()
    response = _post_topics(
        client,
        plan,
        [
            {"id": str(first.pk), "order": "1", "text": first.text},
            {"order": "", "text": "Tình hình giải quyết TTHC lĩnh vực Tư pháp"},
        ],
    )
    assert response.status_code == 302 and response["Location"].endswith("?part=topics")
    texts = list(plan.topics.order_by("order").values_list("text", "order"))
    assert texts == [(first.text, 1), ("Tình hình giải quyết TTHC lĩnh vực Tư pháp", 2)]

    second = plan.topics.get(order=2)
    rows = [
        {"id": str(first.pk), "order": "1", "text": first.text},
        {"id": str(second.pk), "order": "2", "text": second.text},
    ]
    _post_topics(client, plan, rows, move="1:up")
    assert list(plan.topics.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]

    rows = [
        {"id": str(second.pk), "order": "1", "text": second.text},
        {"id": str(first.pk), "order": "2", "text": first.text, "DELETE": "on"},
    ]
    _post_topics(client, plan, rows)
    assert list(PlanTopic.objects.filter(plan=plan).values_list("pk", "order")) == [(second.pk, 1)]
    # The plan's other parts were not touched.
    plan.refresh_from_db()
    assert plan.programme.count() == 1 and plan.participant_groups.count() == 1


def test_an_error_keeps_what_was_typed(client, office, plan):
    client.force_login(office)
    data = {
        "part": "general",
        "year": "2025",
        "kind": "yearly",
        "title": "",
        "introduction": "Mục đích mới được gõ",
        "signer_authority": "TM",
    }
    response = client.post(f"/dialogues/plans/{plan.pk}/edit/", data)
    body = response.content.decode()
    assert response.status_code == 200 and "Mục đích mới được gõ" in body
    plan.refresh_from_db()
    assert plan.title == "Tổ chức đối thoại về thủ tục hành chính năm 2025"


def test_a_line_list_is_a_table_of_its_own(client, office, plan):
    client.force_login(office)
    url = f"/dialogues/plans/{plan.pk}/edit/"
    body = client.get(url, {"part": "purposes"}).content.decode()
    assert 'value="Nắm bắt tâm tư, nguyện vọng của nhân dân năm 2025"' in body
    assert 'name="title"' not in body  # the general part no longer carries the lists

    lines = ["Nắm bắt tâm tư, nguyện vọng của nhân dân năm 2025", "Khảo sát sự hài lòng"]
    client.post(url, {"part": "purposes", "line": [*lines, "Công khai kết quả"]})
    plan.refresh_from_db()
    assert plan.purposes.splitlines() == [*lines, "Công khai kết quả"]

    client.post(
        url, {"part": "purposes", "line": [*lines, "Công khai kết quả", ""], "move": "2:up"}
    )
    plan.refresh_from_db()
    assert plan.purposes.splitlines() == [lines[0], "Công khai kết quả", lines[1]]

    client.post(
        url, {"part": "purposes", "line": plan.purposes.splitlines() + [""], "delete": ["0"]}
    )
    plan.refresh_from_db()
    assert plan.purposes.splitlines() == ["Công khai kết quả", lines[1]]
    # Saving the general part leaves the lists as they are.
    client.post(
        url,
        {"part": "general", "year": "2025", "kind": "yearly", "title": plan.title,
         "signer_authority": "TM", "signer": plan.signer_id},
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.purposes.splitlines() == ["Công khai kết quả", lines[1]]
    assert plan.recipients == "UBND thành phố\nLưu: VT."
