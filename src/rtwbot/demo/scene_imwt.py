"""The team thread: Erin authorizes the union, the functional abilities arrive, the case's
own private channel opens, Sam proposes a temporary plan (each restriction confirmed), Uma
approves it for the union, Erin agrees, and the plan document is posted."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from rtwbot.demo.runner import Scene, Stage
from rtwbot.store.cases import case_by_reference
from rtwbot.store.imwt_models import ImwtThread
from rtwbot.store.models import Case, FunctionalInfo
from rtwbot.workflow.outbox import Say

# What a health professional might send back for a gardener with a back strain: abilities
# and restrictions only.
DEMO_ABILITIES = {
    "return_status": "with_restrictions",
    "restrictions": ["Lifting floor to waist: up to 5 kg", "Bending / twisting: limited",
                     "Standing: 15-30 min"],
    "expected_duration": "14+ days",
}


def _case(stage: Stage) -> Case:
    with stage.pg.bot.db.session() as s:
        ref = stage.facts.get("reference")
        case = case_by_reference(s, ref) if ref else s.scalars(
            select(Case).order_by(Case.id.desc())).first()
        if case is None:
            raise RuntimeError("no case to work on: the report scene files one")
        stage.facts["reference"] = case.reference
        return case


def _thread_ts(stage: Stage, case_id: int) -> str | None:
    with stage.pg.bot.db.session() as s:
        return s.scalar(select(ImwtThread.ts).where(ImwtThread.case_id == case_id))


def _thread_channel(stage: Stage, case_id: int) -> str | None:
    with stage.pg.bot.db.session() as s:
        return s.scalar(select(ImwtThread.channel).where(ImwtThread.case_id == case_id))


def consent(stage: Stage) -> None:
    """Erin answers the question of her first DM: the union may represent her."""
    pg, case = stage.pg, _case(stage)
    with pg.bot.db.session() as s:
        answered = s.scalar(select(ImwtThread.union_authorized).where(
            ImwtThread.case_id == case.id))
    if answered != "yes":
        stage.click("erin", "imwt_union_yes", value=case.reference)


def functional_info(stage: Stage) -> None:
    pg, case = stage.pg, _case(stage)
    with pg.bot.db.session() as s:
        recorded = s.scalar(select(FunctionalInfo.id).where(FunctionalInfo.case_id == case.id))
        if recorded is None:
            # The forms scene did not record it: record it here, as the read-back would.
            today = pg.bot.calendar.local_date(pg.clock.now())
            s.add(FunctionalInfo(
                case_id=case.id, received_at=pg.clock.now(), recorded_by=pg.users["hana"],
                source="modal", comments={},
                abilities={**DEMO_ABILITIES,
                           "next_assessment": (today + timedelta(days=21)).isoformat()}))
            s.get_one(Case, case.id).stage = "functional_info_received"
    if _thread_ts(stage, case.id) is None and recorded is None:
        pg.bot.deliver([Say(text=f"Functional abilities for *{case.reference}* are recorded.",
                            to_user=pg.users["hana"],
                            events=(("functional_info_recorded", case.id),))])
        pg.settle()
    if _thread_ts(stage, case.id) is None:
        # HR can always open it by hand.
        pg.sandbox.command(pg.users["hana"], "/rtw", f"team {case.reference}")
        pg.settle()
    if _thread_ts(stage, case.id) is None:
        raise RuntimeError("the team thread did not open")


def propose(stage: Stage) -> None:
    pg, case = stage.pg, _case(stage)
    ts = _thread_ts(stage, case.id)
    stage.click("sam", "imwt_propose",
                message={"channel": _thread_channel(stage, case.id), "ts": ts})
    today = pg.bot.calendar.local_date(pg.clock.now())
    start = pg.bot.calendar.next_business_day(today + timedelta(days=1))
    view = pg.sandbox.views(pg.users["sam"])[-1]
    respects = {f"{b['block_id']}.value": [o["value"] for o in b["element"]["options"]]
                for b in view["blocks"] if b.get("block_id", "").startswith("respects")}
    # Sam keeps the end the modal prefills: the health professional's estimated end.
    [end] = [date.fromisoformat(b["element"]["initial_date"]) for b in view["blocks"]
             if b.get("block_id") == "end"]
    pg.sandbox.submit_view(pg.users["sam"], view, {
        **respects,
        "kinds.value": ["tasks", "schedule"],
        "essential.value": "Planting and pruning\nOperating the ride-on mower",
        "option.value": "own_job_modified",
        "duties.value": "Potting seedlings at a waist-high bench\nWatering with a hose reel\n"
                        "Greeting visitors at the conservatory",
        "hours.value": "4 hours a day in week 1, 6 in week 2, then full days",
        "start.value": start,
        "end.value": end,
        "reviews.value": "",
    })
    pg.settle()


def approve(stage: Stage) -> None:
    pg, case = stage.pg, _case(stage)
    stage.click("uma", "imwt_approve")
    stage.click("erin", "imwt_plan_agree")
    imwt = _thread_channel(stage, case.id)
    for f in pg.sandbox.files():
        shared_in = (f.get("groups") or []) + (f.get("channels") or [])
        if f["name"].endswith("-modified-work-plan.docx") and imwt in shared_in:
            (stage.out_dir / f["name"]).write_bytes(pg.sandbox.file_content(f["id"]))


def propose_after_the_thread_opened(stage: Stage) -> None:
    functional_info(stage)  # the forms scene opened the thread; this only makes sure
    propose(stage)


SCENES = [
    Scene("Erin authorizes the union to represent her", consent),
    Scene("Sam proposes a temporary modified work plan in the thread",
          propose_after_the_thread_opened),
    Scene("Uma approves it for the union, Erin agrees; the plan document is posted", approve),
]
