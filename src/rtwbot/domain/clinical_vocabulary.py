"""The medical vocabulary the clinical check draws on: the words of ICD-10-CM's descriptions
(diseases, symptoms, injuries, poisonings by drugs) and of a drug-name dictionary (generic
and brand names), less every word of ordinary English — those are judged in context by
``clinical_words``. One word a line in ``clinical_vocabulary.txt``, loaded once, lazily.

Why a file built from packages rather than the packages at run time: parsing ICD-10-CM's
tabular list takes seconds and the word-frequency list that tells "osteosarcoma" from
"paving" is 57 MB; the bot needs neither to start, only the ~30,000 words that result.
Rebuild after a new release of a source (the test ``test_clinical_vocabulary`` fails until
you do): ``python -m rtwbot.domain.clinical_vocabulary`` (needs the ``vocabulary`` extra:
``pip install -e '.[vocabulary]'``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NoReturn

VOCABULARY_FILE = Path(__file__).with_name("clinical_vocabulary.txt")


def words_of(text: str) -> frozenset[str]:
    """The words of a list written as text, one or more a line."""
    return frozenset(text.split())


def phrases_of(text: str) -> frozenset[str]:
    """The phrases of a list written as text, separated by "|" or a new line."""
    return frozenset(p.strip() for p in text.replace("\n", "|").split("|") if p.strip())

# A word of English at least this common (wordfreq's Zipf scale: 3 is once per million
# words) is ordinary: it is kept only when ``clinical_words`` lists it.
ICD_RARER_THAN = 2.9
DRUG_RARER_THAN = 2.0
MIN_LENGTH = 4  # shorter tokens are abbreviations, listed by hand where they are clinical

# ICD-10-CM chapters read: diseases and symptoms (A00-R99), injuries (S00-T34), poisoning
# by drugs (T36-T50) and the effects of heat, cold, pressure... (T66-T78). Not read: the
# toxic effects of workplace substances (T51-T65: solvents, pesticides), complications of
# care (T79-T88: electrodes, grafts), external causes (V-Y: ladders, mowers, machinery)
# and the factors of Z (work, housing, schooling): their words are everyday work.
_ICD_T_KEPT = (range(0, 35), range(36, 51), range(66, 79))

# Rare words of ICD-10-CM or the drug dictionary that are everyday work, food or place
# names (found by reading the lists this module builds).
ORDINARY = words_of("""
accretions acerola acetylene adhesives alder almora aloes americana annular arima arvin
asafoetida atrazine avita babbling bagasse ballooning banan bauxite benzalkonium benzoin
bicol bifurcation biomet biosynthesis brawny bronzed buche budgerigar calamus calcio
cambia capex cardamon carwin catechu cementation chignon chlorhexidine chloroform chrom
cinna classifiable clearasil cobre coban combativeness congruent conjugate conjugation
constriction continua convolutions copal corkscrew creases dagan depolarization desultory
detergents dipstick displeasing dolin dressers dusts effluent eisen elaboration ethylenediamine
eugenol evasiveness everted exfoliation extractor extruded faltering firs flabby flatback
flecks flours foliate fortum furrier girdle glyphosate goldenseal gravitation greases
greyness guanidine gyrate harvester haymaker hemel hexamine hierro humidifier hybridization
imidacloprid inadvertent incongruent indio insensible irregularity isopropanol jumex kalma
kinking kobalt kupfer laennec lasan laurine lightwood ligature localizes longum luminal
luminol malathion mappin mersal methylamine milker misalignment misdirection moldy molybdenum
montmorillonite mottled nitrates nonfunctioning nonmagnetic noxzema nutrasweet obscuring
olean olestra overfeeding overfill overgrowth overhanging overproduction ovide palisade
permethrin planum platino plucking povidone precipitate precipitous prent primus puckering
quadrilateral quintuplets radicchio rearrangement recov restylane rhein rotenone safra
sanchi scanty scintillating selen septuplets serina sevin sextuplets shuddering sidewall
sighing slowness smearing smoldering smouldering snakeroot soiling spirulina squalane
steely sucralose talc talco tardy thein theon thomasin thymol transducer transitory
triclosan trichloroethylene trinitrotoluene ukrain unclassifiable unrepairable unroofed
vanadium vanos verbosity vestra webbing wedging weightlessness welders winking
""")

_WORD = re.compile(r"[a-z]+(?:['\-][a-z]+)*")


@cache
def words() -> frozenset[str]:
    """The vocabulary: lower-case words, hyphenated ones as written ("sickle-cell")."""
    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _icd_code_kept(code: str) -> bool:
    if code[:1] in "ABCDEFGHIJKLMNOPQRS":
        return True
    if code[:1] == "T" and code[1:3].isdigit():
        return any(int(code[1:3]) in kept for kept in _ICD_T_KEPT)
    return False


def _tokens(text: str) -> set[str]:
    found: set[str] = set()
    for word in _WORD.findall(text.lower()):
        word = re.sub(r"'s$", "", word)
        found.add(word)
        if "-" in word:
            found.update(word.split("-"))
    return found


def icd_words() -> set[str]:
    """Every word of the kept chapters' descriptions and inclusion terms."""
    import xml.etree.ElementTree as ET
    from importlib import resources

    data = resources.files("simple_icd_10_cm.data")
    [tabular] = [f for f in data.iterdir() if f.name.startswith("icd10c-tabular")]
    found: set[str] = set()
    for _, el in ET.iterparse(str(tabular), events=("end",)):
        if el.tag != "diag" or not _icd_code_kept(el.findtext("name") or ""):
            continue
        texts = [el.findtext("desc") or ""]
        inclusion = el.find("inclusionTerm")
        if inclusion is not None:
            texts += [note.text or "" for note in inclusion.findall("note")]
        for text in texts:
            found |= _tokens(text)
    return found


def drug_words() -> set[str]:
    """One-word names of drugs (DrugBank or Wikipedia entries, and brands)."""
    import bz2
    import pickle
    from importlib import resources

    class PlainData(pickle.Unpickler):  # the dictionary is plain dicts, lists and strings
        def find_class(self, module: str, name: str) -> NoReturn:
            raise pickle.UnpicklingError(f"unexpected object {module}.{name}")

    source = resources.files("drug_named_entity_recognition") / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(str(source), "rb") as raw:
        data = PlainData(raw).load()
    canonical = data["drug_canonical_to_data"]
    variants = data["drug_variant_to_variant_data"]
    found: set[str] = set()
    for variant, names in data["drug_variant_to_canonical"].items():
        if not re.fullmatch(r"[a-z][a-z'\-]*[a-z]", variant):
            continue
        real = variants.get(variant, {}).get("is_brand") or any(
            "drugbank_id" in canonical.get(n, {}) or "wikipedia_url" in canonical.get(n, {})
            for n in names)
        if real:
            found.add(variant)
    return found


def build() -> list[str]:
    """The vocabulary from its sources, sorted (what the file holds)."""
    from wordfreq import zipf_frequency

    def rare(word: str, below: float) -> bool:
        return (len(word) >= MIN_LENGTH and word not in ORDINARY
                and zipf_frequency(word, "en") < below)

    kept = {w for w in icd_words() if rare(w, ICD_RARER_THAN)}
    kept |= {w for w in drug_words() if len(w) > MIN_LENGTH and rare(w, DRUG_RARER_THAN)}
    return sorted(kept)


def sources() -> str:
    """The packages and versions the vocabulary was built from (the file's first line)."""
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in
                     ("simple-icd-10-cm", "drug-named-entity-recognition", "wordfreq"))


def write() -> int:
    built = build()
    VOCABULARY_FILE.write_text(
        f"# Built from {sources()} by `python -m rtwbot.domain.clinical_vocabulary`.\n"
        + "\n".join(built) + "\n", encoding="utf-8")
    return len(built)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    print(f"{write()} words written to {VOCABULARY_FILE.name}")
