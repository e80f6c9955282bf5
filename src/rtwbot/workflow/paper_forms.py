"""A functional abilities form on paper: whoever holds it (the employee too) sends a photo or
a scan; the bot keeps it as an attachment for HR, who keys the values in the abilities form;
the case records that the values came from paper. No dead end: every path ends with HR's
"enter by hand" button.

The photo itself is passed to HR by the Slack layer (``rtwbot.slack.paper``) on the
``paper_form_received`` follow-up: this module records it and says what happens next.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rtwbot import dates
from rtwbot.domain.privacy import Relation
from rtwbot.forms.rtwi_read import RtwiSection, read_rtwi
from rtwbot.store.cases import audit
from rtwbot.store.models import Case, Document
from rtwbot.workflow.outbox import Button, Say, escape

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtwbot.workflow.functional_info import FunctionalInfoWorkflow

PAPER_EVENT = "paper_form_received"
PAPER_TEMPLATE = "functional-abilities-paper"
# What a refused upload may be: a photo, a Word file, a scan with no form fields.
PAPER_KINDS = frozenset({"not_pdf", "no_form_fields"})
_PAPER = re.compile(r"\b(paper|printed|print ?out|hard ?copy|photo|picture|pic|scan(ned)?|"
                    r"hand ?written|fax(ed)?)\b", re.I)
_FORM = re.compile(r"\b(form|copy|it|abilities|faf|doctor|physio)\b", re.I)


def mentions_paper(text: str) -> bool:
    """ "my form is on paper", "I only have a paper copy", "can I send a photo of it?" """
    return bool(_PAPER.search(text or "")) and bool(_FORM.search(text or ""))


def _manual(case_id: int) -> Button:
    from rtwbot.workflow.functional_info import ACTION_MANUAL, MANUAL_LABEL

    return Button(MANUAL_LABEL, ACTION_MANUAL, str(case_id))


def paper_help(flow: FunctionalInfoWorkflow, user: str) -> list[Say]:
    """What to do with a paper form, for whoever asks."""
    with flow.db.session() as s:
        cases = flow._open_cases(s, user)  # noqa: SLF001 - the same entitlement rule
        if not cases:
            return [Say(text="I can't find an open return-to-work case of yours. If your "
                             "health professional gave you a form, please hand it to HR.",
                        to_user=user)]
        case = cases[0]
        is_hr = Relation.HR in flow._relations(user, case)  # noqa: SLF001
    text = (f"No problem — a paper form is fine for *{case.reference}*. Take a clear photo of "
            "each page (or scan it) and send it to me here: I'll pass it to HR, who will enter "
            "what it says, and you'll hear from me once it's recorded.")
    if is_hr:
        text = (f"For a paper form on *{case.reference}*, enter what it says with the button "
                "below (or send me a photo of it to keep with the case).")
        return [Say(text=text, to_user=user, buttons=(_manual(case.id),))]
    return [Say(text=text, to_user=user)]


def rtwi_lines(section: RtwiSection) -> str:
    """The read-back of an RTWI's health professional section: facts, never their words."""
    who = section.profession or "the health professional"
    lines = [f"I read the health professional's section of the *Return to Work Information*: "
             f"completed by {escape(who)}"
             + (f" on {dates.day(section.signed_on)}" if section.signed_on else "") + "."]
    if section.next_assessment:
        lines.append(f"• *Next assessment:* {dates.day(section.next_assessment)}")
    written = [what for what, yes in (("functional limitations", section.limitations_written),
                                      ("expected length", section.expected_length_written),
                                      ("suitability for modified work",
                                       section.suitability_written)) if yes]
    if written:
        lines.append(f"• Written in words: {', '.join(written)} — HR enters them as "
                     "functional abilities (I don't pass the health professional's words on).")
    return "\n".join(lines)


def received(flow: FunctionalInfoWorkflow, s: Session, user: str, case: Case,
             file_id: str) -> list[Say]:
    """A photo or scan of the paper form (or a completed RTWI): keep it for HR and say what
    happens next. A completed RTWI's health professional section is read back first, and
    refused when its date is before the injury or in the future."""
    now = flow.clock.now()
    from rtwbot.workflow.functional_info import MAX_BYTES

    section = read_rtwi(flow.fetch(file_id, MAX_BYTES))
    lead = ""
    if section is not None and section.reference and section.reference != case.reference:
        return [Say(text=f"That Return to Work Information is for case {section.reference}, "
                         f"not {case.reference} — please send the one that came with "
                         f"{case.reference}.", to_user=user)]
    if section is not None:
        cal = flow.calendar
        injured, today = cal.local_date(case.occurred_at), cal.local_date(now)
        when = section.signed_on
        if when is not None and (when < injured or when > today):
            why = (f"before the injury on {dates.day(injured)}" if when < injured
                   else "in the future")
            return [Say(text=f"I can't take this Return to Work Information: the health "
                             f"professional's section is dated {dates.day(when)}, {why}. "
                             "Please ask them to check the date and send it again.",
                        to_user=user)]
        lead = rtwi_lines(section) + "\n"
    doc = Document(case_id=case.id, template=PAPER_TEMPLATE, template_version="paper",
                   filename=f"{case.reference}-functional-abilities-paper", sha256="",
                   slack_file_id=file_id, recipients=[], created_at=now)
    s.add(doc)
    s.flush()
    audit(s, at=now, actor=user, action="functional_info.paper_received", case_id=case.id,
          reference=case.reference, document_id=doc.id, slack_file_id=file_id)
    if Relation.HR in flow._relations(user, case):  # noqa: SLF001
        return [Say(text=f"{lead}I can't read a photo or a scan myself, so please enter what the "
                         f"form for *{case.reference}* says here. I've kept the photo with "
                         "the case.", to_user=user, buttons=(_manual(case.id),))]
    return [Say(text=f"{lead}Thanks — I can't read a photo or a scan myself, so I've passed it to HR "
                     f"for *{case.reference}*. They'll enter what the form says, and I'll let "
                     "you know here once it's recorded. Nothing else for you to do.",
                to_user=user, events=((PAPER_EVENT, case.id),))]


def hr_note(reference: str, sender: str) -> str:
    return (f":page_facing_up: <@{sender}> sent a photo or scan of the completed functional "
            f"abilities form for *{reference}* (above). I can't read it myself: please enter "
            "what it says with the button below. It will be recorded as coming from a paper form.")
