"""Issue 13: a completed functional abilities form dated before the injury (or in the
future) is refused at read-back with the reason, and nothing changes. Issue 21: the form
carries the WSIB 2647A's content, pre-filled from the case, and is read back by the 2647A's
own field names."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from rtwbot.forms.pdf import OFF
from rtwbot.store.models import AuditEvent, FunctionalInfo
from tests.e2e.conftest import click
from tests.e2e.test_forms import (
    DIAGNOSIS,
    case_now,
    completed,
    count,
    everything_said,
    fa_sent_to,
    file_report,
    upload,
)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("dated", "why"), [
    ("2026-11-20", "before the injury on Tuesday, November 24, 2026"),
    ("2026-12-01", "in the future"),
])
def test_a_form_dated_before_the_injury_or_in_the_future_is_refused(pg, dated, why) -> None:
    case = file_report(pg)  # injured "yesterday": Tuesday, November 24, 2026
    stage = case_now(pg, case.id).stage
    with pg.bot.db.session() as s:
        audits = len(s.scalars(select(AuditEvent)).all())
    said = upload(pg, "erin", completed(fa_sent_to(pg, "erin"), assessment_date=dated))
    assert "I can't record this form" in said and why in said
    assert "fa_confirm" not in said
    assert count(pg, FunctionalInfo) == 0
    assert case_now(pg, case.id).stage == stage
    with pg.bot.db.session() as s:
        assert len(s.scalars(select(AuditEvent)).all()) == audits


def test_the_form_sent_carries_section_a_of_the_2647a_from_the_case(pg) -> None:
    file_report(pg)  # Erin: on Slack, on no roster; hired 2015-06-01 (the report)
    fields = {n: str(f.get("/V") or "") for n, f in
              (PdfReader(io.BytesIO(fa_sent_to(pg, "erin"))).get_fields() or {}).items()}
    assert (fields["worker_last_name"], fields["worker_first_name"]) == ("Employee", "Erin")
    assert fields["employer_name"] == "City of Lakeshore"
    assert fields["employer_phone"] == fields["employer_contact_phone"] == "905-555-0100"
    assert (fields["return_to"], fields["employer_contact_position"]) == ("Hana HR",
                                                                          "Human Resources")
    assert (fields["job_title"], fields["date_of_injury"]) == ("Gardener", "2026-11-24")
    # Left for the worker and the health professional; the billing section for the WSIB.
    for blank in ("claim_number", "worker_phone", "worker_signature", "rtw_discussion_date",
                  "assessment_date", "hp_name", "billing_number", "billing_address"):
        assert fields[blank] == "", blank
    assert fields["worker_authorized"] in ("", OFF) and fields["rtw_discussed_yes"] in ("", OFF)


def test_a_form_assessed_after_the_injury_is_read_back_by_the_2647a_names(pg) -> None:
    case = file_report(pg)
    said = upload(pg, "erin", completed(fa_sent_to(pg, "erin"), claim_number="30098765",
                                        billing_number="BILL-4455"))
    assert "*Date of assessment:* Wednesday, November 25, 2026" in said
    assert "*Recommended work hours:* graduated hours, from Thursday, November 26, 2026" in said
    assert "*Claim number:* 30098765" in said
    assert "*Have the worker and employer discussed return to work?:* yes" in said
    assert ("*Worker's authorization to release functional information (WSIA s.37):* signed "
            "on Wednesday, November 25, 2026") in said
    click(pg, "erin", "fa_confirm")
    with pg.bot.db.session() as s:
        [info] = s.scalars(select(FunctionalInfo)).all()
    assert info.case_id == case.id and info.abilities["worker_authorized"] is True
    assert info.abilities["rtw_discussed"] == "yes"
    assert "BILL-4455" not in repr(info.abilities) + repr(info.comments)
    assert "BILL-4455" not in everything_said(pg) and DIAGNOSIS not in everything_said(pg)


def test_an_unticked_authorization_is_read_back_and_recorded_as_not_given(pg) -> None:
    file_report(pg)
    said = upload(pg, "erin", completed(fa_sent_to(pg, "erin"), worker_authorized=False))
    assert "(WSIA s.37):* not given (the box is not ticked)" in said
    click(pg, "erin", "fa_confirm")
    with pg.bot.db.session() as s:
        [info] = s.scalars(select(FunctionalInfo)).all()
    assert info.abilities["worker_authorized"] is False
