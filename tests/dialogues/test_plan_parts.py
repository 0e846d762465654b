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
        "purposes": "Mục đích mới được gõ",
        "signer_authority": "TM",
    }
    response = client.post(f"/dialogues/plans/{plan.pk}/edit/", data)
    body = response.content.decode()
    assert response.status_code == 200 and "Mục đích mới được gõ" in body
    plan.refresh_from_db()
    assert plan.title == "Tổ chức đối thoại về thủ tục hành chính năm 2025"
