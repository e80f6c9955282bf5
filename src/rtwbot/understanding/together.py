"""A message's clauses read together (pure): what no clause says alone, the message may.

- a person's own body part ("his knee", "a bad back") says someone may be hurt: ask; with
  anything else that happened or hurts, anywhere in the message ("Sylvain's got a bad back,
  been sore since Tuesday"), it is a report;
- two clauses that each say a little ("bad accident at the plant, one guy is being rushed
  to hospital"), one of them about a person, are a report;
- an illness or a condition a person has ("is having carpal tunnel", "developed asthma")
  asks; caused at work ("from the typing", "on the job"), it is a report. The conditions are
  the clinical vocabulary's (`domain.clinical_terms`), so the front door and the privacy
  check know the same words.
"""

from __future__ import annotations

import re

from rtwbot.domain import wsib_terms as terms
from rtwbot.domain.clinical_terms import clinical_terms
from rtwbot.understanding.phrases import Piece

__all__ = ["together"]

REPORT, ASK = 2.0, 1.0

# Words between an owner and the body part ("his left knee", "a bad back").
_BODY_LEAD = {"left", "right", "both", "upper", "lower", "l", "r", "lt", "rt", "bad", "sore",
              "stiff", "swollen", "sprained", "broken", "twisted", "injured", "hurt", "busted",
              "banged", "messed", "achy", "aching", "numb", "tender", "weak", "whole", "entire",
              "poor", "wrecked", "dodgy", "trick", "little", "pinky", "index", "middle", "big"}
_OWNERS_NOT = {"our", "your", "its", "ur"}
_OWNER_WORDS = {"his", "her", "their"}
_HAVING = {"got", "has", "had", "have", "having", "with", "gets"}
_FINE = {"fine", "ok", "okay", "alright", "good", "great", "perfect"}
_AT_WORK = re.compile(r"\b(at|from|on|during|because of)\s+(work|the job|shift|his shift|her "
                      r"shift|the site)\b|\bwork[- ]?related\b|\bworkplace\b|\bon the job\b",
                      re.I)


def _at_work(text: str) -> bool:
    """Caused at work, said so ("on the job"), not denied ("not work related")."""
    for m in _AT_WORK.finditer(text):
        if not re.search(r"\b(not|non|isn't|isnt|wasn't|wasnt|never)\W+\w*\W*$",
                         text[:m.start()].lower()):
            return True
    return False


def _owned(ps: list[Piece], j: int) -> bool:
    """ps[j] is a body part of someone's: "his (left) knee", "Erin's wrist", "got a bad back"."""
    if not ps[j].body:
        return False
    k = j - 1
    while k >= 0 and j - k <= 3 and (ps[k].word in _BODY_LEAD or ps[k].has("symptom")):
        k -= 1
    if k < 0:
        return False
    owner = ps[k]
    if owner.poss or owner.has("poss") and owner.word not in _OWNERS_NOT:
        return True
    return owner.word in ("a", "an") and k < j - 1 and k > 0 and ps[k - 1].word in _HAVING


def _someone_ill(text: str, ps: list[Piece]) -> float:
    if not any(p.person for p in ps):
        return 0.0
    having = tuple(terms.HAVING_WORDS)
    for term in clinical_terms(text):
        before = re.findall(r"[\w']+", text[:term.start].lower())[-3:]
        # "got carpal tunnel", "Lucie's carpal tunnel is flaring up": someone has it
        owned = bool(before) and (before[-1].endswith("'s") or before[-1] in _OWNER_WORDS)
        if owned or any(re.search(rf"\b{re.escape(h)}\b", " ".join(before)) for h in having):
            at_work = _at_work(text) or any(p.has("mechanism") for p in ps)
            return REPORT if at_work else ASK
    return 0.0


def together(text: str, clauses: list[list[tuple[Piece, float]]]) -> float:
    """The score the clauses earn together (never more than a report)."""
    ps = [p for scored in clauses for p, _ in scored]
    found = 0.0
    for scored in clauses:
        here = [p for p, _ in scored]
        if any(_owned(here, j) for j in range(len(here))) and \
                not any(p.word in _FINE for p in here):
            found = max(found, ASK)
            # Anything else that happened or hurts: in another clause, or here a cause or a
            # symptom ("lifting a resident… her lower back"); an event here has been read
            # with this body part already ("it hurts my head trying to…" asks).
            others = any(s > 0 or p.has("mechanism") for other in clauses if other is not scored
                         for p, s in other) or \
                any(p.has("mechanism") or p.has("symptom") and not p.has("event")
                    for p in here if not p.body)
            if others:
                return REPORT
    telling = [scored for scored in clauses  # being away is not an injury ("stress leave")
               if max((s for p, s in scored if not p.has("absence")), default=0) >= 0.5]
    if len(telling) >= 2 and any(p.person for scored in telling for p, _ in scored):
        return REPORT
    return max(found, _someone_ill(text, ps))
