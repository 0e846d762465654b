"""A leader approves an answer after reading the letter as it will print, confirms before
a number is taken, or returns it with a comment the department is told."""

import pytest

from dialogues import services
from dialogues.models import Opinion
from portal.models import DocumentNumber, Notification
from tests.dialogues.test_session_access import _pdf_text


@pytest.fixture
def drafted(office, officer):
    opinion = services.opinion_create(
        source=Opinion.Source.FEEDBACK,
        content="Đề nghị niêm yết lịch tiếp nhận hồ sơ chứng thực",
        citizen_name="Nguyễn Văn An",
    )
    services.opinion_classify(
        opinion=opinion,
        actor=office,
        classification="procedure",
        department=officer.department,
        officer=officer,
    )
    return services.opinion_draft_answer(
        opinion=opinion, actor=officer, answer="Phường niêm yết lịch tại Bộ phận Một cửa."
    )


def test_the_leader_previews_the_draft_letter_and_confirms_before_the_number(
    client, leader, officer, drafted
):
    client.force_login(leader)
    body = client.get(f"/dialogues/opinions/{drafted.pk}/").content.decode()
    assert f'href="/dialogues/opinions/{drafted.pk}/answer.pdf"' in body
    assert "data-confirm=" in body[body.index('id="approve-answer"') :]
    preview = client.get(f"/dialogues/opinions/{drafted.pk}/answer.pdf")
    assert preview.status_code == 200
    text = _pdf_text(b"".join(preview.streaming_content) if preview.streaming else preview.content)
    assert "Phường niêm yết lịch tại Bộ phận Một cửa." in text
    assert "Số: /UBND-VP" in text  # no number yet (the DỰ THẢO mark runs down the page)
    assert DocumentNumber.objects.count() == 0  # the preview takes no number
    client.force_login(officer)
    assert client.get(f"/dialogues/opinions/{drafted.pk}/answer.pdf").status_code == 403


def test_returning_needs_a_comment_and_tells_the_officer(client, leader, officer, drafted):
    client.force_login(leader)
    url = f"/dialogues/opinions/{drafted.pk}/return/"
    response = client.post(url, {"comment": "  "})
    assert response.status_code == 200
    assert 'name="comment"' in response.content.decode()
    assert Opinion.objects.get(pk=drafted.pk).status == Opinion.Status.DRAFTED

    response = client.post(url, {"comment": "Ghi rõ giờ tiếp nhận buổi sáng thứ Bảy."})
    assert response.status_code == 302
    opinion = Opinion.objects.get(pk=drafted.pk)
    assert opinion.status == Opinion.Status.ASSIGNED
    assert opinion.answer == "Phường niêm yết lịch tại Bộ phận Một cửa."  # kept to revise
    note = Notification.objects.get(recipient=officer)
    assert "Ghi rõ giờ tiếp nhận buổi sáng thứ Bảy." in note.message
    assert note.url == f"/dialogues/opinions/{drafted.pk}/"
    # Only a leader returns an answer.
    client.force_login(officer)
    assert client.post(url, {"comment": "x"}).status_code == 403
