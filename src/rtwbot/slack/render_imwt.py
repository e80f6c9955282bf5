"""Block Kit for the IMWT thread: the case's parent message, the permanent placement
checklist, and the modals of the team's actions — built with slack_sdk's models so Slack's
limits are checked before anything is sent. Also reads a submitted modal back into the
plain values the workflow takes (keyed by block id)."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from rtwbot import dates
from rtwbot.domain.accommodation import (
    PLACEMENT_STEP_LABELS,
    TEMPORARY_OPTION_LABELS,
    PlacementStep,
    TemporaryOption,
)
from rtwbot.domain.participation import ACCOMMODATION_KINDS
from rtwbot.domain.privacy import Field
from rtwbot.slack import render
from rtwbot.slack.render_consent import TITLES, consent_blocks
from rtwbot.workflow.imwt import (
    CHECK_IN_STATUS,
    CLOSE_CATEGORIES,
    PERMANENT_SAID_BY,
    ChecklistView,
    ModalContext,
    ParentView,
)
from rtwbot.workflow.outbox import Say

PRIVACY_NOTE = ("Functional abilities and restrictions only — never a diagnosis. Only this "
                "case's team can use these buttons.")
FIELD_LABELS = {
    Field.DIVISION: "Division",
    Field.JOB_TITLE: "Job",
    Field.KIND: "Kind of case",
    Field.STAGE: "Stage",
    Field.EMPLOYEE_NAME: "Employee",
    Field.REPORTED_AT: "Reported",
    Field.NEXT_DATE: "Next date",
    Field.CLOSED_AT: "Closed",
    Field.CLOSE_REASON: "Closed because",
}
PLAN_LABELS = {
    Field.PLAN_OPTION: "Plan",
    Field.PLAN_START: "Starts",
    Field.PLAN_END: "Ends",
    Field.REVIEW_DATES: "Next reviews",
    Field.PLACEMENT_STEP: "Placement",
}
MODAL_TITLES = {
    "propose": "Temporary plan",
    "changes": "Ask for changes",
    "check_in": "Record a check-in",
    "extend": "Extend the plan",
    "return": "Regular duties",
    "permanent": "Permanent",
    "close": "Close the case",
    "record_step": "Record a step",
    "choose_step": "Choose a placement",
    "employee_changes": "Ask for changes",
    "meeting": "Team meeting",
    **TITLES,
}
NO_DIAGNOSIS = "Abilities, duties and dates only — please never type a diagnosis."


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text[: render.SECTION_LIMIT])


def _pt(text: str) -> PlainTextObject:
    return PlainTextObject(text=text, emoji=True)


# --- messages ------------------------------------------------------------------------------
def parent_blocks(view: ParentView) -> list[dict]:
    f = view.fields
    blocks: list[Block] = [HeaderBlock(text=_pt(f"{view.reference} · modified work team"))]
    facts = [_md(f"*{label}*\n{f[k]}") for k, label in FIELD_LABELS.items() if f.get(k)]
    if facts:
        blocks.append(SectionBlock(fields=facts[:10]))
    if Field.RESTRICTIONS in f:
        extra = []
        if f.get(Field.EXPECTED_DURATION):
            extra.append(f"expected duration: {f[Field.EXPECTED_DURATION]}")
        if f.get(Field.NEXT_ASSESSMENT):
            extra.append(f"next assessment: {f[Field.NEXT_ASSESSMENT]}")
        if f.get(Field.RTW_STATUS):
            extra.append(str(f[Field.RTW_STATUS]))
        head = "*Functional restrictions*" + (f" ({'; '.join(extra)})" if extra else "")
        lines = [head, *(f"• {r}" for r in f[Field.RESTRICTIONS])]
        blocks += [SectionBlock(text=_md(c)) for c in render.chunks("\n".join(lines))]
    plan_lines = [f"*{label}:* {f[k]}" for k, label in PLAN_LABELS.items() if f.get(k)]
    if plan_lines:
        blocks.append(SectionBlock(text=_md("\n".join(plan_lines))))
    if f.get(Field.WHO_MUST_ACT):
        blocks.append(SectionBlock(text=_md(f"*Who must act:* {f[Field.WHO_MUST_ACT]}")))
    if view.team:
        lines = ["*Team*", *(f"• {who} — {roles}" for who, roles in view.team)]
        if f.get(Field.UNION_AUTHORIZED):
            lines.append(f"_Union representation: {f[Field.UNION_AUTHORIZED]}._")
        blocks += [SectionBlock(text=_md(c)) for c in render.chunks("\n".join(lines))]
    if view.buttons:
        blocks += render.actions(view.buttons)
    blocks.append(ContextBlock(elements=[_md(PRIVACY_NOTE)]))
    return [b.to_dict() for b in blocks]


def checklist_blocks(view: ChecklistView) -> list[dict]:
    lines = [f"*Permanent placement — {view.reference}*",
             "Considered strictly in this order; a step may be chosen only when every earlier "
             "one is recorded as not available, with a reason."]
    for step, label, status in view.steps:
        mark = {"chosen": ":white_check_mark:", "available": ":large_green_circle:",
                "not considered yet": ":white_circle:"}.get(status, ":no_entry_sign:")
        lines.append(f"{mark} *{step}.* {label} — _{status}_")
    if view.chosen is None and view.next_step is not None:
        lines.append(f"Next to consider: step {view.next_step}.")
    blocks: list[Block] = [SectionBlock(text=_md(c)) for c in render.chunks("\n".join(lines))]
    if view.buttons:
        blocks += render.actions(view.buttons)
    return [b.to_dict() for b in blocks]


def message_blocks(say: Say) -> list[dict]:
    """Blocks for any IMWT message: the parent, the checklist, or a plain reply."""
    if "imwt_parent" in say.extra:
        return parent_blocks(say.extra["imwt_parent"])
    if "imwt_checklist" in say.extra:
        return checklist_blocks(say.extra["imwt_checklist"])
    return render.say_blocks(say)


# --- modals --------------------------------------------------------------------------------
def _text_input(block_id: str, label: str, *, multiline: bool = False, optional: bool = False,
                hint: str | None = None, placeholder: str | None = None,
                initial: str | None = None, max_length: int = 2000) -> InputBlock:
    return InputBlock(
        block_id=block_id, label=_pt(label), optional=optional,
        hint=_pt(hint) if hint else None,
        element=PlainTextInputElement(
            action_id="value", multiline=multiline, max_length=max_length,
            placeholder=_pt(placeholder) if placeholder else None, initial_value=initial))


def _date_input(block_id: str, label: str, initial: date | None = None, *,
                optional: bool = False, hint: str | None = None) -> InputBlock:
    return InputBlock(
        block_id=block_id, label=_pt(label), optional=optional,
        hint=_pt(hint) if hint else None,
        element=DatePickerElement(action_id="value",
                                  initial_date=initial.isoformat() if initial else None))


def _options(pairs: list[tuple[str, str]]) -> list[Option]:
    return [Option(value=v, text=_pt(t[:75])) for v, t in pairs]


def _radio(block_id: str, label: str, pairs: list[tuple[str, str]], *,
           initial: str | None = None, optional: bool = False) -> InputBlock:
    options = _options(pairs)
    chosen = next((o for o in options if o.value == initial), None)
    return InputBlock(block_id=block_id, label=_pt(label), optional=optional,
                      element=RadioButtonsElement(action_id="value", options=options,
                                                  initial_option=chosen))


def _select(block_id: str, label: str, pairs: list[tuple[str, str]], *,
            initial: str | None = None) -> InputBlock:
    options = _options(pairs)
    chosen = next((o for o in options if o.value == initial), None)
    return InputBlock(block_id=block_id, label=_pt(label),
                      element=StaticSelectElement(action_id="value", options=options,
                                                  initial_option=chosen,
                                                  placeholder=_pt("Choose")))


def _checkbox(block_id: str, label: str, text: str, *, optional: bool = True) -> InputBlock:
    return InputBlock(block_id=block_id, label=_pt(label), optional=optional,
                      element=CheckboxesElement(action_id="value",
                                                options=_options([("yes", text)])))


def _note(text: str) -> SectionBlock:
    return SectionBlock(text=_md(text))


def _accommodation() -> list[Block]:
    """The kind(s) of accommodation and the job's essential duties."""
    kinds = [(k, v[0].upper() + v[1:]) for k, v in ACCOMMODATION_KINDS.items()]
    return [
        InputBlock(block_id="kinds", label=_pt("Kind of accommodation"), optional=True,
                   element=CheckboxesElement(action_id="value", options=_options(kinds))),
        _text_input("essential", "Essential duties of the job (one per line)", optional=True,
                    multiline=True, hint="The duties the job exists for, kept or not."),
    ]


def _respects(ctx: ModalContext) -> list[Block]:
    """One box per restriction in force: the proposer confirms the duties respect it."""
    if not ctx.restrictions:
        return []
    options = [Option(value=str(i), text=_pt(r if len(r) <= 75 else r[:74] + "…"))
               for i, r in enumerate(ctx.restrictions)]
    blocks: list[Block] = []
    for n, start in enumerate(range(0, len(options), 10)):  # Slack: 10 boxes a group
        blocks.append(InputBlock(
            block_id="respects" if n == 0 else f"respects_{n}",
            label=_pt("The duties respect each restriction" if n == 0 else "…and these"),
            hint=_pt("Tick each one: no task beyond the restrictions.") if n == 0 else None,
            element=CheckboxesElement(action_id="value", options=options[start:start + 10])))
    return blocks


def _plan_blocks(ctx: ModalContext) -> list[Block]:
    restrictions = "\n".join(f"• {r}" for r in ctx.restrictions) or "• none recorded"
    return [
        _note(f"*{ctx.reference}* — the plan must respect these restrictions:\n{restrictions}"),
        _radio("option", "Which option? (in order of preference)",
               [(o.value, TEMPORARY_OPTION_LABELS[o]) for o in TemporaryOption],
               initial=TemporaryOption.OWN_JOB_MODIFIED.value),
        _text_input("why_a", "Why (a) was not possible", optional=True, multiline=True,
                    hint="Needed for option (b) or (c)."),
        _text_input("why_b", "Why (b) was not possible", optional=True, multiline=True,
                    hint="Needed for option (c)."),
        _checkbox("outside_unit", "Option (c) only", "The work is outside the bargaining unit"),
        _text_input("why_outside", "Why nothing in the bargaining unit was suitable",
                    optional=True, multiline=True),
        _text_input("duties", "Duties (one per line)", multiline=True, hint=NO_DIAGNOSIS),
        *_respects(ctx),
        *_accommodation(),
        _text_input("hours", "Hours per day and how they increase",
                    placeholder="4 h/day in week 1, 6 h/day in week 2, then full days"),
        _date_input("start", "Start", ctx.start),
        _date_input("end", "End", ctx.end, hint=ctx.end_hint),
        _text_input("reviews", "Review dates", optional=True,
                    hint="YYYY-MM-DD, separated by commas, on working days. Empty: weekly, "
                         "and at the end (holidays and closure days skipped)."),
        _text_input("regular_rate", "Employee's regular hourly rate ($)", optional=True,
                    placeholder="30.00",
                    hint="With the position's rate, the plan shows the pay in numbers."),
        _text_input("position_rate", "Hourly rate of the modified work position ($)",
                    optional=True, placeholder="25.00"),
    ]


def _blocks_for(ctx: ModalContext) -> list[Block]:
    a = ctx.action
    if a in TITLES:
        return consent_blocks(ctx)
    if a == "propose":
        return _plan_blocks(ctx)
    if a == "changes":
        return [_text_input("note", "What should change?", multiline=True, hint=NO_DIAGNOSIS)]
    if a == "meeting":
        return [_note("Everyone on the team gets it (the employee by direct message), with a "
                      "reminder the working day before."),
                _date_input("on", "Day", ctx.today),
                _text_input("time", "Time", placeholder="10:00", max_length=40),
                _text_input("where", "Place or call link", max_length=300)]
    if a == "employee_changes":
        return [_note("Only HR sees what you write here; the team is told that you asked "
                      "for changes."),
                _text_input("note", "What should change in your plan?", multiline=True)]
    if a == "check_in":
        return [_date_input("on", "Date of the check-in", ctx.today),
                _select("status", "How is it going?", list(CHECK_IN_STATUS.items()),
                        initial="on_track"),
                _text_input("note", "Notes (kept in the case record, not posted)",
                            multiline=True, optional=True, hint=NO_DIAGNOSIS)]
    if a == "extend":
        blocks: list[Block] = [
            _note(f"The plan now ends *{dates.day(ctx.end) if ctx.end else '—'}*. An extension "
                  "needs a health professional's written recommendation"
                  + (f" and the concurrence of {ctx.insurer}'s representative." if ctx.insurer
                     else ".")),
            _date_input("new_end", "New end date"),
            _checkbox("recommendation", "Written recommendation",
                      "A health professional's written recommendation is on file"),
            _date_input("recommendation_on", "Date of the recommendation", optional=True),
        ]
        if ctx.insurer:
            blocks += [
                _checkbox("concurrence", "Insurer concurrence",
                          f"{ctx.insurer[0].upper()}{ctx.insurer[1:]}'s representative concurs"),
                _date_input("concurrence_on", "Date of the concurrence", optional=True),
                _text_input("concurrence_note", "How it was confirmed", optional=True),
            ]
        blocks += [
            _checkbox("team_review", "The team's review",
                      "The team reviewed the extension (the union, or HR in its place)"),
            _date_input("team_review_on", "Date of the review", optional=True),
            _text_input("reviews", "New review dates", optional=True,
                        hint="YYYY-MM-DD, separated by commas, on working days. Empty: weekly, "
                             "on working days."),
        ]
        return blocks
    if a == "return":
        return [
            _note("Returning to regular duties needs medical authorization from the treating "
                  "health professional. Recording it closes the case."),
            _checkbox("authorization", "Medical authorization",
                      "Medical authorization from the treating health professional is on file"),
            _date_input("authorized_on", "Date of the authorization", ctx.today, optional=True),
            _date_input("return_on", "Back to regular duties on", ctx.today),
        ]
    if a == "permanent":
        pairs = [(k, v[0].upper() + v[1:]) for k, v in PERMANENT_SAID_BY.items()]
        return [_note("Record who said the restrictions are permanent. The team will then "
                      "consider the 7 placement steps in order."),
                _radio("said_by", "Who said the restrictions are permanent?", pairs),
                _date_input("on", "When", ctx.today)]
    if a == "close":
        pairs = [(k, v[0].upper() + v[1:]) for k, v in CLOSE_CATEGORIES.items()]
        return [_note("A return to regular duties is recorded with its own button."),
                _select("reason", "Why is the case closing?", pairs),
                _text_input("note", "Note (kept in the case record, not posted)",
                            multiline=True, optional=True, hint=NO_DIAGNOSIS)]
    steps = [(str(int(s)), f"{int(s)}. {PLACEMENT_STEP_LABELS[s]}") for s in PlacementStep]
    initial = str(ctx.next_step) if ctx.next_step else None
    if a == "record_step":
        return [_select("step", "Step", steps, initial=initial),
                _radio("available", "Is it available?",
                       [("no", "Not available"), ("yes", "Available")], initial="no"),
                _text_input("reason", "Why not (needed when not available)", optional=True,
                            multiline=True, hint=NO_DIAGNOSIS)]
    if a == "choose_step":
        return [_select("step", "Step chosen", steps, initial=initial),
                _text_input("position", "Position", optional=True),
                _checkbox("training", "Training",
                          "The employee agrees to take the on-the-job training"),
                *_accommodation(),
                _checkbox("seniority", "Steps 6 and 7 only",
                          "Outside the bargaining unit: the employee's seniority is recognized"),
                _date_input("start", "Placement starts", ctx.today),
                _text_input("regular_rate", "Employee's pre-injury hourly rate ($)",
                            optional=True, placeholder="30.00",
                            hint="With the new position's rate, the pay is shown in numbers. "
                                 "Include negotiated increases since the injury."),
                _text_input("position_rate", "Hourly rate of the new position ($)",
                            optional=True, placeholder="25.00")]
    raise ValueError(f"no modal for {a!r}")


def modal(ctx: ModalContext) -> dict:
    metadata = "|".join([ctx.reference, str(ctx.plan_id or ""), ctx.message_ts or ""])
    return View(
        type="modal", callback_id=f"imwt_{ctx.action}", title=_pt(MODAL_TITLES[ctx.action]),
        submit=_pt("Save"), close=_pt("Cancel"), private_metadata=metadata,
        blocks=_blocks_for(ctx),
    ).to_dict()


# --- reading a submission ------------------------------------------------------------------
def read_values(view: dict) -> dict[str, Any]:
    """block id -> the value entered: text, ISO date, option value, or a list (checkboxes)."""
    out: dict[str, Any] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        for entry in actions.values():
            kind = entry.get("type")
            if kind == "datepicker":
                out[block_id] = entry.get("selected_date")
            elif kind in ("static_select", "radio_buttons"):
                out[block_id] = (entry.get("selected_option") or {}).get("value")
            elif kind == "checkboxes":
                out[block_id] = [o.get("value") for o in entry.get("selected_options") or []]
            else:
                out[block_id] = entry.get("value")
    return out


def metadata(view: dict) -> tuple[str, int | None, str | None]:
    """The case reference, plan id and message ts a modal carries in its private_metadata."""
    reference, plan, ts = ((view.get("private_metadata") or "").split("|") + ["", ""])[:3]
    return reference, int(plan) if plan.isdigit() else None, ts or None


def first_input(view: dict) -> str | None:
    return next((b.get("block_id") for b in view.get("blocks") or []
                 if b.get("type") == "input"), None)
