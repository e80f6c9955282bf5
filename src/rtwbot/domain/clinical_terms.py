"""Clinical-looking words in free text: what the bot highlights for HR, and the check that
refuses, kindly, text others will read when it carries medical detail. Pure.

Why a check and not a judgement: the employer may know functional abilities and limits, never
the diagnosis, cause, symptoms or treatment (Ontario Human Rights Code; the program's
"Privacy"). Free text is never shared anyway (`privacy.shared_restrictions`); this check
helps the people who decide — HR approving a functional wording, a supervisor typing a job
title, the team writing a plan's duties — see what reads as clinical. It errs on the side
of flagging.

What it draws on: a medical vocabulary built from ICD-10-CM and a drug dictionary
(`clinical_vocabulary`, the rare words), the hand-kept common words, phrases and
abbreviations (`clinical_words`), medical suffixes ("-itis", "-ectomy"), and patterns
(spinal levels, ICD codes, doses). A word that is clinical only in context ("broke his
wrist", "her depression") is flagged only with its cue: a body part near it, or a person's
word before it — so "broke the mower", "cut the grass" and "the depression in the turf" pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rtwbot.domain import clinical_vocabulary
from rtwbot.domain.clinical_vocabulary import words_of
from rtwbot.domain.clinical_words import (
    ABBREVIATIONS,
    BETWEEN,
    BODY_WORDS,
    CAPITAL_ABBREVIATIONS,
    CAPITALS_NOT_BEFORE,
    CARE_AFTER,
    PERSON_CUES,
    PHRASES,
    POSSESSIVES,
    ROLE_NOUNS,
    RULES,
    SIDE_WORDS,
    STATES,
    WOUNDS,
    Rule,
)

__all__ = ["ClinicalTerm", "clinical_terms", "description_note", "highlight", "looks_clinical",
           "rephrase_message"]

# Medical suffixes: a longer word ending with one of these reads as clinical...
SUFFIXES = ("itis", "oma", "omas", "osis", "oses", "ectomy", "ectomies", "otomy", "ostomy",
            "plasty", "algia", "pathy", "emia", "aemia", "plegia", "plegic", "paresis",
            "sarcoma", "scopy", "iasis", "phobia", "phobic", "orrhea", "orrhoea", "lexia",
            "calculia", "graphia", "praxia", "phasia", "kinesia", "tonia", "trophy")
# ...and a longer word beginning "dys-" (dyspraxia, dysphagia)...
PREFIXES = ("dys",)
# ...except these everyday words.
NOT_CLINICAL = words_of("""
diploma diplomas aroma aromas soma stoma roma idioma chroma tacoma oklahoma paloma sonoma
hypnosis osmosis symbiosis metamorphosis apotheosis empathy sympathy apathy telepathy
antipathy academia bohemia homophobia xenophobia transphobia islamophobia technophobia
trophy trophies dysfunction dysfunctional dystopia dystopian
""")
# Spinal levels (L4-L5, C5/C6), ICD-10 codes (M54.5), doses (50mg, 0.5 mg; not "mg/L").
PATTERNS = re.compile(r"\b[CTLS]\d{1,2}\s*[-/]\s*[CTLS]?\d{1,2}\b"
                      r"|\b[A-TV-Z]\d{2}\.\d{1,2}\b"
                      r"|\b\d+(?:\.\d+)?\s?(?:mg|mcg|µg)\b(?!\s*/)", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_LONGEST_PHRASE = max(len(p.split()) for p in PHRASES)
_NEAR = 3  # how many words before a "person" word its cue may stand


@dataclass(frozen=True)
class ClinicalTerm:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    raw: str
    word: str  # lower case, without a possessive "'s"
    joined: bool  # joined to the next token by a hyphen ("self-harm", "sickle-cell")


def _tokens(text: str) -> list[_Token]:
    found = []
    for m in _TOKEN.finditer(text):
        word = re.sub(r"['’]s$", "", m.group(0).lower()).replace("’", "'")
        joined = text[m.end():m.end() + 1] == "-"
        found.append(_Token(m.start(), m.end(), m.group(0), word, joined))
    return found


def _variants(word: str) -> list[str]:
    """The word, its singular, and its American spelling ("tumours" -> "tumor")."""
    forms = [word]
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and len(word) > 3:
        forms.append(word[:-1])
    for form in list(forms):
        american = (form.replace("ae", "e").replace("oe", "e").replace("our", "or")
                    .replace("isation", "ization").replace("ised", "ized"))
        if american != form:
            forms.append(american)
    return forms


def _rare_word(word: str) -> bool:
    """A word of the medical vocabulary or with a medical suffix."""
    vocabulary = clinical_vocabulary.words()
    for form in _variants(word):
        if form in vocabulary:
            return True
        if len(form) >= 6 and form not in NOT_CLINICAL and (
                form.endswith(SUFFIXES) or form.startswith(PREFIXES)):
            return True
    return False


def _rule_of(word: str) -> Rule | None:
    for form in _variants(word):
        if form in RULES:
            return RULES[form]
    return None


def _body_near(tokens: list[_Token], i: int) -> bool:
    """A body part right before the word ("knee pain", "wrist was broken") or just after
    it, past a few small words ("broke his left wrist", "cut on her hand")."""
    j = i - 1
    while j >= 0 and i - j <= 3 and tokens[j].word in BETWEEN and tokens[j].word not in (
            "of", "a", "an", "the", "to", "in", "into", "at", "on"):
        j -= 1
    if j >= 0 and tokens[j].word in BODY_WORDS:
        return True  # "knee pain", "wrist was broken"
    j = i + 1
    while j < len(tokens) and j - i <= 4 and tokens[j].word in BETWEEN:
        j += 1
    if j < len(tokens) and _a_body_part(tokens, j):
        return True
    # Further on, a person's own: "burned by hot tar on his arm".
    for j in range(i + 2, min(len(tokens), i + 8)):
        if tokens[j].word in POSSESSIVES:
            k = j + 1
            while k < len(tokens) and tokens[k].word in SIDE_WORDS:
                k += 1
            if k < len(tokens) and tokens[k].word in BODY_WORDS:
                return True
    return False


def _a_body_part(tokens: list[_Token], j: int) -> bool:
    """Token `j` names a person's body part: not a machine's ("the arm of the
    excavator"), and "back" only as a person's ("cut back the brush", "his lower back")."""
    if tokens[j].word not in BODY_WORDS:
        return False
    if j + 1 < len(tokens) and tokens[j + 1].word == "of":
        return False
    if tokens[j].word == "back":
        return j > 0 and tokens[j - 1].word in POSSESSIVES | SIDE_WORDS
    return True


def _person_near(tokens: list[_Token], i: int, word: str) -> bool:
    if i + 1 < len(tokens) and tokens[i + 1].word in CARE_AFTER:
        return True
    if i > 0 and tokens[i - 1].word in BODY_WORDS and tokens[i - 1].word != "back":
        return True  # "stomach flu", "chest cold", "heart surgery"
    if i == 0 and word in STATES:
        return True
    return any(t.word in PERSON_CUES for t in tokens[max(0, i - _NEAR):i])


def _in_context(tokens: list[_Token], i: int, rule: Rule, injuries: bool) -> bool:
    after = tokens[i + 1].word if i + 1 < len(tokens) else ""
    before = tokens[i - 1].word if i > 0 else ""
    if after in rule.not_after or before in rule.not_before:
        return False
    if rule.cue == "none":
        return True
    body = injuries and (_body_near(tokens, i) or _injury_next_to(tokens, i))
    if rule.cue == "body":
        return body
    person = _person_near(tokens, i, tokens[i].word)
    return person or body if rule.cue == "both" else person


def _injury_next_to(tokens: list[_Token], i: int) -> bool:
    """Two injury words side by side describe a wound: "infected cut", "bruised, swollen"."""
    return tokens[i].word in WOUNDS and any(
        0 <= j < len(tokens) and tokens[j].word in WOUNDS for j in (i - 1, i + 1))


def _is_role(tokens: list[_Token], end: int) -> bool:
    """A clinical word naming a job or a service: "Addictions counsellor"."""
    return end < len(tokens) and tokens[end].word in ROLE_NOUNS


def _phrase_at(tokens: list[_Token], i: int) -> int:
    """How many tokens a phrase starting at `i` spans (0: none)."""
    for n in range(min(_LONGEST_PHRASE, len(tokens) - i), 1, -1):
        if " ".join(t.word for t in tokens[i:i + n]) in PHRASES:
            return n
    return 0


def _capital(tokens: list[_Token], i: int) -> bool:
    """"MS", "ADD" in capitals, not in a line typed in capitals, nor "MS Teams"."""
    raw = tokens[i].raw
    if raw not in CAPITAL_ABBREVIATIONS:
        return False
    if i + 1 < len(tokens) and tokens[i + 1].word in CAPITALS_NOT_BEFORE:
        return False
    around = [t.raw for t in tokens[max(0, i - 1):i + 2] if t is not tokens[i]]
    return not (around and all(t.isupper() and len(t) > 1 for t in around))


def _spans(tokens: list[_Token], injuries: bool) -> list[tuple[int, int]]:
    """(first, last + 1) token index of each clinical term."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        n = _phrase_at(tokens, i)
        if n and not _is_role(tokens, i + n):
            spans.append((i, i + n))
            i += n
            continue
        token = tokens[i]
        if token.joined and i + 1 < len(tokens):  # "sickle-cell", "a-fib", "epi-pen"
            pairs = (f"{token.word}-{tokens[i + 1].word}", f"{token.word}{tokens[i + 1].word}")
            if any(pair in ABBREVIATIONS or _rare_word(pair)
                   or (RULES.get(pair) or Rule("")).cue == "none" for pair in pairs):
                if not _is_role(tokens, i + 2):
                    spans.append((i, i + 2))
                i += 2
                continue
        rule = _rule_of(token.word)
        clinical = (token.word in ABBREVIATIONS or _capital(tokens, i)
                    or (rule is not None and _in_context(tokens, i, rule, injuries))
                    or (rule is None and _rare_word(token.word)))
        if clinical and not _is_role(tokens, i + 1):
            spans.append(_with_body_part(tokens, i, spans))
        i += 1
    return spans


def _with_body_part(tokens: list[_Token], i: int, spans: list[tuple[int, int]]
                    ) -> tuple[int, int]:
    """The term with the body part right beside it: "broken leg", "knee pain"."""
    start, end = i, i + 1
    if end < len(tokens) and tokens[end].word in BODY_WORDS:
        end += 1
    if start > 0 and tokens[start - 1].word in BODY_WORDS and not (
            spans and spans[-1][1] > start - 1):
        start -= 1
    return start, end


def clinical_terms(text: str | None, *, injuries: bool = True) -> list[ClinicalTerm]:
    """Every clinical-looking term in `text`, in order, without overlaps. `injuries=False`
    lets an injury told in everyday words pass ("cut her hand on the blade"): for the
    description of what happened, which must say so."""
    if not text:
        return []
    tokens = _tokens(text)
    found = [ClinicalTerm(tokens[a].start, tokens[b - 1].end, text[tokens[a].start:
                                                                  tokens[b - 1].end])
             for a, b in _spans(tokens, injuries)]
    found += [ClinicalTerm(m.start(), m.end(), m.group(0)) for m in PATTERNS.finditer(text)]
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[ClinicalTerm] = []
    for term in found:
        if not kept or term.start >= kept[-1].end:
            kept.append(term)
    return kept


def looks_clinical(text: str | None) -> bool:
    return bool(clinical_terms(text))


def highlight(text: str, mark: str = "*:warning: {}*") -> str:
    """`text` with each clinical-looking term wrapped by `mark` (the text must already be
    escaped for Slack if it is going there)."""
    out, at = [], 0
    for term in clinical_terms(text):
        out += [text[at:term.start], mark.format(term.text)]
        at = term.end
    out.append(text[at:])
    return "".join(out)


def rephrase_message(text: str | None, instead: str = "the work") -> str | None:
    """The kind refusal for text others will read, naming the words that read as clinical,
    or None when it reads as work. `instead`: what to write ("the job itself")."""
    terms = list(dict.fromkeys(t.text for t in clinical_terms(text)))
    if not terms:
        return None
    shown = ", ".join(f"“{t}”" for t in terms[:3])
    return (f"This reads as clinical ({shown}), and others will read it: please describe "
            f"{instead} instead — no diagnosis, symptoms, medication or treatment.")


# Said to a supervisor whose description of what happened reads as clinical (the answer is
# kept as typed, for the employer's report only).
DESCRIPTION_NOTE = (
    "Thank you. Your description may include medical detail, such as a diagnosis or a "
    "treatment. The WSIB's report needs what happened, not the diagnosis — if you'd like to "
    "rephrase it, type *change what happened*. Whatever you keep is used only in the "
    "employer's report, never shown to the team."
)


def description_note(key: str, value: object) -> str | None:
    """The kind note for an intake answer, when it is the description and reads as
    clinical."""
    if key == "description" and isinstance(value, str) and clinical_terms(value,
                                                                          injuries=False):
        return DESCRIPTION_NOTE
    return None
