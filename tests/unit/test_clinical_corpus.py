"""The clinical check against a labelled corpus (tests/unit/corpora/clinical_text.py):
clinical phrasings in everyday and clinical words are caught, ordinary workplace text
passes. The held-out half was not looked at while the word lists were tuned."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rtwbot.domain import clinical_vocabulary
from rtwbot.domain.clinical_terms import clinical_terms, looks_clinical, rephrase_message
from tests.unit.corpora.clinical_text import (
    CLINICAL,
    FRESH_CLINICAL,
    FRESH_WORKPLACE,
    HELD_OUT_CLINICAL,
    HELD_OUT_WORKPLACE,
    KNOWN_MISSES,
    WORKPLACE,
)

MAX_FALSE_POSITIVES = 0.02


def test_the_corpus_is_large_enough_and_labelled_once() -> None:
    clinical = set(CLINICAL + HELD_OUT_CLINICAL + FRESH_CLINICAL)
    workplace = set(WORKPLACE + HELD_OUT_WORKPLACE + FRESH_WORKPLACE)
    assert len(clinical) >= 400 and len(workplace) >= 400
    assert not clinical & workplace


def test_every_clinical_phrasing_of_the_tuning_half_is_caught() -> None:
    assert [text for text in CLINICAL if not looks_clinical(text)] == []
    assert [text for text in FRESH_CLINICAL if not looks_clinical(text)] == KNOWN_MISSES


def test_held_out_clinical_phrasings_are_caught() -> None:
    missed = [text for text in HELD_OUT_CLINICAL if not looks_clinical(text)]
    assert len(missed) <= 0.02 * len(HELD_OUT_CLINICAL), missed
    caught = len(CLINICAL) + len(HELD_OUT_CLINICAL) - len(missed)
    assert caught >= 200


@pytest.mark.parametrize("corpus", [WORKPLACE, HELD_OUT_WORKPLACE, FRESH_WORKPLACE],
                         ids=["tuned", "held-out", "fresh"])
def test_ordinary_workplace_text_passes(corpus: list[str]) -> None:
    flagged = [(text, [t.text for t in clinical_terms(text)]) for text in corpus
               if looks_clinical(text)]
    assert len(flagged) <= MAX_FALSE_POSITIVES * len(corpus), flagged


@pytest.mark.parametrize(("text", "clinical"), [
    ("broke the mower", False), ("broke his wrist", True), ("the mower is broken", False),
    ("cut the grass", False), ("cut on her left hand", True), ("cut back the brush", False),
    ("cut his lower back", True), ("burned by hot tar on his arm", True),
    ("cut the grass with hand tools", False), ("the arm of the excavator is broken", False),
    ("we ran a fever of orders", False), ("ran a fever all night", True),
    ("fill the depression in the turf", False), ("her depression", True),
    ("Depressed since the accident", True), ("tree surgery crew", False),
    ("surgery next week", True), ("MS Teams meeting", False), ("MS flare", True),
    ("Ms. Patel", False), ("50 mL samples", False), ("mg/L chlorine readings", False),
    ("sertraline 50mg", True), ("X-ray technician", False), ("x-ray of the wrist", True),
    ("Addictions counsellor", False), ("addiction issues", True), ("cast iron pipe", False),
    ("arm in a cast", True), ("flu season staffing", False), ("has the flu", True),
    ("stomach flu", True), ("water treatment plant", False), ("cancer treatment", True),
    ("tumours", True), ("haemorrhage", True), ("oedema", True), ("Crohn's", True),
    ("a-fib", True), ("epi-pen", True), ("dyspraxia", True), ("ADD", True),
    ("ADD THE NEW HOURS", False), ("lithium batteries", False), ("on lithium", True),
])
def test_context_decides_the_everyday_words(text: str, clinical: bool) -> None:
    assert looks_clinical(text) is clinical, [t.text for t in clinical_terms(text)]


def test_an_injury_told_in_everyday_words_is_allowed_where_it_must_be_told() -> None:
    assert clinical_terms("cut her hand on the blade")
    assert not clinical_terms("cut her hand on the blade", injuries=False)
    assert clinical_terms("sciatica after lifting", injuries=False)


def test_the_refusal_names_the_words_and_says_what_to_write_instead() -> None:
    message = rephrase_message("Lead hand ZZDIAG osteosarcoma", "the job itself")
    assert message is not None and "“osteosarcoma”" in message and "the job itself" in message
    assert "ZZDIAG" not in message  # only the clinical words are quoted back
    assert rephrase_message("Lead hand") is None


def test_the_vocabulary_is_loaded_only_when_first_needed() -> None:
    """Start-up stays fast: importing the check reads no word list."""
    code = ("import rtwbot.domain.clinical_terms, rtwbot.slack.app;"
            "from rtwbot.domain import clinical_vocabulary as v;"
            "print(v.words.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "0"
    assert len(clinical_vocabulary.words()) > 20_000


def test_the_vocabulary_is_what_its_sources_give() -> None:
    """A new release of ICD-10-CM or the drug dictionary: rebuild the file
    (`python -m rtwbot.domain.clinical_vocabulary`)."""
    pytest.importorskip("simple_icd_10_cm")
    pytest.importorskip("wordfreq")
    text = clinical_vocabulary.VOCABULARY_FILE.read_text(encoding="utf-8")
    header, *listed = text.splitlines()
    assert clinical_vocabulary.sources() in header
    assert listed == clinical_vocabulary.build()
    vocabulary = set(listed)
    assert {"spondylolisthesis", "tenosynovitis", "venlafaxine", "hydromorphone"} <= vocabulary
    assert not {"paving", "mower", "welders", "glyphosate", "forklift"} & vocabulary
