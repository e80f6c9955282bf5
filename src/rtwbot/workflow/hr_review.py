"""HR's review of new functional information: the one place free text is read.

When functional information is recorded, the case's HR gets a DM with the structured
abilities (return status, limits, expected duration, next assessment) beside everything that
was typed on the form, clinical-looking terms highlighted from the maintained list
(`domain.clinical_terms`). HR then either shares the structured lines only, or writes the
functional wording the team will see (checked: a wording that reads as clinical is refused).
Until HR decides, the team sees the structured lines only (`privacy.shared_restrictions`).

The wording is stored encrypted on the functional information; the audit records that it
was approved and by whom, never its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain import privacy
from rtwbot.domain.clinical_terms import clinical_terms, highlight, rephrase_message
from rtwbot.domain.privacy import CasePeople, Relation
from rtwbot.forms import RETURN_STATUS_LABELS
from rtwbot.store.cases import audit
from rtwbot.store.db import Database
from rtwbot.store.models import Case, FunctionalInfo
from rtwbot.workflow.imwt.records import newest_functional_info
from rtwbot.workflow.outbox import Button, Say, escape

ACTION_WORDING = "hr_wording"  # opens the modal
ACTION_STRUCTURED_ONLY = "hr_wording_none"
MODAL_CALLBACK = "hr_wording_modal"
WORDED_EVENT = "restrictions_worded"  # the team's restriction lines changed
REVIEW_MARK = "HR review"  # every review DM starts with it (tests find it by this)
NOT_YOURS = privacy.NOTHING_TO_SHOW
# What HR's wording should say instead of a clinical word.
FUNCTIONAL = "what the person can or cannot do at work — limits, weights, durations —"
MAX_LINES = 12


@dataclass(frozen=True)
class WordingForm:
    """What the wording modal needs."""

    info_id: int
    reference: str
    structured: tuple[str, ...]


def free_text_lines(comments: object) -> list[str]:
    """The free text kept with functional information, one labelled line each."""
    if not isinstance(comments, dict):
        comments = {"comments": comments}
    lines = [line.strip() for line in str(comments.get("comments") or "").splitlines()
             if line.strip()]
    if comments.get("next_assessment_text"):
        lines.append(f"Date of next assessment (not a date): {comments['next_assessment_text']}")
    if comments.get("health_professional"):
        lines.append(f"Health professional: {comments['health_professional']}")
    return lines


def review_text(case: Case, info: FunctionalInfo) -> str:
    """The review as HR reads it: structured beside free text, clinical terms marked."""
    abilities = dict(info.abilities or {})
    structured = privacy.shared_restrictions(abilities.get("restrictions") or [])
    status = RETURN_STATUS_LABELS.get(abilities.get("return_status") or "", "not given")
    lines = [f"*{REVIEW_MARK} — functional information for {case.reference}* "
             "(only you see this message)",
             f"*Return to work:* {status}",
             f"*Expected duration:* {escape(str(abilities.get('expected_duration') or '—'))}",
             "*Structured abilities and limits (the team sees these):*"]
    lines += [f"• {escape(r)}" for r in structured] or ["• none"]
    free = free_text_lines(info.comments)
    lines.append("*Typed on the form (confidential — the team does not see it):*")
    lines += [f"• {highlight(escape(t))}" for t in free] or ["• nothing"]
    if any(clinical_terms(t) for t in free):
        lines.append(":warning: Marked words look clinical (a diagnosis, condition, "
                     "medication, treatment or anatomy): they stay here.")
    lines.append("Until you decide, the team sees the structured lines only. Write the "
                 "functional wording the team should see (for example “no lifting above "
                 "shoulder with the left arm”), or share the structured lines only.")
    return "\n".join(lines)


class HrReview:
    def __init__(self, db: Database, clock: Clock, directory: Directory,
                 resolve: Callable[[str], str | None]):
        self.db, self.clock, self.directory, self.resolve = db, clock, directory, resolve

    def _hr(self, case: Case) -> tuple[str, ...]:
        return tuple(dict.fromkeys(uid for ref in self.directory.hr_for(case.division)
                                   if (uid := self.resolve(ref))))

    def _is_hr(self, user: str, case: Case | None) -> bool:
        if case is None:
            return False
        return privacy.may_review_free_text(
            privacy.relations(user, CasePeople(hr=self._hr(case))) - {Relation.NONE})

    def on_recorded(self, case_id: int) -> list[Say]:
        """Follow-up of new functional information: the review to the case's HR."""
        with self.db.session() as s:
            case = s.get(Case, case_id)
            info = newest_functional_info(s, case_id) if case else None
            if case is None or info is None:
                return []
            text = review_text(case, info)
            buttons = (Button("Write the team's wording", ACTION_WORDING, str(info.id),
                              "primary"),
                       Button("Share structured lines only", ACTION_STRUCTURED_ONLY,
                              str(info.id)))
            return [Say(text=text, to_user=uid, buttons=buttons) for uid in self._hr(case)]

    def _load(self, s: Session, user: str, info_id: str) -> tuple[FunctionalInfo, Case] | None:
        info = s.get(FunctionalInfo, int(info_id)) if str(info_id).isdigit() else None
        case = s.get(Case, info.case_id) if info else None
        if info is None or case is None or not self._is_hr(user, case):
            return None
        return info, case

    def form(self, user: str, info_id: str) -> WordingForm | Say:
        with self.db.session() as s:
            found = self._load(s, user, info_id)
            if found is None:
                return Say(text=NOT_YOURS, to_user=user)
            info, case = found
            structured = privacy.shared_restrictions((info.abilities or {}).get("restrictions")
                                                     or [])
            return WordingForm(info.id, case.reference, tuple(structured))

    def approve(self, user: str, info_id: str, wording: str | None
                ) -> tuple[dict[str, str], list[Say]]:
        """Save the functional wording HR approved (empty: structured lines only). Returns
        the modal's errors, or what to say."""
        lines = [ln.strip(" \t-•*") for ln in (wording or "").splitlines()]
        lines = [ln for ln in lines if ln][:MAX_LINES]
        if problem := rephrase_message("\n".join(lines), FUNCTIONAL):
            return {"wording": problem}, []
        now = self.clock.now()
        with self.db.session() as s:
            found = self._load(s, user, info_id)
            if found is None:
                return {}, [Say(text=NOT_YOURS, to_user=user)]
            info, case = found
            info.team_wording, info.wording_by, info.wording_at = lines, user, now
            audit(s, at=now, actor=user, action="functional_info.wording_approved",
                  case_id=case.id, functional_info_id=info.id, lines=len(lines))
            reference, case_id = case.reference, case.id
        said = (f"Saved: the team now sees the structured lines and your {len(lines)} "
                f"line(s) for *{reference}*." if lines else
                f"Saved: the team sees the structured lines only for *{reference}*.")
        return {}, [Say(text=said, to_user=user,
                        events=((WORDED_EVENT, case_id), ("case_changed", case_id)))]
