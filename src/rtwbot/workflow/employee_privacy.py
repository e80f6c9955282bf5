"""The employee's privacy questions: "what is my diagnosis?" (the bot keeps none and shares
none; here is what it does hold) and "who can see my case?" (the people on it and what
each sees, from the privacy policy itself: `domain.privacy_explain`)."""

from __future__ import annotations

from typing import Any

from rtwbot.domain.privacy import CasePeople, Field
from rtwbot.domain.privacy_explain import never_shown, what_they_see, who_can_see
from rtwbot.domain.privacy_terms import Relation
from rtwbot.workflow.outbox import Say
from rtwbot.workflow.status_text import mentions

NO_DIAGNOSIS = (
    "I don't keep a diagnosis for you, and I never share one: your return to work is "
    "planned only on what you can and cannot do at work. If your health professional wrote "
    "more than that on your form, only HR can read it, and it is never shown to your team. "
    "For anything about your health itself, your health professional is the one to ask.")


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _held(f: dict[str, Any]) -> list[str]:
    """What the bot holds of the case that the employee may see, in words."""
    held = []
    if f.get(Field.RESTRICTIONS):
        held.append("your work limits from your functional abilities form ("
                    + "; ".join(str(r) for r in f[Field.RESTRICTIONS][:3])
                    + ("…" if len(f[Field.RESTRICTIONS]) > 3 else "") + ")")
    if f.get(Field.EXPECTED_DURATION):
        held.append(f"how long they are expected to last ({f[Field.EXPECTED_DURATION]})")
    if f.get(Field.DUTIES) or f.get(Field.PLAN_START):
        held.append("your modified work plan (duties, hours and dates)")
    if f.get(Field.KIND) != "non_occupational":  # only a work-related case has one
        held.append("the employer's report of what happened (you were sent a copy)")
    if f.get(Field.DOCUMENTS):
        held.append("the forms you were given")
    return held


def diagnosis_answer(viewer: str, cases: list[tuple[str, dict[str, Any]]]) -> Say:
    lines = [NO_DIAGNOSIS]
    for _, f in cases[:3]:
        ref = f.get(Field.REFERENCE, "your case")
        lines.append(f"*{ref}* — what I do hold: {_joined(_held(f))}. Say *status* to see "
                     "it.")
    return Say(text="\n\n".join(lines), to_user=viewer)


def privacy_answer(viewer: str, cases: list[tuple[str, dict[str, Any]]]) -> Say:
    """Who is on each case and what each sees, as the policy grants it."""
    parts = []
    for _, f in cases[:3]:
        people: CasePeople = f.get("_people") or CasePeople(employee=viewer)
        lines = [f"*{f.get(Field.REFERENCE, 'Your case')}* — who can see it:",
                 f"• *You*: {_joined(list(what_they_see(Relation.EMPLOYEE)))}."]
        for who in who_can_see(people):
            sees = _joined(list(who.sees)) if who.sees else ""
            note = f" ({who.note})" if who.note and who.sees else \
                (f": {who.note}" if who.note else "")
            lines.append(f"• *{who.label}* {mentions(list(who.people))}"
                         + (f": {sees}" if sees else "") + f"{note}.")
        parts.append("\n".join(lines))
    hidden = _joined(list(never_shown()))
    parts.append(f"Nobody — not your supervisor, HR, the union or the team — is ever shown "
                 f"{hidden}. Every look at your case is recorded.")
    return Say(text="\n\n".join(parts), to_user=viewer)
