"""Issue 19: free text one person types and others read passes the clinical check first —
HR's wording, a plan's duties, a change request, HR's vacancy list — refused kindly with
what to write instead; and a job title that reads as clinical never reaches the case
channel's header or the union's status, however it came in."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import dm_texts, say, text_of
from tests.e2e.test_imwt import (
    functional_info_arrives,
    modal_of,
    parent,
    plan_values,
    press,
    seed_case,
    submit,
    thread_text,
)
from tests.e2e.test_privacy_consent import respected

pytestmark = pytest.mark.e2e


def test_a_clinical_job_title_never_reaches_the_channel_header_or_the_unions_status(pg):
    case_id = seed_case(pg, job="Lead hand ZZDIAG osteosarcoma")  # as if from an old record
    functional_info_arrives(pg, case_id, consent="yes")
    header = text_of(parent(pg, case_id))
    assert "osteosarcoma" not in header and "Erin" in header
    for who in ("uma", "hana", "sam"):
        seen = say(pg, who, "status")
        assert "osteosarcoma" not in seen and "not shown: it may include medical detail" in seen
    assert "osteosarcoma" not in thread_text(pg, case_id)


def test_hrs_wording_the_plan_and_a_change_request_are_refused_when_clinical(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent="yes")
    press(pg, "hana", "hr_wording")
    for wording, word in (("No ladders while suicidal", "suicidal"),
                          ("History of self-harm: no sharp tools", "self-harm"),
                          ("Light duties until he is off methadone", "methadone")):
        errors = submit(pg, "hana", {"wording": wording})
        assert word in errors["wording"] and "can or cannot do at work" in errors["wording"]
    assert submit(pg, "hana", {"wording": "No work at heights"}) == {}
    assert "No work at heights" in text_of(parent(pg, case_id))

    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    errors = submit(pg, "sam", plan_values(duties="Seated work for his broken leg"))
    assert "broken leg" in errors["duties"]
    assert modal_of(pg, "sam")  # still open, what was typed kept
    assert submit(pg, "sam", {**plan_values(), **respected(pg, "sam")}) == {}

    press(pg, "uma", "imwt_changes")
    errors = submit(pg, "uma", {"note": "Wait until the panic attacks settle"})
    assert "panic attacks" in errors["note"]
    assert submit(pg, "uma", {"note": "Start with mornings only"}) == {}
    text = thread_text(pg, case_id)
    for word in ("suicidal", "self-harm", "methadone", "broken leg", "panic"):
        assert word not in text


def test_hrs_vacancy_list_is_not_sent_when_it_reads_as_clinical(pg) -> None:
    before = len(dm_texts(pg, "uma"))
    assert pg.sandbox.command(pg.users["hana"], "/rtw",
                              "vacancies Clerk, Parks (26-114) - suits someone with PTSD"
                              ).status == 200
    pg.settle()
    assert "PTSD" in dm_texts(pg, "hana")[-1] and "haven't sent it" in dm_texts(pg, "hana")[-1]
    assert len(dm_texts(pg, "uma")) == before
