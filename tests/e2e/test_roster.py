"""Issue 13: HR's roster answers what it knows at intake; a typo in a choice is asked
about, never kept; `rtwbot directory check` reads the roster too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.intake import INJURY_REPORT
from rtwbot.intake.question import question_by_key
from rtwbot.store.models import Case
from rtwbot.workflow.roster import import_roster
from tests.e2e.conftest import click, say

pytestmark = pytest.mark.e2e

ROSTER = (
    "employee_number,name,work_email,division,job_title,bargaining_unit,date_of_hire,"
    "date_of_birth,address,city,province,postal_code,phone,language,hours_per_week,schedule,"
    "hourly_rate,full_part_time,permanent_casual\n"
    "1042,Erin Employee,erin@lakeshore.example,Parks and Recreation,Arborist,CUPE Local 79,"
    "2019-04-01,1988-07-15,12 Elm Street,Lakeshore,ON,L1A 2B3,416-555-0142,English,36,"
    "Mon-Fri 07:00-14:12,31.25,full,permanent\n"
    "2001,Ray Roads,ray@lakeshore.example,Transportation Services,Road Operator,,"
    "2015-09-14,1979-02-02,3 Oak Road,Lakeshore,ON,L1A 9Z9,905-555-0199,French,40,"
    "Rotating days,29.80,full,permanent\n"
)
ROSTER_QUESTIONS = tuple(question_by_key(INJURY_REPORT, k).prompt
                         for k in ("division", "job_title", "hours_per_week",
                                   "hired_on", "born_on"))
# "no": w10b's critical-injury question after the case type; the hire date and date of
# birth (w10b) come from the roster, like division, job and hours.
REST = ["work-related injury", "no", "yesterday 3pm", "same time", "North yard greenhouse",
        "Slipped on a wet floor carrying soil bags", "slip", "left wrist", "yes", "no", "nope",
        "regular pay", "skip"]


def _import(pg) -> None:
    result = import_roster(pg.bot.db, pg.bot.directory, ROSTER, pg.bot.clock.now())
    assert result.ok, result.lines()


def _report(pg, who: str, first: str) -> str:
    said = [say(pg, who, "report an injury"), say(pg, who, first)]
    for text in REST:
        said.append(say(pg, who, text))
    return "\n".join(said)


@pytest.mark.parametrize("first", ["mention", "name", "number"])
def test_a_rostered_employee_is_not_asked_what_the_roster_knows(pg, first) -> None:
    _import(pg)
    typed = {"mention": f"<@{pg.users['erin']}>", "name": "Erin Employee",
             "number": "1042"}[first]
    conversation = _report(pg, "sam", typed)
    for question in ROSTER_QUESTIONS:
        assert question not in conversation, question
    assert "From HR's roster" in conversation
    assert "Arborist" in conversation and "CUPE Local 79" in conversation
    assert "36 hours a week" in conversation and "$31.25 an hour" in conversation
    assert "Please check it, then confirm" in conversation
    click(pg, "sam", "intake_confirm")
    with pg.bot.db.session() as s:
        [case] = s.scalars(select(Case)).all()
    assert case.employee_user_id == pg.users["erin"]
    assert case.employee_number == "1042"
    assert (case.division, case.job_title) == ("Parks and Recreation", "Arborist")
    assert case.answers["hours_per_week"] == 36
    assert case.answers["roster"]["hourly_rate"] == 31.25
    # Personal data stays in the roster: it is not copied into the case.
    assert "1988-07-15" not in str(case.answers) and "Elm Street" not in str(case.answers)


def test_someone_not_on_the_roster_is_asked_and_a_typo_gets_did_you_mean(pg) -> None:
    _import(pg)
    say(pg, "sam", "report an injury")
    asked = say(pg, "sam", "Pat Newhire, 7777")  # a number the roster does not hold
    assert "I can't find employee number 7777 on HR's roster" in asked
    asked = say(pg, "sam", "yes")  # kept, flagged for HR
    assert "Which division" in asked
    reply = say(pg, "sam", "prks")
    assert 'Did you mean "Parks and Recreation"' in reply
    assert "yes" not in reply.lower().split("did you mean")[0][-5:]
    reply = say(pg, "sam", "yes")  # "yes" takes what was meant
    assert ROSTER_QUESTIONS[1] in reply


def test_a_typo_of_a_listed_job_title_is_asked_about_and_an_unlisted_title_is_kept(pg) -> None:
    say(pg, "sam", "report an injury")
    say(pg, "sam", "Pat Newhire, 7777")
    say(pg, "sam", "Parks and Recreation")
    reply = say(pg, "sam", "gardner")
    assert 'Did you mean "Gardener"' in reply and ROSTER_QUESTIONS[1] in reply
    reply = say(pg, "sam", "yes")  # "yes" takes it
    assert ROSTER_QUESTIONS[1] not in reply and "work-related injury" in reply
    say(pg, "sam", "change job title")
    reply = say(pg, "sam", f"<@{pg.users['erin']}>")  # a person is never a job title
    assert "That's a person" in reply and ROSTER_QUESTIONS[1] in reply
    reply = say(pg, "sam", "Greenhouse technician")  # not on the list: kept, with a note
    assert '"Greenhouse technician" isn\'t on the list (Gardener, Arborist, Labourer)' in reply
    assert ROSTER_QUESTIONS[1] not in reply


def test_directory_check_includes_the_roster(pg, tmp_path) -> None:
    from click.testing import CliRunner

    from rtwbot.directory_check import directory

    bad = ROSTER + ("3100,Gone Person,gone@lakeshore.example,Parks and Recreation,Labourer,,"
                    ",,,,,,,,,,,,\n")
    assert import_roster(pg.bot.db, pg.bot.directory, bad, pg.bot.clock.now()).ok
    env = {"SLACK_BOT_TOKEN": pg.bot_token, "RTWBOT_SLACK_API_URL": pg.sandbox.api_url,
           "RTWBOT_DIRECTORY": pg.settings.directory,
           "RTWBOT_DATABASE_URL": pg.settings.database_url,
           "RTWBOT_ENCRYPTION_KEY": pg.encryption_key}
    result = CliRunner().invoke(directory, ["check"], env=env)
    out = result.output
    assert "Checked 3 roster employees." in out, out
    assert "gone@lakeshore.example (roster, employee 3100): not in Slack" in out
    assert "erin@lakeshore.example" not in out


def test_form7_for_a_rostered_employee_personal_data_for_hr_only(pg) -> None:
    import io

    from docx import Document
    from pypdf import PdfReader

    from rtwbot.store.models import Document as Doc

    _import(pg)
    _report(pg, "sam", f"<@{pg.users['erin']}>")
    click(pg, "sam", "intake_confirm")
    with pg.bot.db.session() as s:
        docs = list(s.scalars(select(Doc)))
    hana, sam = pg.users["hana"], pg.users["sam"]

    def report_for(user):
        [d] = [d for d in docs if d.template == "employer-report" and d.recipients == [user]]
        return PdfReader(io.BytesIO(pg.sandbox.file_content(d.slack_file_id))).get_fields()

    hr, sup = report_for(hana), report_for(sam)
    assert hr["date_of_birth"]["/V"] == "1988-07-15" and hr["worker_phone"]["/V"] == "416-555-0142"
    assert hr["regular_rate"]["/V"] == "$31.25 per hour"
    assert hr["rate_group"]["/V"] == "845"  # the employer's settings
    assert not sup["date_of_birth"].get("/V") and not sup["worker_address"].get("/V")
    assert sup["job_title"]["/V"] == "Arborist"
    [sheet] = [d for d in docs if d.template == "eform7-worksheet"]
    assert sheet.recipients == [hana]
    rows = Document(io.BytesIO(pg.sandbox.file_content(sheet.slack_file_id))).tables[0].rows
    values = {r.cells[1].text: r.cells[2].text for r in rows}
    assert values["Date of birth"] == "1988-07-15"
    assert values["Social insurance number"].startswith("HR adds it")
