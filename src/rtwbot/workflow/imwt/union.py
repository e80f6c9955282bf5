"""Union representation: the employee is asked once, when the thread opens, whether the
union may represent them; their answer decides who reviews the plans (HR, when declined)."""

from __future__ import annotations

from datetime import datetime

from rtwbot.store.imwt_models import UNION_NO, UNION_NOT_ASKED, UNION_YES
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.acting import Act, Result, refused
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.outbox import Button, Say


def ask_union_authorization(team: CaseTeam, now: datetime) -> Say | None:
    """Ask the employee once whether the union may represent them."""
    thread = team.thread
    if (thread is None or thread.union_authorized != UNION_NOT_ASKED
            or thread.union_asked_at is not None or not team.case.employee_user_id
            or not team.in_slack(teams.UNION)):
        return None
    thread.union_asked_at = now
    ref = team.case.reference
    return Say(
        text=(f"Your return-to-work team for *{ref}* is being set up. Your union "
              "representative normally takes part and reviews every modified work plan "
              "with you.\n*Do you authorize the union to represent you in your return to "
              "work?* You can change your mind later by telling HR."),
        to_user=team.case.employee_user_id,
        buttons=(Button("Yes, the union may represent me", "imwt_union_yes", ref, "primary"),
                 Button("No", "imwt_union_no", ref)),
    )


def answer_union_authorization(act: Act, authorized: bool) -> Result:
    """The employee's answer, told to them and to the team."""
    thread = act.team.thread
    if thread is None:
        return refused("Your team has not been set up yet.")
    thread.union_authorized = UNION_YES if authorized else UNION_NO
    thread.union_authorized_at, thread.updated_at = act.now, act.now
    act.audit("imwt.union_authorization", answer=thread.union_authorized)
    mine = Say(text=("Thank you — your union representative will take part in your "
                     "return-to-work planning." if authorized else
                     "Understood — your union will not take part in your "
                     "return-to-work planning. You can change your mind by telling HR."),
               to_user=act.user)
    told = act.announce("The employee has " + (
        "*authorized* union representation." if authorized else
        "*declined* union representation: the union does not take part in this case, "
        "and HR reviews its plans."))
    return act.done(told, mine)
