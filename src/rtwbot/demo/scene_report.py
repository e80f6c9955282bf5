"""Sam reports Erin's injury in chat, with one wrong answer corrected and one `back`."""

from sqlalchemy import select

from rtwbot.demo.runner import Scene, Stage
from rtwbot.store.models import Case


def play(stage: Stage) -> None:
    erin = stage.pg.users["erin"]
    for text in [
        "someone got hurt at the north yard",  # where it happened is taken from this
        f"<@{erin}>",
        "parks",
        "gardner",  # a typo of a listed title: the bot asks "Did you mean Gardener?"
        "yes",
        "work-related injury",
        "no",  # nobody critically injured or killed (OHSA s.51)
        "tomorrow at 9",  # a wrong answer: in the future
        "yesterday 3pm",
        "same time",
        "Slipped on the wet greenhouse floor while carrying soil bags",
        "slip and fall",  # the type of accident (Form 7, C.4)
        "left wrist and lower back",
        "yes",
        "no",
        "no",
        "regular pay",
        "skip",
        "2015-06-01",  # employed since: re-employment (WSIA s.41) needs a year
        "skip",  # date of birth not at hand
        "37.5",
    ]:
        stage.as_user("sam", text)
    stage.click("sam", "intake_confirm")
    with stage.pg.bot.db.session() as s:
        case = s.scalars(select(Case).order_by(Case.id.desc())).first()
    if case is None:
        raise RuntimeError("the report was not filed")
    stage.facts["reference"] = case.reference


SCENES = [Scene("Sam reports an injury in a direct message", play)]
