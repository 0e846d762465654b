"""The statistics page: an on-time % per row, and every number opens the dossier list
filtered on the same period, unit and column, which lists exactly that many dossiers."""

import html
import re

import time_machine

from onestop import services
from tests.onestop.conftest import at

CASE_LINK = re.compile(r'href="/onestop/(\d{6}-[A-Z0-9]{6})/"')


def _links(body: str) -> list[tuple[str, int]]:
    table = body[body.index("stats-table") :]
    table = table[: table.index("</table>")]
    return [
        (html.unescape(url), int(n))
        for url, n in re.findall(r'<a href="(/onestop/\?[^"]+)">(\d+)</a>', table)
    ]


def test_every_number_opens_a_list_of_that_many_dossiers(
    client, receive, procedure, desk, officer, leader
):
    early = receive(procedure, when=at(2026, 3, 2, 9))
    late = receive(procedure, when=at(2026, 3, 2, 10))
    for case, day in ((early, 3), (late, 9)):
        services.case_forward(case=case, actor=desk)
        with time_machine.travel(at(2026, 3, day, 10), tick=False):
            services.case_approve(case=case, actor=officer, result="x")
    receive(procedure, when=at(2026, 3, 6, 9))  # still being processed
    services.case_withdraw(case=receive(procedure, when=at(2026, 3, 6, 10)), actor=desk, reason="x")

    client.force_login(leader)
    with time_machine.travel(at(2026, 3, 31, 9), tick=False):
        body = client.get("/onestop/stats/?date_from=01/03/2026&date_to=31/03/2026")
        body = body.content.decode()
        assert "50%" in body  # 1 early of 2 decided
        links = _links(body)
        assert {n for _url, n in links} >= {4, 1}
        for url, n in links:
            assert "received_from=01%2F03%2F2026" in url, url
            listed = set(CASE_LINK.findall(client.get(url).content.decode()))
            assert len(listed) == n, (url, n, listed)
    assert ("/onestop/stats.xlsx?date_from=01%2F03%2F2026&amp;date_to=31%2F03%2F2026") in body
