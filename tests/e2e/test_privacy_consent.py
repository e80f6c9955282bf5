"""Issue 12: privacy by construction and consent first, through the sandbox with the real bot.

A full case where the health professional writes a diagnosis in every free-text box of the
functional abilities PDF and the supervisor puts it in the description: it reaches no
message, block, view, Home tab, file name or uploaded file text outside the author's own DM,
HR's review and the employer's report. And the union: nothing before the employee's yes,
nothing after a no (for every union role), everything its role allows after a yes.
"""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from rtwbot.forms import FormRegistry
from rtwbot.forms.docx import document_text
from rtwbot.forms.pdf import OFF, fill_pdf, read_field_values
from rtwbot.forms.samples import SAMPLE_ABILITIES
from rtwbot.slack.listeners.imwt import flow_for
from rtwbot.store.imwt_models import ImwtThread, TemporaryPlan
from rtwbot.store.models import Case, FunctionalInfo
from rtwbot.workflow.hr_review import REVIEW_MARK
from tests.e2e.conftest import click, dm_texts, say, text_of
from tests.e2e.test_forms import fa_sent_to, upload
from tests.e2e.test_imwt import modal_of, plan_values, press, submit
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e

SECRET = "ZZDIAG osteosarcoma"
FA = FormRegistry.load().get("functional-abilities")


def file_case(pg, description: str = f"Fell from a step; {SECRET}") -> tuple[Case, str]:
    """Sam files a report for Erin; returns the case and what Sam was told on the way."""
    answers = work_injury_answers(pg.users["erin"])
    at = answers.index("Slipped on a wet floor carrying soil bags")  # what happened
    answers[at] = description
    told = answer_all(pg, "sam", answers[:at + 1])
    for text in answers[at + 1:]:
        say(pg, "sam", text)
    click(pg, "sam", "intake_confirm")
    with pg.bot.db.session() as s:
        return s.scalars(select(Case).order_by(Case.id.desc())).first(), told


def every_box(form: bytes, text: str = SECRET) -> bytes:
    """The form as a health professional who writes `text` in every free-text box (all but
    the case reference the bot filled in) returns it."""
    values = {}
    for name, spec in FA.fields.items():
        if spec.type in ("text", "date") and name != "case_reference":
            values[name] = text
    for name, answer in SAMPLE_ABILITIES.items():
        if FA.fields[name].type == "checkbox":
            values[name] = FA.fields[name].on_state if answer else OFF
    return fill_pdf(form, values)


def thread_channel(pg, case_id: int) -> tuple[str, str]:
    with pg.bot.db.session() as s:
        row = s.scalar(select(ImwtThread).where(ImwtThread.case_id == case_id))
        return row.channel, row.ts


def parent_message(pg, case_id: int) -> dict:
    channel, ts = thread_channel(pg, case_id)
    [message] = [m for m in pg.sandbox.messages(channel) if m["ts"] == ts]
    return message


def thread_text(pg, case_id: int) -> str:
    channel, ts = thread_channel(pg, case_id)
    return "\n".join(text_of(m) for m in pg.sandbox.messages(channel, thread_ts=ts))


def respected(pg, who: str) -> dict:
    """Every restriction box of the open plan modal ticked: the proposer's confirmation."""
    ticks = {}
    for block in modal_of(pg, who)["blocks"]:
        if block.get("block_id", "").startswith("respects"):
            ticks[block["block_id"]] = [o["value"] for o in block["element"]["options"]]
    return ticks


def propose(pg, who: str, case_id: int, **changes) -> dict:
    press(pg, who, "imwt_propose", message=parent_message(pg, case_id))
    return submit(pg, who, {**plan_values(**changes), **respected(pg, who)})


def home_text(pg, who: str) -> str:
    assert pg.sandbox.open_home(pg.users[who]).status == 200
    pg.settle()
    return json.dumps(pg.sandbox.home(pg.users[who]))


def receive_functional_info(pg, form: bytes | None = None) -> None:
    """Erin sends the completed form back and confirms it."""
    content = form if form is not None else every_box(fa_sent_to(pg, "erin"))
    read_back = upload(pg, "erin", content, "completed.pdf")
    assert "Please check it" in read_back, read_back
    click(pg, "erin", "fa_confirm")


# --- where the free text may be -------------------------------------------------------------
def _allowed(pg, channel: str, text: str) -> bool:
    """The author's own DM (Sam typed the description), HR's review."""
    sam = (pg.sandbox.dm_channel(pg.users["sam"]), pg.users["sam"])
    hana = (pg.sandbox.dm_channel(pg.users["hana"]), pg.users["hana"])
    return channel in sam or (channel in hana and REVIEW_MARK in text)


def _file_text(name: str, content: bytes) -> str:
    if name.endswith(".docx"):
        return document_text(content)
    if name.endswith(".pdf"):
        reader = PdfReader(io.BytesIO(content))
        return json.dumps(read_field_values(reader), default=str) + "\n".join(
            page.extract_text() or "" for page in reader.pages)
    return content.decode("utf-8", "replace")


def leaks(pg, secret: str) -> list[str]:
    """Where `secret` is, outside the author's DM, HR's review and the employer's report."""
    found = []
    for m in pg.sandbox.messages():
        if secret in json.dumps(m) and not _allowed(pg, m["channel"], text_of(m)):
            found.append(f"message in {m['channel']}: {text_of(m)[:120]}")
    for who, uid in pg.users.items():
        for e in pg.sandbox.ephemerals(uid):
            if secret in json.dumps(e):
                found.append(f"ephemeral to {who}")
        for v in pg.sandbox.views(uid):
            if secret in json.dumps(v):
                found.append(f"modal of {who}")
        if secret in json.dumps(pg.sandbox.home(uid)):
            found.append(f"home of {who}")
    for call in pg.sandbox.calls():
        args = json.dumps(call.args, default=str)
        if secret in args and not _allowed(pg, str(call.args.get("channel")), args) \
                and not call.method.startswith("files."):
            found.append(f"call {call.method}")
    for f in pg.sandbox.files():
        if secret in f["name"]:
            found.append(f"file name {f['name']}")
        if f["user"] != pg.sandbox.bot_user_id:
            continue  # what a person uploaded (Erin's completed form) is theirs
        if "employer-report" in f["name"] or "eform7-worksheet" in f["name"]:
            continue  # the Form 7 exception: what happened is on the employer's report
            # (and on HR's worksheet for keying it into the WSIB's eForm 7)
        if secret in _file_text(f["name"], pg.sandbox.file_content(f["id"])):
            found.append(f"file text {f['name']}")
    return found


# --- the acceptance case --------------------------------------------------------------------
def test_free_text_reaches_only_its_author_hr_and_the_employers_report(pg) -> None:
    case, told = file_case(pg)
    # The supervisor is told, kindly, and may rephrase; what they keep stays.
    assert "may include medical detail" in told and "change what happened" in told
    assert SECRET in case.answers["description"]

    # Consent first: asked in the employee's first DMs after filing.
    assert any("authorize the union" in t for t in dm_texts(pg, "erin"))
    click(pg, "erin", "imwt_union_yes")

    receive_functional_info(pg)
    with pg.bot.db.session() as s:
        info = s.scalar(select(FunctionalInfo))
        assert SECRET not in json.dumps(info.abilities)  # typed text is not a restriction
        assert SECRET in json.dumps(info.comments)

    # HR's review: the structured lines beside everything typed, the clinical word marked.
    review = "\n".join(t for t in dm_texts(pg, "hana") if REVIEW_MARK in t)
    assert "Lifting floor to waist: up to 5 kg" in review
    assert "ZZDIAG *:warning: osteosarcoma*" in review
    assert "May affect safety-sensitive work: yes" in review
    # Until HR decides, the team sees the structured lines only.
    shown = text_of(parent_message(pg, case.id))
    assert "Lifting floor to waist: up to 5 kg" in shown
    assert "May affect safety-sensitive work: yes" in shown and "drowsiness" not in shown
    # A wording that reads as clinical is refused; a functional one is shown to the team.
    press(pg, "hana", "hr_wording")
    errors = submit_wording(pg, "No lifting at all; sciatica flare")
    assert "reads as clinical" in errors["wording"]
    errors = submit_wording(pg, "No lifting above the waist with the left arm")
    assert errors == {}
    assert "No lifting above the waist with the left arm" in text_of(
        parent_message(pg, case.id))

    # The plan, its document, status and Home for everyone.
    press(pg, "sam", "imwt_propose", message=parent_message(pg, case.id))
    assert "No lifting above the waist" in json.dumps(modal_of(pg, "sam"))
    assert submit(pg, "sam", {**plan_values(), **respected(pg, "sam")}) == {}
    press(pg, "uma", "imwt_approve")
    click(pg, "erin", "imwt_plan_agree")
    for who in ("erin", "sam", "hana", "uma", "sid", "olga"):
        say(pg, who, "status")
        home_text(pg, who)
    with pg.bot.db.session() as s:
        assert s.scalar(select(TemporaryPlan.id)) is not None

    # Checked over everything the sandbox recorded.
    assert "Potting seedlings" in thread_text(pg, case.id)  # the check sees the thread
    assert leaks(pg, SECRET.split()[0]) == []
    assert leaks(pg, "osteosarcoma") == []


def submit_wording(pg, text: str) -> dict:
    view = modal_of(pg, "hana")
    delivery = pg.sandbox.submit_view(pg.users["hana"], view, {"wording.value": text})
    assert delivery.status == 200, delivery
    pg.settle()
    still = [v for v in pg.sandbox.views(pg.users["hana"]) if v["id"] == view["id"]]
    return still[0]["errors"] if still else {}


# --- consent first --------------------------------------------------------------------------
RESTRICTION = "Lifting floor to waist: up to 5 kg"


def union_sees(pg, who: str, case_id: int) -> str:
    """What `who` sees of the case: their status, their Home, and the thread if they are in
    its channel."""
    channel, _ = thread_channel(pg, case_id)
    seen = [say(pg, who, "status"), home_text(pg, who)]
    if pg.users[who] in pg.sandbox.channel(channel)["members"]:
        seen.append(thread_text(pg, case_id))
    return "\n".join(seen)


def case_with_functional_info(pg) -> Case:
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    receive_functional_info(pg, every_box(fa_sent_to(pg, "erin"), "light duties"))
    return case


def test_before_the_employee_answers_the_union_sees_that_a_case_exists_and_its_stage(pg):
    case = case_with_functional_info(pg)
    for who in ("uma", "sid"):
        seen = union_sees(pg, who, case.id)
        assert case.reference in seen  # that a case exists in their unit, and its stage
        assert "Functional information received" in seen
        assert RESTRICTION not in seen and "Erin" not in seen
    # The team's own channel holds the team, not the union yet; the team sees the lines.
    assert RESTRICTION in text_of(parent_message(pg, case.id))
    channel, _ = thread_channel(pg, case.id)
    assert pg.users["uma"] not in pg.sandbox.channel(channel)["members"]


def test_after_a_no_neither_union_role_sees_or_acts_and_hr_is_told(pg):
    case = case_with_functional_info(pg)
    click(pg, "erin", "imwt_union_no")
    assert any("declined union representation" in t and "HR's review" in t
               for t in dm_texts(pg, "hana"))
    assert propose(pg, "sam", case.id) == {}
    for who in ("uma", "sid"):
        seen = union_sees(pg, who, case.id)
        assert RESTRICTION not in seen and "Potting seedlings" not in seen
        assert case.reference not in seen  # a refusal: nothing at all
        # Acting is refused too, even with a crafted button press.
        result = flow_for(pg.bot).union_approve(case.reference, None, pg.users[who])
        assert result.refusal is not None
    # HR reviews in the union's place, recorded on the plan.
    press(pg, "hana", "imwt_approve")
    with pg.bot.db.session() as s:
        plan = s.scalar(select(TemporaryPlan))
        assert plan.union_waived and plan.union_approved_by == pg.users["hana"]


def test_after_a_yes_both_union_roles_see_and_can_act(pg):
    case = case_with_functional_info(pg)
    click(pg, "erin", "imwt_union_yes")
    for who in ("uma", "sid"):
        assert RESTRICTION in union_sees(pg, who, case.id)
    assert propose(pg, "sam", case.id) == {}
    press(pg, "sid", "imwt_approve")
    with pg.bot.db.session() as s:
        assert s.scalar(select(TemporaryPlan.union_approved_by)) == pg.users["sid"]


def test_the_employee_changes_their_answer_with_a_command(pg):
    case = case_with_functional_info(pg)
    click(pg, "erin", "imwt_union_yes")
    assert pg.sandbox.command(pg.users["erin"], "/rtw", "union").status == 200
    pg.settle()
    assert "change your answer" in dm_texts(pg, "erin")[-1]
    click(pg, "erin", "imwt_union_talk")
    assert any("would like to talk with you" in t for t in dm_texts(pg, "hana"))
    channel, _ = thread_channel(pg, case.id)
    assert pg.users["uma"] not in pg.sandbox.channel(channel)["members"]
    assert RESTRICTION not in union_sees(pg, "uma", case.id)


# --- a case's team, and no one else ---------------------------------------------------------
def test_two_cases_in_one_division_get_two_private_channels_and_closing_archives(pg):
    from tests.e2e.test_imwt import functional_info_arrives, seed_case

    # Two crews of Parks and Recreation, each with its own supervisor (Sam, the division's
    # representative, is on both teams by right).
    first = seed_case(pg, supervisor="olga")
    second = seed_case(pg, employee="ray", supervisor="tess")
    functional_info_arrives(pg, first)
    functional_info_arrives(pg, second, employee="ray")
    one, two = thread_channel(pg, first)[0], thread_channel(pg, second)[0]
    assert one != two
    for channel, ref in ((one, "rtw-2026-0001"), (two, "rtw-2026-0002")):
        info = pg.sandbox.channel(channel)
        assert info["is_private"] and info["name"] == ref  # named by reference only
        assert info["pins"]  # the parent message, pinned
    assert pg.users["olga"] in pg.sandbox.channel(one)["members"]
    assert pg.users["olga"] not in pg.sandbox.channel(two)["members"]
    assert pg.users["tess"] in pg.sandbox.channel(two)["members"]
    assert pg.users["tess"] not in pg.sandbox.channel(one)["members"]
    # Closing archives the case's channel.
    press(pg, "hana", "imwt_close", message=parent_message(pg, first))
    assert submit(pg, "hana", {"reason": "resigned"}) == {}
    assert pg.sandbox.channel(one)["is_archived"]
    assert not pg.sandbox.channel(two)["is_archived"]


def test_directory_check_warns_about_shared_channels(tmp_path) -> None:
    import yaml
    from click.testing import CliRunner

    from rtwbot.directory_check import directory
    from rtwbot.sandbox import Sandbox

    def run(per_case: bool) -> str:
        with Sandbox(signing_secret="unused", bot_token="xoxb-directory-check") as sb:
            hana = sb.add_user("hana", real_name="Hana HR", email="hana@check.example")
            sb.add_channel("rtw-imwt", private=True, members=[hana], bot_member=True)
            sb.add_channel("rtw-hr", private=True, members=[hana], bot_member=True)
            path = tmp_path / "directory.yaml"
            path.write_text(yaml.safe_dump({
                "channels": {"imwt": "rtw-imwt", "hr": "rtw-hr", "per_case": per_case},
                "hr": [hana],
                "divisions": [{"name": "Parks"}, {"name": "Roads"}],
            }))
            env = {"SLACK_BOT_TOKEN": sb.bot_token, "RTWBOT_SLACK_API_URL": sb.api_url,
                   "RTWBOT_DIRECTORY": str(path)}
            return CliRunner().invoke(directory, ["check"], env=env).output

    shared = run(per_case=False)
    assert "#rtw-imwt is shared by the cases of Parks, Roads" in shared
    assert "is shared" not in run(per_case=True)


def test_a_clinical_description_in_the_report_modal_gets_the_kind_note_and_stays_put(pg):
    from tests.e2e.test_intake_modal import modal_values, open_modal
    view = open_modal(pg, "command")
    delivery = pg.sandbox.submit_view(pg.users["sam"], view, modal_values(
        pg, **{"description.v": f"Fell; {SECRET}"}))
    pg.settle()
    assert delivery.status == 200
    assert any("may include medical detail" in t for t in dm_texts(pg, "sam"))
    assert leaks(pg, "osteosarcoma") == []
