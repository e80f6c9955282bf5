"""Block Kit for what HR records for an employee who is not in Slack (their answer on union
representation, their agreement to a plan: how and when it was given) and for going on
without the union's review. `render_imwt.modal` draws them like the team's other modals."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from rtwbot.domain.participation import GIVEN_TO_HR
from rtwbot.workflow.imwt import ModalContext

TITLES = {
    "union_record": "Union representation",
    "agreement_record": "Employee's agreement",
    "union_waive": "Without the union",
}
NOTHING_ASSUMED = ("The employee is not in Slack, so nothing is assumed for them: record what "
                   "they told you, how and on which day.")


def consent_blocks(ctx: ModalContext) -> list[Block]:
    """The blocks of one of these modals, with the team modals' own field builders."""
    from rtwbot.slack import render_imwt as parts  # it draws these through this module

    ways = [(k, v[0].upper() + v[1:]) for k, v in GIVEN_TO_HR.items()]
    how = parts._radio("via", "How was it given?", ways)
    when = parts._date_input("on", "On which day?", ctx.today)
    if ctx.action == "union_record":
        return [parts._note(f"*{ctx.reference}* — {NOTHING_ASSUMED} Until you record it, "
                            "it is *not answered*, never a no."),
                parts._radio("answer", "Does the employee authorize the union to represent "
                             "them?", [("yes", "Yes, the union may represent them"),
                                       ("no", "No")]),
                how, when]
    if ctx.action == "agreement_record":
        return [parts._note(f"*{ctx.reference}* — {NOTHING_ASSUMED} Record their agreement "
                            "to the proposed plan only once they gave it (a signed copy, a "
                            "call, in person)."),
                how, when]
    return [parts._note(f"*{ctx.reference}* — the employee has not answered the question on "
                        "union representation, so the union's review of this plan waits. "
                        "Not answered is not \"no\". Only if the plan must go on without "
                        "the union's review, say why: the team reads it, and the plan "
                        "records it. HR then reviews in the union's place."),
            parts._text_input("reason", "Why must the plan go on without the union's "
                              "review?", multiline=True, max_length=500,
                              hint=parts.NO_DIAGNOSIS)]
