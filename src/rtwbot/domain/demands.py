"""The physical demands of a duty and the limits of a restriction, in one small vocabulary
matched to the functional abilities form (lifting, carrying, pushing / pulling, motorized
equipment, ladders and heights, stairs, bending / twisting, work above the shoulder,
standing, walking, sitting, gripping, pinching, repetitive movement, the environment,
safety-sensitive work, complex decisions). Pure.

A duty's demands are read from its words and numbers ("Carrying 20 kg soil bags" carries
20 kg; "Operating the ride-on mower" operates motorized equipment); a restriction line's
limit from the form's own words ("Carrying: up to 5 kg", "Operating motorized equipment:
not able", "Walking: other") or from a wording HR wrote ("no ladders"). What is negated is
not a demand ("no lifting", "without a ladder"); "no lifting over 10 kg" lifts up to 10 kg.
It errs on the side of asking: `domain.plan_fit` turns a demand whose amount is not said,
under a limit with an amount, into a question, never into a pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    LIFT = "lifting"
    CARRY = "carrying"
    PUSH_PULL = "pushing / pulling"
    MOTORIZED = "operating motorized equipment"
    DRIVING = "driving"
    LADDER = "ladders and heights"
    STAIRS = "climbing stairs"
    BEND = "bending / twisting"
    OVERHEAD = "work at or above the shoulder"
    STAND = "standing"
    WALK = "walking"
    SIT = "sitting"
    GRIP = "gripping"
    PINCH = "pinching"
    REPETITIVE = "repetitive movement"
    ENVIRONMENT = "heat, cold, noise, scents or chemicals"
    SAFETY = "safety-sensitive work"
    COGNITIVE = "complex decisions or sustained concentration"
    HOURS = "hours of work"


class Dim(StrEnum):
    """What an amount measures, in one unit each."""

    WEIGHT = "kg"
    TIME = "min"
    DISTANCE = "m"
    STEPS = "steps"


# What a kind's amount is measured in, when it has one.
KIND_DIM = {Kind.LIFT: Dim.WEIGHT, Kind.CARRY: Dim.WEIGHT, Kind.PUSH_PULL: Dim.WEIGHT,
            Kind.STAND: Dim.TIME, Kind.WALK: Dim.DISTANCE, Kind.SIT: Dim.TIME,
            Kind.LADDER: Dim.STEPS, Kind.STAIRS: Dim.STEPS}
# Work that must not be given when medication may affect safety (or concentration is limited).
SAFETY_SENSITIVE = frozenset({Kind.MOTORIZED, Kind.DRIVING, Kind.LADDER})
UNLIMITED = float("inf")
MAX_TEXT = 2000  # a duty or a restriction line longer than this is read up to here


@dataclass(frozen=True)
class Demand:
    """What one duty needs of one ability: `amount` in the kind's unit (None: not said;
    inf: all day / the whole shift), `occasional` when the duty says so, `words` what in the
    duty showed it."""

    kind: Kind
    words: str
    amount: float | None = None
    occasional: bool = False


class Level(StrEnum):
    NOT_ABLE = "not able"
    MAX = "up to an amount"
    LIMITED = "limited"
    UNWORDED = "limit set, wording to confirm"


@dataclass(frozen=True)
class Limit:
    """One restriction line's limit on one kind of demand; `amount` for Level.MAX."""

    kind: Kind
    level: Level
    line: str
    amount: float | None = None


# --- words -----------------------------------------------------------------------------------
def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


# A duty's words, per kind (lower case, hyphens read as spaces). Order matters only for the
# words one kind consumes before another sees them (a forklift is not lifting).
_MACHINES = (r"forklifts?", r"fork lifts?", r"lift trucks?", r"scissor lifts?", r"boom lifts?",
             r"aerial lifts?", r"bucket trucks?", r"cherry pickers?", r"chair ?lifts?")
DUTY_WORDS: tuple[tuple[frozenset[Kind], re.Pattern[str]], ...] = (
    (frozenset({Kind.MOTORIZED, Kind.LADDER}),
     _words(r"scissor lifts?", r"boom lifts?", r"aerial lifts?", r"bucket trucks?",
            r"cherry pickers?")),
    (frozenset({Kind.MOTORIZED}),
     _words(r"forklifts?", r"fork lifts?", r"lift trucks?", r"mow(?:er|ers|ing|s)?", r"mow",
            r"ride on", r"tractors?", r"loaders?", r"backhoes?", r"excavators?", r"bulldozers?",
            r"skid steers?", r"bobcats?", r"zambonis?", r"ice resurfacers?", r"chain ?saws?",
            r"(?:leaf |snow )?blowers?", r"(?:string |hedge |line )?trimmers?",
            r"weed (?:whackers?|wackers?|eaters?)", r"whipper snippers?", r"edgers?",
            r"(?:power|pressure) washers?", r"floor (?:scrubbers?|buffers?|burnishers?)",
            r"sweepers?", r"golf carts?", r"utility vehicles?", r"atvs?", r"gators?",
            r"motori[sz]ed", r"machinery", r"heavy equipment", r"power equipment",
            r"operat\w* (?:the |a |an )?(?:equipment|machines?|machinery)", r"cranes?",
            r"plows?", r"ploughs?", r"snowplows?", r"chippers?", r"tillers?",
            r"rototillers?", r"augers?", r"compactors?", r"jackhammers?")),
    (frozenset({Kind.DRIVING, Kind.MOTORIZED}),
     _words(r"driv(?:e|es|ing|er|ers)", r"drove", r"(?<!hand )trucks?", r"vans?",
            r"vehicles?")),
    (frozenset({Kind.LADDER}),
     _words(r"ladders?", r"step ?ladders?", r"step ?stools?", r"scaffold(?:s|ing)?",
            r"roofs?", r"rooftops?", r"heights?", r"elevated",
            r"climb(?:s|ing)?(?!(?: \w+){0,2} (?:stairs?|steps|staircases?|stairwells?|"
            r"flights?)\b)")),
    (frozenset({Kind.STAIRS}),
     _words(r"stairs?", r"stairways?", r"stairwells?", r"staircases?", r"flights?")),
    (frozenset({Kind.BEND}),
     _words(r"bend(?:s|ing)?", r"bent", r"stoop(?:s|ing)?", r"twist(?:s|ing)?",
            r"kneel(?:s|ing)?", r"crouch(?:es|ing)?", r"squat(?:s|ting)?", r"weeding",
            r"dig(?:s|ging)?", r"shovel(?:s|l?ing)?", r"floor level", r"ground level")),
    (frozenset({Kind.OVERHEAD}),
     _words(r"overhead", r"above (?:the |your |their |his |her )?(?:shoulders?|head)",
            r"reach(?:es|ing)? (?:up|high|overhead)", r"high shel(?:f|ves|ving)",
            r"top shel(?:f|ves)", r"ceilings?")),
    (frozenset({Kind.LIFT}),
     _words(r"lift(?:s|ing|ed)?", r"load(?:s|ing)?(?! (?:dock|bay|zone|area)s?\b)",
            r"unload(?:s|ing)?",
            r"stack(?:s|ing)?", r"hoist(?:s|ing)?", r"heav(?:e|es|ing)")),
    (frozenset({Kind.CARRY}),
     _words(r"carr(?:y|ies|ying|ied)", r"haul(?:s|ing)?", r"lug(?:s|ging)?")),
    (frozenset({Kind.PUSH_PULL}),
     _words(r"push(?:es|ing)?", r"pull(?:s|ing)?", r"wheel ?barrows?", r"dolly", r"dollies",
            r"hand ?trucks?", r"trolleys?", r"pallet jacks?", r"drag(?:s|ging)?",
            r"tow(?:s|ing)?", r"carts?")),
    (frozenset({Kind.STAND}),
     _words(r"stand(?:s|ing)?", r"on (?:your|their|his|her|my) feet")),
    (frozenset({Kind.WALK}),
     _words(r"walk(?:s|ing)?(?! in (?:cooler|freezer)s?\b)", r"patrol(?:s|l?ing)?",
            r"on foot", r"rounds", r"deliver\w* (?:the )?(?:mail|flyers|notices|memos)")),
    (frozenset({Kind.SIT}),
     _words(r"sit(?:s|ting)?", r"seated")),
    (frozenset({Kind.GRIP}),
     _words(r"grip(?:s|ping)?", r"grasp(?:s|ing)?", r"power tools?", r"drill(?:s|ing)?",
            r"hammer(?:s|ing)?", r"wrench(?:es|ing)?", r"shears", r"pruners", r"chain ?saws?",
            r"jackhammers?", r"shovel(?:s|l?ing)?")),
    (frozenset({Kind.PINCH}),
     _words(r"pinch(?:es|ing)?", r"fine motor", r"small parts", r"sewing", r"threading")),
    (frozenset({Kind.REPETITIVE}),
     _words(r"repetitive", r"repetition", r"typing", r"data entry", r"keyboard(?:ing)?",
            r"assembly lines?")),
    (frozenset({Kind.ENVIRONMENT}),
     _words(r"heat", r"hot", r"cold", r"freezers?", r"walk in coolers?", r"noise", r"noisy",
            r"loud", r"chemicals?", r"pesticides?", r"herbicides?", r"fertili[sz]ers?",
            r"solvents?", r"fumes", r"dust", r"dusty", r"scents?", r"fragrances?",
            r"chlorine", r"spray(?:s|ing)?")),
    (frozenset({Kind.COGNITIVE}),
     _words(r"complex", r"decisions?", r"supervis(?:e|es|ing)", r"budget(?:s|ing)?",
            r"cash handling", r"multi ?task(?:s|ing)?")),
)
_NEGATION = re.compile(r"\b(?:no|not|never|without|avoid(?:s|ing)?|nor|except|instead of|"
                       r"rather than|other than|free of|don'?t|doesn'?t|won'?t|cannot|can'?t|"
                       r"no need to|none)\b[^.;,()]*$")
_OCCASIONAL = _words(r"occasional(?:ly)?", r"brief(?:ly)?", r"now and then", r"rarely",
                     r"once (?:a|per) (?:day|shift|week)", r"a few times", r"infrequent(?:ly)?")
_ALL_DAY = _words(r"all day", r"(?:the )?(?:full|whole|entire) (?:shift|day)", r"all shift",
                  r"continuous(?:ly)?", r"constant(?:ly)?", r"non ?stop", r"all the time")

# --- numbers ---------------------------------------------------------------------------------
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12, "fifteen": 15, "twenty": 20, "twenty five": 25, "thirty": 30,
                 "forty": 40, "forty five": 45, "fifty": 50, "half an": 0.5, "half a": 0.5}
_NUM = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS),
                                              key=len, reverse=True)) + r")"
_RANGE = _NUM + r"(?:\s*(?:-|–|to)\s*" + _NUM + r")?"
# unit -> (dimension, factor to the dimension's unit)
_UNITS: tuple[tuple[str, Dim, float], ...] = (
    (r"kg|kgs|kilos?|kilograms?|kilogrammes?", Dim.WEIGHT, 1.0),
    (r"lbs?|pounds?", Dim.WEIGHT, 0.45359237),
    (r"g|grams?", Dim.WEIGHT, 0.001),
    (r"h|hrs?|hours?", Dim.TIME, 60.0),
    (r"min|mins|minutes?", Dim.TIME, 1.0),
    (r"km|kilomet(?:er|re)s?", Dim.DISTANCE, 1000.0),
    (r"m|met(?:er|re)s?", Dim.DISTANCE, 1.0),
    (r"ft|feet|foot", Dim.DISTANCE, 0.3048),
    (r"steps?|rungs?", Dim.STEPS, 1.0),
    (r"flights?", Dim.STEPS, 12.0),  # a flight of stairs: about 12 steps
)
_AMOUNT = re.compile(_RANGE + r"\s*(?:" + "|".join(f"({u})" for u, _, _ in _UNITS) + r")\b")
STEP_STOOL_STEPS = 2


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


@dataclass(frozen=True)
class _Amount:
    dim: Dim
    value: float  # the range's upper end, in the dimension's unit
    at: int  # where it starts in the text


def amounts(text: str) -> list[_Amount]:
    """Every amount with a unit in `text` (normalized): "20 kg", "5-10 lb", "2 flights"."""
    out = []
    for m in _AMOUNT.finditer(text):
        said = [v for v in (_number(m.group(1)), _number(m.group(2))) if v is not None]
        unit = next(i for i in range(len(_UNITS)) if m.group(3 + i) is not None)
        _, dim, factor = _UNITS[unit]
        if said:
            out.append(_Amount(dim, max(said) * factor, m.start()))
    return out


def normalize(text: str) -> str:
    """Lower case, hyphens and slashes between words as spaces, one space between words."""
    text = (text or "")[:MAX_TEXT].lower().replace("\u2019", "'")
    text = re.sub(r"(?<=[a-z0-9])[-/](?=[a-z])", " ", text)  # "ride-on", "6-step"
    text = re.sub(r"(?<=\d)(?=[a-z])", " ", text)  # "20kg" -> "20 kg"
    return " ".join(text.split())


_SEPARATOR = r"[;!?]|\.(?!\d)|,(?!\d)|\bthen\b|\bwhile\b|\bbut\b"


def clauses(text: str) -> list[str]:
    """Pieces of a duty that each say one thing: split at punctuation, "then", "but"."""
    return [p for p in re.split(_SEPARATOR, text) if p and p.strip()]


def _nearest(found: list[_Amount], dim: Dim, at: int) -> float | None:
    """The amount of `dim` said after `at` (the nearest), else before it."""
    mine = [a for a in found if a.dim is dim]
    after = [a for a in mine if a.at >= at]
    if after:
        return min(after, key=lambda a: a.at).value
    return max(mine, key=lambda a: a.at).value if mine else None


# "no lifting over 10 kg", "not more than 2 hours standing": an amount, not a negation.
_COMPARED = re.compile(r"\b(?:more than|over|above|beyond|heavier than|longer than|up to|"
                       r"at most|max\w*|under|less than|below)\b")
_SAFETY_TOOLS = _words(r"power tools?", r"chain ?saws?", r"jackhammers?")


def duty_demands(duty: str) -> tuple[Demand, ...]:
    """What the duty needs, kind by kind (one `Demand` per kind, the largest amount said)."""
    found: dict[Kind, Demand] = {}
    for clause in clauses(normalize(duty)):
        nums = amounts(clause)
        occasional = bool(_OCCASIONAL.search(clause))
        all_day = bool(_ALL_DAY.search(clause))
        compared = bool(_COMPARED.search(clause))
        taken, kinds_here = clause, set()
        for kinds, pattern in DUTY_WORDS:
            for m in pattern.finditer(taken):
                if _NEGATION.search(taken[:m.start()]) and not compared:
                    continue
                for kind in kinds:
                    kinds_here.add(kind)
                    _add(found, kind, m.group(0), _amount_for(kind, m, nums, all_day),
                         occasional)
                if kinds & SAFETY_SENSITIVE or _SAFETY_TOOLS.fullmatch(m.group(0)):
                    _add(found, Kind.SAFETY, m.group(0), None, False)
            # What one kind took, no other kind reads again (a forklift is not lifting).
            taken = pattern.sub(lambda m: " " * len(m.group(0)), taken)
        weights = [a for a in nums if a.dim is Dim.WEIGHT]
        if weights and not kinds_here & {Kind.LIFT, Kind.CARRY, Kind.PUSH_PULL} \
                and not (_NEGATION.search(clause[:weights[0].at]) and not compared):
            heaviest = max(weights, key=lambda a: a.value)
            amount = _AMOUNT.match(clause, heaviest.at)
            assert amount is not None  # the weight was read at this very place
            said = amount.group(0)
            for kind in (Kind.LIFT, Kind.CARRY):  # a weight handled: lifted and carried
                _add(found, kind, said, heaviest.value, occasional)
    return tuple(found.values())


def _amount_for(kind: Kind, m: re.Match[str], nums: list[_Amount], all_day: bool) -> float | None:
    dim = KIND_DIM.get(kind)
    if dim is None:
        return None
    if kind is Kind.LADDER and "stool" in m.group(0):
        return float(STEP_STOOL_STEPS)
    value = _nearest(nums, dim, m.start())
    if value is None and all_day and dim in (Dim.TIME, Dim.DISTANCE):
        return UNLIMITED
    return value


def _add(found: dict[Kind, Demand], kind: Kind, words: str, amount: float | None,
         occasional: bool) -> None:
    """Keep one demand per kind: the largest amount said (not said wins: it must be asked),
    occasional only when every mention is."""
    old = found.get(kind)
    if old is None:
        found[kind] = Demand(kind, words, amount, occasional)
        return
    merged = None if old.amount is None or amount is None else max(old.amount, amount)
    found[kind] = Demand(kind, old.words if merged == old.amount else words, merged,
                         old.occasional and occasional)


# --- restriction lines -------------------------------------------------------------------
_LIMIT_KINDS: tuple[tuple[frozenset[Kind], re.Pattern[str]], ...] = (
    (frozenset({Kind.LIFT}), _words(r"lift\w*")),
    (frozenset({Kind.CARRY}), _words(r"carr\w*")),
    (frozenset({Kind.PUSH_PULL}), _words(r"push\w*", r"pull\w*")),
    (frozenset({Kind.DRIVING}), _words(r"driv\w*")),
    (frozenset({Kind.MOTORIZED}), _words(r"motori[sz]ed", r"equipment", r"machinery",
                                         r"mow\w*", r"forklifts?", r"vehicles?")),
    (frozenset({Kind.LADDER}), _words(r"ladders?", r"heights?", r"scaffold\w*",
                                      r"climbing(?! stairs)")),
    (frozenset({Kind.STAIRS}), _words(r"stairs?")),
    (frozenset({Kind.BEND}), _words(r"bend\w*", r"twist\w*", r"stoop\w*", r"kneel\w*",
                                    r"crouch\w*", r"squat\w*")),
    (frozenset({Kind.OVERHEAD}), _words(r"(?:at or )?above (?:the )?shoulders?",
                                        r"overhead", r"above (?:the )?head", r"reach\w*")),
    (frozenset({Kind.STAND}), _words(r"stand\w*")),
    (frozenset({Kind.WALK}), _words(r"walk\w*")),
    (frozenset({Kind.SIT}), _words(r"sit", r"sitting", r"seated")),
    (frozenset({Kind.GRIP}), _words(r"grip\w*", r"grasp\w*", r"power tools?")),
    (frozenset({Kind.PINCH}), _words(r"pinch\w*", r"fine motor")),
    (frozenset({Kind.REPETITIVE}), _words(r"repetit\w*", r"keyboard\w*", r"typing")),
    (frozenset({Kind.ENVIRONMENT}), _words(r"environment\w*", r"heat", r"cold", r"noise",
                                           r"scents?", r"chemicals?", r"fumes")),
    (frozenset({Kind.SAFETY}), _words(r"safety sensitive", r"medication\w*")),
    (frozenset({Kind.COGNITIVE}), _words(r"cognitive", r"concentration", r"memory",
                                         r"decisions?")),
    (frozenset({Kind.HOURS}), _words(r"hours (?:a|per|each) day", r"h (?:a|per) day",
                                     r"hours of work", r"work(?:ing)? hours", r"hours",
                                     r"shifts? of")),
)
_TIMED = frozenset({Kind.STAND, Kind.WALK, Kind.SIT})
_NO_LIMIT = re.compile(r"^\s*(?:full|no limits?|no restrictions?|none|unrestricted|"
                       r"no limitations?|able|can)\s*\.?$")
_UNWORDED = re.compile(r"\bother\b|\blimit set\b|\bhr to confirm\b")
_SEE_WORDING = re.compile(r"\bsee hr'?s wording\b")  # HR's own lines carry the limit
_NOT_ABLE = re.compile(r"\bnot able\b|\bunable\b|\bcannot\b|\bcan'?t\b|^\s*no\b|\bno\s|"
                       r"\bavoid\w*|\bnever\b|\bnot permitted\b|\bnot allowed\b|"
                       r"\bprohibited\b|\bnone\b")
_HAND_BANDS = ((Kind.GRIP, re.compile(r"\bgrip")), (Kind.PINCH, re.compile(r"\bpinch")))


def restriction_limits(line: str) -> tuple[Limit, ...]:
    """The limits one restriction line sets ("Carrying: up to 5 kg" -> carrying up to 5 kg).
    A line of the form's (an ability, a colon, a band) is read by its ability; a line HR
    wrote, by each of its sentences. Nothing: a line the vocabulary does not know (it is
    still confirmed by the proposer, restriction by restriction)."""
    text = normalize(line)
    head, colon, band = text.partition(":")
    if not colon:
        return tuple(limit for part in re.split(r"[.;]", text) if part.strip()
                     for limit in _limits(part, part, str(line), worded=True))
    return _limits(head, band, str(line), worded=False)


def _kinds_in(text: str) -> set[Kind]:
    return {k for found, pattern in _LIMIT_KINDS if pattern.search(text) for k in found}


def _limits(head: str, band: str, line: str, *, worded: bool) -> tuple[Limit, ...]:
    if _NO_LIMIT.match(band) or _SEE_WORDING.search(band):
        return ()
    kinds = _kinds_in(head)
    if re.fullmatch(r"\s*climb\w*\s*", head):  # "Climbing: not able": ladders and stairs
        kinds |= {Kind.STAIRS}
    if re.search(r"\bhands?\b", head) and not worded:  # "Use of left hand: limited gripping"
        kinds = {k for k, word in _HAND_BANDS if word.search(band)} or {Kind.GRIP, Kind.PINCH}
    elif not kinds and not worded:
        kinds = _kinds_in(band)
    if re.search(r"\btravel\b", head):  # getting to work: only "cannot drive" says a demand
        kinds = {Kind.DRIVING} if Kind.DRIVING in kinds | _kinds_in(band) else set()
    if worded and Kind.OVERHEAD in kinds:  # "no lifting above the shoulder": overhead work
        kinds -= {Kind.LIFT, Kind.CARRY}
    if kinds & _TIMED:  # "no standing for more than 2 hours": the hours are the standing's
        kinds.discard(Kind.HOURS)
    return tuple(Limit(k, level, line, amount)
                 for k in sorted(kinds) for level, amount in (_level(band, k),))


def _level(band: str, kind: Kind) -> tuple[Level, float | None]:
    if _UNWORDED.search(band):
        return Level.UNWORDED, None
    dim = Dim.TIME if kind is Kind.HOURS else KIND_DIM.get(kind)
    said = [a.value for a in amounts(band) if a.dim is dim]
    if said:
        return Level.MAX, max(said)
    if kind is Kind.LADDER and re.search(r"\bstools?\b", band):
        return Level.MAX, float(STEP_STOOL_STEPS)
    if _NOT_ABLE.search(band):
        return Level.NOT_ABLE, None
    return Level.LIMITED, None  # "limited", "occasionally only", "may affect...", or unsure


def limits_of(lines: Iterable[object] | None) -> tuple[Limit, ...]:
    """The limits of every restriction line in force."""
    return tuple(limit for line in lines or () for limit in restriction_limits(str(line)))
