"""Clinical-looking words in free text: the maintained list the bot highlights for HR and
uses to ask a person, kindly, to rephrase. Pure.

Why a list and not a judgement: the employer may know functional abilities and limits, never
the diagnosis, cause, symptoms or treatment (Ontario Human Rights Code; the program's
"Privacy"). Free text is never shared anyway (`privacy.shared_restrictions`); this list only
helps the people who decide — HR approving a functional wording, a supervisor describing
what happened — see what reads as clinical. It errs on the side of flagging.

Maintain it here: add a word to the set it belongs to (lower case). A term matches as a
whole word or phrase, case-insensitively; a medical suffix (``-itis``, ``-oma``...) matches
any word that ends with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ClinicalTerm", "clinical_terms", "description_note", "highlight", "looks_clinical"]

# Diagnoses and conditions.
CONDITIONS = frozenset({
    "diagnosis", "diagnosed", "dx", "condition", "disease", "disorder", "syndrome",
    "cancer", "tumour", "tumor", "malignant", "benign", "metastatic", "leukemia", "lymphoma",
    "fracture", "fractured", "sprain", "strain", "herniation", "herniated", "hernia",
    "sciatica", "concussion", "dislocation", "rupture", "ruptured", "tear", "torn",
    "diabetes", "diabetic", "epilepsy", "seizure", "seizures", "stroke", "asthma", "copd",
    "hypertension", "heart attack", "infarction", "angina", "arrhythmia", "migraine",
    "depression", "depressive", "anxiety", "ptsd", "bipolar", "schizophrenia", "psychosis",
    "burnout", "adhd", "autism", "dementia", "addiction", "alcoholism", "substance use",
    "pregnant", "pregnancy", "miscarriage", "hiv", "aids", "hepatitis", "covid", "long covid",
    "infection", "lupus", "fibromyalgia", "multiple sclerosis", "ms", "parkinson",
    "parkinson's", "crohn's", "colitis", "ibs", "obesity", "sleep apnea", "vertigo",
    "whiplash", "carpal tunnel", "rotator cuff", "disc", "degenerative", "chronic pain",
    "neuropathy", "radiculopathy", "plantar fasciitis", "gout", "cyst", "lesion",
})
# Medications and treatments.
TREATMENTS = frozenset({
    "medication", "medications", "prescription", "prescribed", "dose", "dosage", "mg",
    "opioid", "opioids", "oxycodone", "codeine", "morphine", "tramadol", "fentanyl",
    "gabapentin", "pregabalin", "ibuprofen", "naproxen", "acetaminophen", "tylenol",
    "advil", "cyclobenzaprine", "muscle relaxant", "antidepressant", "antidepressants",
    "ssri", "sertraline", "fluoxetine", "benzodiazepine", "lorazepam", "diazepam",
    "insulin", "metformin", "steroid", "steroids", "prednisone", "cortisone", "injection",
    "chemotherapy", "chemo", "radiation", "radiotherapy", "surgery", "surgical", "operation",
    "post-op", "postoperative", "physiotherapy", "physio", "chiropractic", "therapy",
    "counselling", "counseling", "psychotherapy", "rehab", "rehabilitation", "mri",
    "ct scan", "x-ray", "xray", "ultrasound", "biopsy", "cast", "splint", "sling",
    "stitches", "sutures", "hospitalized", "hospitalised", "admitted", "icu", "symptom",
    "symptoms", "prognosis", "treatment", "treated",
})
# Anatomy beyond the body part the Form 7 names ("lower back" is fine; "L4-L5" is not).
ANATOMY = frozenset({
    "vertebra", "vertebrae", "lumbar", "thoracic", "cervical", "sacral", "coccyx",
    "femur", "tibia", "fibula", "humerus", "radius", "ulna", "scaphoid", "clavicle",
    "patella", "meniscus", "acl", "mcl", "ligament", "tendon", "cartilage", "nerve",
    "spinal cord", "lung", "lungs", "liver", "kidney", "pancreas", "prostate", "uterus",
    "ovary", "cervix", "thyroid", "bowel", "colon", "bladder", "brain", "cardiac",
})
# Medical suffixes: any word ending with one of these reads as clinical.
SUFFIXES = ("itis", "oma", "omas", "osis", "ectomy", "otomy", "ostomy", "plasty", "algia",
            "pathy", "emia", "aemia", "plegia", "paresis", "sarcoma")
# Words those suffixes would wrongly catch.
NOT_CLINICAL = frozenset({"diploma", "aroma", "coma", "soma", "stoma", "sofa", "roma",
                          "hypnosis", "osmosis", "dogma", "chroma", "idioma", "gosis",
                          "empathy", "sympathy", "apathy", "telepathy", "academia"})
# Patterns: spinal levels (L4-L5, C5/C6), ICD-10 codes (M54.5).
PATTERNS = (r"\b[CTLS]\d{1,2}\s*[-/]\s*[CTLS]?\d{1,2}\b", r"\b[A-TV-Z]\d{2}\.\d{1,2}\b")

_PHRASES = sorted(CONDITIONS | TREATMENTS | ANATOMY, key=len, reverse=True)
_WORDS = re.compile(
    r"(?<![\w'])(" + "|".join(re.escape(p) for p in _PHRASES) + r")(?![\w'])", re.IGNORECASE)
_SUFFIXED = re.compile(r"\b[a-z]+(?:" + "|".join(SUFFIXES) + r")\b", re.IGNORECASE)
_PATTERNED = re.compile("|".join(PATTERNS))


@dataclass(frozen=True)
class ClinicalTerm:
    start: int
    end: int
    text: str


def clinical_terms(text: str | None) -> list[ClinicalTerm]:
    """Every clinical-looking term in `text`, in order, without overlaps."""
    if not text:
        return []
    found: list[ClinicalTerm] = []
    for regex in (_WORDS, _SUFFIXED, _PATTERNED):
        for m in regex.finditer(text):
            if regex is _SUFFIXED and m.group(0).lower() in NOT_CLINICAL:
                continue
            found.append(ClinicalTerm(m.start(), m.end(), m.group(0)))
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
    if key == "description" and isinstance(value, str) and looks_clinical(value):
        return DESCRIPTION_NOTE
    return None
