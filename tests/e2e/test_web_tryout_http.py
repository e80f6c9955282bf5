"""The web try-out's server without a browser: what a form post does and what the page then
shows (the browser tests in tests/browser drive the same pages in Chromium)."""

from __future__ import annotations

import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator

import pytest

from rtwbot.tryout.actions import TryOut
from rtwbot.tryout.server import WebServer
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(pg) -> Iterator[str]:
    server = WebServer(TryOut(pg)).start()
    try:
        yield server.url.rstrip("/")
    finally:
        server.stop()


def post(site: str, **fields: str) -> str:
    fields.setdefault("as", "sam")
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(f"{site}/act", data) as response:  # follows the 303
        return response.read().decode()


def get(site: str, path: str) -> str:
    with urllib.request.urlopen(site + path) as response:
        return response.read().decode()


def test_the_server_listens_on_loopback_by_default(pg) -> None:
    server = WebServer(TryOut(pg))
    try:
        assert server.url.startswith("http://127.0.0.1:")
    finally:
        server.httpd.server_close()


def test_typing_a_message_shows_the_bots_answer_rendered(site) -> None:
    page = post(site, op="send", text="someone got hurt")
    assert "Who was hurt" in page
    assert "<select" in page and "Choose the employee" in page  # the person menu


def test_a_button_click_reaches_the_bot(site, pg) -> None:
    post(site, op="send", text="someone got hurt")
    page = post(site, op="send", text="@erin")  # the composer turns @erin into a mention
    assert "Which division" in page
    [question] = [m for m in pg.sandbox.dm_messages(pg.users["sam"]) if "division" in m["text"]]
    button = question["blocks"][1]["elements"][0]
    page = post(site, op="click", kind="button", action_id=button["action_id"],
                value=button["value"], channel=pg.sandbox.dm_channel(pg.users["sam"]),
                ts=question["ts"])
    assert "job title" in page


def test_a_slash_command_opens_a_modal_and_errors_show_on_their_field(site, pg) -> None:
    page = post(site, op="send", text="/rtw report")
    assert 'id="modal"' in page and "Report an injury" in page
    [view] = pg.sandbox.views(pg.users["sam"])
    values = {"i:employee.v": pg.users["erin"], "i:division.v": "Parks and Recreation",
              "i:job_title.v": "Gardener", "i:case_kind.v": "work_injury",
              "i:critical_injury.critical_now": "no",
              "i:occurred_at.v": "next tuesday", "i:learned_at.v": "same time",
              "i:location.v": "yard", "i:description.v": "slipped",
              "i:accident_type.v": "slip_trip", "i:body_parts.v": "left wrist", "i:health_care.v": "yes", "i:absent.v": "no",
              "i:lower_pay.v": "no", "i:modified_work.v": "regular_pay",
              "i:hours_per_week.v": "37.5"}
    page = post(site, op="submit", view=view["id"], **values)
    assert 'class="field-error"' in page
    assert 'id="modal"' in page
    page = post(site, op="submit", view=view["id"], **{**values, "i:occurred_at.v": "yesterday 3pm"})
    assert 'id="modal"' not in page
    assert "RTW-2026-0001" in page


def test_home_tab_switch_user_upload_and_download(site, pg) -> None:
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    pg.sandbox.click(pg.users["sam"], "intake_confirm")
    pg.settle()
    assert "RTW-2026-0001" in get(site, "/home?as=sam")
    erin = get(site, "/?as=erin")
    assert "Erin Employee — gardener" in erin
    [file_id] = [f["id"] for f in pg.sandbox.files()
                 if f["name"] == "RTW-2026-0001-functional-abilities.pdf"
                 and pg.sandbox.dm_channel(pg.users["erin"]) in f["ims"]]
    assert f"/file/{file_id}" in erin
    with urllib.request.urlopen(f"{site}/file/{file_id}") as response:
        assert response.read(5) == b"%PDF-"
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"op\"\r\n\r\nsend\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"as\"\r\n\r\nerin\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").encode() + \
        b"\xff\xd8\xff\xe0" + b"\0" * 64 + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{site}/act", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request) as response:
        page = response.read().decode()
    assert "photo.jpg" in page
    # A photo is no dead end: it is passed to HR, who keys in what the form says.
    assert "passed it to HR" in page


def test_what_slack_would_refuse_is_a_notice_not_a_crash(site) -> None:
    page = post(site, op="click", kind="button", action_id="no_such_button", value="x")
    assert 'id="notice"' in page
