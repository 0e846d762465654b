"""Property-based tests: generated hostile text and numbers against every public and staff
form, the importers' cell reader and every list's GET filters. Nothing answers 5xx, a
rejected submission saves nothing, and whatever is saved is clean text (no XML-illegal
character, NFC). `HYPOTHESIS_EXAMPLES` (default 25) sets the examples per target."""

import datetime as dt
import io
import os
import unicodedata

import openpyxl
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogues.models import Opinion
from onestop.models import Case
from portal.imports import ImportFileError, cell_text, read_first_sheet
from portal.models import DocumentNumber
from portal.text import ILLEGAL_XML_CHARS
from surveys.models import Ballot, Question

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "25"))
run = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "\x00",
    "\x0b",
    "\x1f",
    "\ufffe",
    "\uffff",
    "\u202e",
    "=cmd|'/C calc'!A0",
    "<script>",
    "'",
    '"',
]
# Any text, surrogates excluded (they cannot travel in a UTF-8 request), mixed with the
# characters that broke pages and exports before, and digits of other scripts.
hostile_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.lists(st.sampled_from(NASTY + ["²", "٣", "１", "9" * 30, "-1", "0", "Hòa"]), max_size=8).map(
        "".join
    ),
    st.text(max_size=5000),
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["²", "٣", "１２", "1e9", "NaN", "", " ", "0", "9999999999999999999999"]),
    hostile_text,
)
hostile_date = st.one_of(
    st.sampled_from(
        ["31/12/9999", "01/01/0001", "9999-12-31", "0000-00-00", "32/13/2026", "²/²/²"]
    ),
    st.dates().map(lambda d: f"{d:%d/%m/%Y}"),
    hostile_text,
)


def _clean(value: str) -> bool:
    return not ILLEGAL_XML_CHARS.search(value) and unicodedata.is_normalized("NFC", value)


def _no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def _rejected(response) -> bool:
    body = response.content.decode(errors="replace")
    return response.status_code == 200 and ("is-invalid" in body or "alert-danger" in body)


@pytest.fixture
def no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


# --- public forms ----------------------------------------------------------------------


@run
@given(content=hostile_text, name=hostile_text, phone=hostile_number, email=hostile_text)
def test_the_feedback_form_survives_any_input(
    client, ward, no_rate_limit, content, name, phone, email
):
    before = Opinion.objects.count()
    response = client.post(
        "/gop-y/",
        {"content": content, "citizen_name": name, "citizen_phone": phone, "citizen_email": email},
    )
    _no_server_error(response, "/gop-y/")
    if _rejected(response):
        assert Opinion.objects.count() == before
    for opinion in Opinion.objects.all():
        assert _clean(opinion.content) and _clean(opinion.citizen_name)


@run
@given(code=hostile_text, digits=hostile_number)
def test_the_look_up_survives_any_input(client, ward, no_rate_limit, code, digits):
    response = client.post("/tra-cuu/", {"receipt_code": code, "phone_last4": digits})
    _no_server_error(response, "/tra-cuu/")
    assert response.status_code == 200


@pytest.fixture
def open_round(office):
    from surveys.services import survey_create

    today = timezone.localdate()
    return survey_create(
        title="Khảo sát", opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30), actor=office,
    )  # fmt: skip


@run
@given(data=st.data())
def test_the_public_survey_survives_any_answers(client, open_round, no_rate_limit, data):
    client.cookies.clear()  # a new phone each time
    values = {
        f"q{q.pk}": data.draw(hostile_number if q.kind == Question.Kind.SCALE else hostile_text)
        for q in open_round.questions.all()
    }
    values["field"] = data.draw(hostile_number)
    before = Ballot.objects.count()
    response = client.post(f"/ks/{open_round.code}/", values)
    _no_server_error(response, "/ks/")
    if response.status_code != 302:
        assert Ballot.objects.count() == before
    for text in open_round.ballots.values_list("answers__text", flat=True):
        assert text is None or _clean(text)


# --- staff forms -----------------------------------------------------------------------


@run
@given(name=hostile_text, id_number=hostile_number, phone=hostile_number, address=hostile_text,
       paper=hostile_text, count=hostile_number)  # fmt: skip
def test_receiving_a_dossier_survives_any_input(
    client,
    desk,
    procedure,
    name,
    id_number,
    phone,
    address,
    paper,
    count,  # noqa: F811
):
    client.force_login(desk)
    before = Case.objects.count()
    response = client.post("/onestop/receive/", {
        "procedure": procedure.pk, "applicant_name": name, "applicant_id_number": id_number,
        "applicant_phone": phone, "applicant_address": address, "channel": "in_person",
        "papers-TOTAL_FORMS": "1", "papers-INITIAL_FORMS": "0", "papers-MIN_NUM_FORMS": "0",
        "papers-MAX_NUM_FORMS": "30", "papers-0-name": paper, "papers-0-count": count,
        "papers-0-kind": "original",
    })  # fmt: skip
    _no_server_error(response, "/onestop/receive/")
    if response.status_code != 302:
        assert Case.objects.count() == before
    for case in Case.objects.all():
        assert _clean(case.applicant_name) and _clean(case.applicant_address)


@run
@given(content=hostile_text, name=hostile_text, phone=hostile_number, source=hostile_text)
def test_recording_an_opinion_survives_any_input(client, office, content, name, phone, source):
    client.force_login(office)
    before = Opinion.objects.count()
    response = client.post("/dialogues/opinions/new/", {
        "source": source if source else "floor", "content": content, "citizen_name": name,
        "citizen_phone": phone,
    })  # fmt: skip
    _no_server_error(response, "/dialogues/opinions/new/")
    if response.status_code != 302:
        assert Opinion.objects.count() == before


@run
@given(data=st.data())
def test_paper_ballot_entry_survives_any_input(client, office, open_round, data):
    client.force_login(office)
    values = {f"q{q.pk}": data.draw(hostile_number) for q in open_round.questions.all()}
    values.update(serial=data.draw(hostile_text), organisation=data.draw(hostile_number))
    before = Ballot.objects.count()
    response = client.post(f"/surveys/{open_round.pk}/paper/", values)
    _no_server_error(response, "paper entry")
    if response.status_code != 302:
        assert Ballot.objects.count() == before
    for serial in Ballot.objects.values_list("serial", flat=True):
        assert _clean(serial)


@run
@given(subject=hostile_text, issued_on=hostile_date, doc_type=hostile_number)
def test_issuing_a_registry_number_survives_any_input(client, office, subject, issued_on, doc_type):
    client.force_login(office)
    before = DocumentNumber.objects.count()
    response = client.post(
        "/documents/registry/", {"doc_type": doc_type, "subject": subject, "issued_on": issued_on}
    )
    _no_server_error(response, "registry")
    if response.status_code != 302:
        assert DocumentNumber.objects.count() == before


# --- the importers' cell reader --------------------------------------------------------


@run
@given(value=st.one_of(hostile_text, st.integers(), st.floats(allow_nan=True), st.none()))
def test_the_cell_reader_gives_clean_text_for_any_cell(value):
    text = cell_text(value)
    assert isinstance(text, str) and _clean(text)


@run
@given(
    rows=st.lists(
        st.lists(hostile_text.map(lambda t: ILLEGAL_XML_CHARS.sub("", t)), max_size=4), max_size=6
    )
)
def test_a_workbook_of_any_text_is_read_or_refused_with_a_message(rows):
    book = openpyxl.Workbook()
    for row in [["Mã", "Tên"], *rows]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    try:
        header, read = read_first_sheet(data, width=4, max_rows=100)
    except ImportFileError as error:
        assert str(error)
    else:
        assert all(_clean(cell_text(v)) for _, values in read for v in values)


# --- every list's GET filters ----------------------------------------------------------

LISTS = {
    "/onestop/": ["q", "status", "department", "field", "deadline", "received_from", "received_to", "page"],
    "/onestop/stats/": ["date_from", "date_to"],
    "/onestop/procedures/": ["q", "field", "page"],
    "/onestop/apology/": ["q", "status", "page"],
    "/dialogues/": ["q", "year", "status", "page"],
    "/dialogues/opinions/": ["q", "status", "classification", "department", "session", "field",
                             "overdue", "received_from", "received_to", "year", "page"],
    "/dialogues/coverage/": ["year"],
    "/surveys/": ["q", "page"],
    "/reports/": ["q", "year", "kind", "status", "page"],
    "/documents/registry/": ["q", "year", "doc_type", "page"],
    "/calendar/": ["year", "start", "days"],
    "/audit/": ["user", "kind", "date_from", "date_to", "page"],
}  # fmt: skip


@run
@given(data=st.data())
def test_every_list_filter_survives_any_value(client, leader, office, data):
    user = data.draw(st.sampled_from([leader, office]))
    client.force_login(user)
    for path, keys in LISTS.items():
        params = {key: data.draw(st.one_of(hostile_number, hostile_date)) for key in keys}
        response = client.get(path, params)
        _no_server_error(response, f"{path} {params!r}")
