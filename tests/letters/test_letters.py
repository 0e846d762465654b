"""Thank-you and apology letters of the committee: draft, sign, email, deliver."""

import datetime as dt
import io

import pdfplumber
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogues.models import Opinion
from letters import services
from letters.models import Letter
from letters.selectors import letters_counts
from portal.models import DocumentNumber, OutboxMessage
from portal.outbox import outbox_deliver_message, outbox_sweep
from surveys.models import Answer, Ballot, Question, Survey

D = dt.date


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


def draft(office, **kwargs):
    values = {
        "kind": Letter.Kind.THANKS,
        "addressee_kind": Letter.AddresseeKind.CITIZEN,
        "addressee_name": "Nguyễn Văn Hùng",
        "addressee_address": "Số 5 ngõ 12 phố Phú La",
        "body": "Ông/Bà đã tự nguyện hiến 50 m² đất để mở rộng ngõ 12.",
    }
    values.update(kwargs)
    return services.letter_draft(actor=office, **values)


@pytest.fixture
def opinion(ward):
    return Opinion.objects.create(
        source=Opinion.Source.FEEDBACK,
        content="Đề nghị lắp thêm đèn chiếu sáng ở ngõ 7.",
        citizen_name="Lê Thị Mai",
        citizen_address="Ngõ 7 phố Phú La",
        citizen_phone="0912345678",
        citizen_email="mai@example.com",
    )


@pytest.fixture
def free_answer(ward):
    survey = Survey.objects.create(
        title="Khảo sát 2026", code="ks26", opens_on=D(2026, 1, 1), closes_on=D(2026, 12, 31)
    )
    question = Question.objects.create(survey=survey, order=1, kind="text", text="Góp ý khác")
    ballot = Ballot.objects.create(survey=survey, channel="paper", serial="P-1")
    return Answer.objects.create(
        ballot=ballot, question=question, text="Cán bộ một cửa hướng dẫn rất tận tình."
    )


# --- Workflow ------------------------------------------------------------------------


def test_the_number_is_taken_at_signing_only(office, leader, django_capture_on_commit_callbacks):
    letter = draft(office)
    assert letter.status == Letter.Status.DRAFT and letter.number is None
    assert not DocumentNumber.objects.exists()
    with (
        time_machine.travel(dt.datetime(2026, 3, 9, 9, tzinfo=dt.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        letter = services.letter_sign(letter=letter, signer=leader)
    assert letter.status == Letter.Status.SIGNED and letter.signed_by == leader
    assert letter.number.symbol == "01/TCO-UBND"
    assert letter.number.issued_on == D(2026, 3, 9)
    assert letter.number.subject == "Thư cảm ơn Nguyễn Văn Hùng"
    assert letter.signer_authority == "TM"
    letter.refresh_from_db()
    assert letter.pdf  # the signed copy is stored
    with pytest.raises(ValidationError):
        services.letter_sign(letter=letter, signer=leader)  # once only
    assert DocumentNumber.objects.count() == 1


def test_each_kind_has_its_own_numbering(office, leader):
    services.letter_sign(letter=draft(office), signer=leader)
    apology = services.letter_sign(
        letter=draft(office, kind=Letter.Kind.APOLOGY, body="Chậm trả lời kiến nghị."),
        signer=leader,
    )
    second = services.letter_sign(letter=draft(office), signer=leader)
    assert apology.number.symbol.startswith("01/TXL-")
    assert second.number.symbol.startswith("02/TCO-")


def test_signed_letter_is_emailed_once_with_the_pdf(
    office, leader, django_capture_on_commit_callbacks
):
    letter = draft(office, addressee_email="hung@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_sign(letter=letter, signer=leader)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hung@example.com"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    assert "THƯ CẢM ƠN" in pdf_text(mail.outbox[0].attachments[0][1])
    letter.refresh_from_db()
    assert letter.emailed_at is not None
    message = OutboxMessage.objects.get(topic=services.EMAIL_TOPIC, object_id=letter.pk)
    assert message.sent_at is not None
    assert outbox_deliver_message(message_id=message.pk, token="another") is False
    assert outbox_sweep() == 0
    assert len(mail.outbox) == 1


def test_no_email_no_outbox_row(office, leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_sign(letter=draft(office), signer=leader)
    assert not OutboxMessage.objects.exists() and mail.outbox == []


def test_a_refused_signature_leaves_no_number_nor_email(office, desk, leader):
    letter = draft(office, addressee_email="hung@example.com")
    with pytest.raises(ValidationError):
        services.letter_sign(letter=letter, signer=office)
    assert not DocumentNumber.objects.exists() and not OutboxMessage.objects.exists()


def test_delivery_by_hand_or_post_with_its_date(office, leader):
    letter = draft(office)
    with pytest.raises(ValidationError):
        services.letter_deliver(letter=letter, actor=office, delivery="hand")  # not signed
    with time_machine.travel(dt.datetime(2026, 3, 9, 3, tzinfo=dt.UTC)):
        services.letter_sign(letter=letter, signer=leader)
    with time_machine.travel(dt.datetime(2026, 3, 12, 3, tzinfo=dt.UTC)):
        with pytest.raises(ValidationError):  # before it was signed
            services.letter_deliver(
                letter=letter, actor=office, delivery="post", delivered_on=D(2026, 3, 8)
            )
        letter = services.letter_deliver(
            letter=letter, actor=office, delivery="post", delivered_on=D(2026, 3, 10)
        )
    assert letter.status == Letter.Status.DELIVERED
    assert (letter.delivery, letter.delivered_on, letter.delivered_by) == (
        "post",
        D(2026, 3, 10),
        office,
    )
    with pytest.raises(ValidationError):
        services.letter_deliver(letter=letter, actor=office, delivery="hand")


def test_only_a_draft_can_be_deleted(office, leader):
    letter = draft(office)
    services.letter_sign(letter=letter, signer=leader)
    with pytest.raises(ValidationError):
        services.letter_delete(letter=letter, actor=office)
    other = draft(office)
    services.letter_delete(letter=other, actor=office)
    assert list(Letter.objects.all()) == [letter]


def test_a_thank_you_letter_has_no_remedy_and_a_signed_one_does_not_change(office, leader):
    letter = draft(office, remedy="không áp dụng")
    assert letter.remedy == ""
    services.letter_sign(letter=letter, signer=leader)
    with pytest.raises(ValidationError):
        services.letter_update(
            letter=letter, actor=office, kind="thanks", addressee_kind="citizen",
            addressee_name="X", body="Y",
        )  # fmt: skip


def test_letters_counts_in_the_period(office, leader):
    with time_machine.travel(dt.datetime(2026, 3, 31, 3, tzinfo=dt.UTC)):
        services.letter_sign(letter=draft(office), signer=leader)
        services.letter_sign(
            letter=draft(office, kind="apology", body="Chậm giải quyết."), signer=leader
        )
    with time_machine.travel(dt.datetime(2026, 4, 1, 3, tzinfo=dt.UTC)):
        services.letter_sign(letter=draft(office), signer=leader)
    draft(office)  # a draft is not sent
    assert letters_counts(D(2026, 1, 1), D(2026, 3, 31)) == {
        "thanks": 1,
        "apologies": 1,
        "total": 2,
    }
    assert letters_counts(D(2026, 4, 1), D(2026, 6, 30))["thanks"] == 1


# --- Printed letter -----------------------------------------------------------------


def test_thank_you_pdf_has_title_addressee_body_and_signer(office, leader, ward):
    from letters.documents import render_letter

    letter = draft(office)
    text = pdf_text(render_letter(letter))
    # A draft: the number and the day left blank, no one's name under the signature.
    assert "Số: /TCO-UBND" in text and "ngày tháng năm" in text and "Phan Cao Đăng" not in text
    letter = services.letter_sign(letter=letter, signer=leader)
    text = pdf_text(render_letter(letter))
    assert "THƯ CẢM ƠN" in text
    assert "Kính gửi: Ông/Bà Nguyễn Văn Hùng" in text
    assert "Số 5 ngõ 12 phố Phú La" in text
    assert "tự nguyện hiến 50 m² đất" in text
    assert "UBND phường Phú La trân trọng cảm ơn" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "Phan Cao Đăng" in text
    assert f"Số: {letter.number.symbol}" in text
    assert "Nơi nhận:" in text and "Lưu: VT." in text


def test_apology_pdf_for_an_organisation_signed_by_a_vice_chairman(office, ward):
    from letters.documents import render_letter

    vice = ward.vice_chairmen.get()
    letter = draft(
        office,
        kind=Letter.Kind.APOLOGY,
        addressee_kind=Letter.AddresseeKind.BUSINESS,
        addressee_name="Công ty TNHH Minh Phát",
        addressee_address="",
        body="Việc cấp phép sửa chữa nhà xưởng bị chậm 10 ngày.",
        remedy="Đã kiểm điểm công chức phụ trách và rút ngắn quy trình thẩm định.",
    )
    letter = services.letter_sign(letter=letter, signer=vice)
    text = pdf_text(render_letter(letter))
    assert "THƯ XIN LỖI" in text
    assert "Kính gửi: Công ty TNHH Minh Phát" in text and "Ông/Bà" not in text
    assert "xin lỗi Quý doanh nghiệp" in text
    assert "bị chậm 10 ngày" in text and "rút ngắn quy trình thẩm định" in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Nguyễn Thị Minh Hiếu" in text


def test_the_wording_follows_the_ward_profile(office, leader, ward):
    from letters.documents import render_letter

    ward.kind = "xa"
    ward.name = "UBND xã Phú La"
    ward.save()
    letter = services.letter_sign(letter=draft(office), signer=leader)
    text = pdf_text(render_letter(letter))
    assert "UBND xã Phú La trân trọng cảm ơn" in text and "xã Phú La ngày càng" in text
    assert "phường" not in text  # the header prints the profile's agency name as it is


# --- Pages and permissions ------------------------------------------------------------


def test_new_letter_from_an_opinion_is_prefilled_and_linked(client, office, opinion):
    client.force_login(office)
    url = reverse("letters:new") + f"?opinion={opinion.pk}"
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["addressee_name"] == "Lê Thị Mai"
    assert form.initial["addressee_email"] == "mai@example.com"
    assert form.initial["addressee_phone"] == "0912345678"
    assert form.initial["body"] == opinion.content
    response = client.post(
        url,
        {
            "kind": "thanks",
            "addressee_kind": "citizen",
            "addressee_name": "Lê Thị Mai",
            "addressee_address": "Ngõ 7 phố Phú La",
            "addressee_email": "mai@example.com",
            "addressee_phone": "0912 345 678",
            "body": "Bà đã có kiến nghị thiết thực về chiếu sáng ngõ 7.",
        },
    )
    letter = Letter.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "letters:detail", args=[letter.pk]
    )
    assert letter.opinion == opinion and letter.created_by == office
    assert letter.addressee_phone == "0912345678"
    page = client.get(reverse("letters:detail", args=[letter.pk]))
    assert reverse("dialogues:opinion_detail", args=[opinion.pk]) in page.content.decode()


def test_new_letter_from_a_written_survey_answer_takes_its_text(client, office, free_answer):
    client.force_login(office)
    response = client.get(reverse("letters:new") + f"?answer={free_answer.pk}")
    assert response.context["form"].initial["body"] == free_answer.text
    assert response.context["form"].initial.get("addressee_name") in (None, "")
    response = client.post(
        reverse("letters:new") + f"?answer={free_answer.pk}",
        {
            "kind": "thanks",
            "addressee_kind": "organisation",
            "addressee_name": "Hội Phụ nữ phường",
            "body": free_answer.text,
        },
    )
    assert Letter.objects.get().survey_answer == free_answer


def test_an_unknown_origin_is_not_found(client, office):
    client.force_login(office)
    assert client.get(reverse("letters:new") + "?opinion=999").status_code == 404
    assert client.get(reverse("letters:new") + "?answer=999").status_code == 404


@pytest.mark.parametrize("who", ["leader", "desk", "officer", "organisation_user"])
def test_only_the_office_drafts(client, request, who, office):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("letters:new")).status_code == 403
    response = client.post(
        reverse("letters:new"),
        {"kind": "thanks", "addressee_kind": "citizen", "addressee_name": "A", "body": "B"},
    )
    assert response.status_code == 403 and not Letter.objects.exists()
    with pytest.raises(ValidationError):
        draft(user)


@pytest.mark.parametrize("who", ["desk", "officer", "organisation_user"])
def test_other_roles_see_no_letter(client, request, who, office):
    letter = draft(office)
    client.force_login(request.getfixturevalue(who))
    for name in ("letters:list",):
        assert client.get(reverse(name)).status_code == 403
    for name in ("letters:detail", "letters:pdf", "letters:edit"):
        assert client.get(reverse(name, args=[letter.pk])).status_code == 403
    for name in ("letters:sign", "letters:deliver", "letters:delete"):
        assert client.post(reverse(name, args=[letter.pk])).status_code == 403
    letter.refresh_from_db()
    assert letter.is_draft and letter.number is None


def test_anonymous_is_sent_to_log_in(client, office):
    letter = draft(office)
    for url in (reverse("letters:list"), reverse("letters:detail", args=[letter.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    response = client.post(reverse("letters:sign", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.is_draft


def test_only_leaders_sign_through_the_page(client, office, leader):
    letter = draft(office)
    client.force_login(office)
    assert client.post(reverse("letters:sign", args=[letter.pk])).status_code == 403
    letter.refresh_from_db()
    assert letter.is_draft
    client.force_login(leader)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert reverse("letters:sign", args=[letter.pk]) in page and "data-confirm" in page
    assert client.post(reverse("letters:sign", args=[letter.pk])).status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SIGNED and letter.number is not None
    # A leader neither edits, delivers nor deletes.
    assert client.get(reverse("letters:edit", args=[letter.pk])).status_code == 403
    assert client.post(reverse("letters:deliver", args=[letter.pk])).status_code == 403


def test_the_office_delivers_and_deletes_drafts_through_the_pages(client, office, leader):
    letter = draft(office)
    client.force_login(office)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert reverse("letters:delete", args=[letter.pk]) in page
    assert reverse("letters:sign", args=[letter.pk]) not in page
    services.letter_sign(letter=letter, signer=leader)
    response = client.post(
        reverse("letters:deliver", args=[letter.pk]),
        {"delivery": "hand", "delivered_on": dt.date.today().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DELIVERED and letter.delivery == "hand"
    # Delete refused once signed; a draft goes.
    client.post(reverse("letters:delete", args=[letter.pk]))
    assert Letter.objects.filter(pk=letter.pk).exists()
    other = draft(office)
    response = client.post(reverse("letters:delete", args=[other.pk]))
    assert response.status_code == 302 and not Letter.objects.filter(pk=other.pk).exists()
    assert client.get(reverse("letters:delete", args=[letter.pk])).status_code == 405


def test_pdf_page_previews_a_draft_and_serves_the_signed_copy(
    client, office, leader, django_capture_on_commit_callbacks
):
    letter = draft(office)
    client.force_login(leader)
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "Số: /TCO-UBND" in pdf_text(response.content)  # a draft: no number yet
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.letter_sign(letter=letter, signer=leader)
    letter.refresh_from_db()
    assert letter.pdf  # served from the stored signed copy
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    text = pdf_text(response.content)
    assert "THƯ CẢM ƠN" in text and f"Số: {letter.number.symbol}" in text


def test_list_search_without_accents_and_filters(client, office, leader):
    hung = draft(office)
    draft(office, addressee_name="Công ty Cổ phần Sông Đà", addressee_kind="business")
    apology = draft(office, kind="apology", addressee_name="Trần Văn Hải", body="Chậm trả lời.")
    services.letter_sign(letter=hung, signer=leader)
    client.force_login(office)

    def listed(**params):
        return {x.pk for x in client.get(reverse("letters:list"), params).context["page"]}

    assert listed(q="nguyen van hung") == {hung.pk}
    assert listed(q="song da") == {Letter.objects.get(addressee_kind="business").pk}
    assert listed(kind="apology") == {apology.pk}
    assert listed(status="signed") == {hung.pk}
    assert listed(year=str(dt.date.today().year)) == set(
        Letter.objects.values_list("pk", flat=True)
    )
    assert listed(year="2001") == set()
    assert client.get(reverse("letters:list"), {"year": "abc", "kind": "x"}).status_code == 200


def test_list_queries_do_not_grow_with_the_rows(client, office, leader):
    client.force_login(office)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("letters:list")).status_code == 200
        return len(ctx)

    for _ in range(2):
        services.letter_sign(letter=draft(office), signer=leader)
    few = count_queries()
    for _ in range(10):
        services.letter_sign(letter=draft(office), signer=leader)
    assert count_queries() == few


def test_the_office_edits_a_draft_through_its_page(client, office, leader):
    letter = draft(office)
    client.force_login(office)
    url = reverse("letters:edit", args=[letter.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "apology",
            "addressee_kind": "citizen",
            "addressee_name": "Nguyễn Văn Hùng",
            "body": "Công chức tiếp dân chưa niềm nở.",
            "remedy": "Đã nhắc nhở, kiểm điểm công chức.",
            "addressee_phone": "123",  # not a phone: refused, nothing saved
        },
    )
    assert response.status_code == 200 and "addressee_phone" in response.context["form"].errors
    letter.refresh_from_db()
    assert letter.kind == "thanks"
    response = client.post(
        url,
        {
            "kind": "apology",
            "addressee_kind": "citizen",
            "addressee_name": "Nguyễn Văn Hùng",
            "body": "Công chức tiếp dân chưa niềm nở.",
            "remedy": "Đã nhắc nhở, kiểm điểm công chức.",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.kind == "apology" and letter.remedy.startswith("Đã nhắc nhở")
    services.letter_sign(letter=letter, signer=leader)
    assert client.get(url).status_code == 403


def test_an_opinion_brought_by_an_organisation_is_addressed_to_it(client, office, ward):
    from tests.factories import MassOrganizationFactory

    organisation = MassOrganizationFactory(name="Hội Cựu chiến binh phường")
    opinion = Opinion.objects.create(
        source=Opinion.Source.ORGANISATION, organisation=organisation, content="Góp ý về vệ sinh."
    )
    client.force_login(office)
    initial = client.get(reverse("letters:new") + f"?opinion={opinion.pk}").context["form"].initial
    assert initial["addressee_kind"] == "organisation"
    assert initial["addressee_name"] == "Hội Cựu chiến binh phường"
