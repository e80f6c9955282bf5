"""The WSIB Form 7's own vocabulary of an accident: its types (section C, question 4) and its
areas of injury (section C, question 5, with right and left for the limbs), each with the
everyday words people use for them. Pure data.

One list serves every layer that reads or writes these facts: the intake's questions, the
front door that recognises an injury in a supervisor's first message, and the forms. The
keys are stored in the case record; the labels are the form's own words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    label: str  # the Form 7's own words
    words: tuple[str, ...] = ()  # everyday words for it, lower case
    sided: bool = False  # the Form 7 asks right or left


# Form 7, section C, 4. "Type of accident/illness (please check all that apply)".
ACCIDENT_TYPES: tuple[Term, ...] = (
    Term("sudden_event", "Sudden specific event/occurrence",
         ("all of a sudden", "suddenly", "one moment", "at once")),
    Term("gradual", "Gradually occurring over time",
         ("over time", "gradually", "for weeks", "for months", "getting worse", "built up")),
    Term("occupational_disease", "Occupational disease",
         ("exposure over years", "exposed for years", "work illness", "occupational illness")),
    Term("fatality", "Fatality",
         ("died", "dead", "killed", "passed away", "fatal", "fatality", "death")),
    Term("fall", "Fall",
         ("fell", "fall", "fallen", "falls", "fell off", "fell from", "fell down", "tumbled",
          "came off the ladder", "off a ladder", "off the roof", "off the loader")),
    Term("slip_trip", "Slip/trip",
         ("slipped", "slip", "slips", "tripped", "trip", "trips", "stumbled", "on ice",
          "on the ice", "wet floor", "lost footing", "lost her footing", "lost his footing",
          "rolled her ankle", "rolled his ankle", "rolled an ankle")),
    Term("struck_caught", "Struck/caught",
         ("hit by", "struck", "was hit", "got hit", "caught in", "caught between",
          "pinched", "crushed", "jammed", "banged", "bumped", "knocked", "falling branch",
          "fell on", "landed on", "run over", "trapped")),
    Term("overexertion", "Overexertion",
         ("lifting", "lifted", "strained", "strain", "pulled a muscle", "pulled", "pushing",
          "pulling", "carrying", "twisted", "tweaked", "wrenched", "overexerted", "heavy")),
    Term("repetition", "Repetition",
         ("repetitive", "over and over", "typing", "same motion", "all day every day",
          "repeated", "repetition")),
    Term("harmful_substance", "Harmful substances/environmental",
         ("chemical", "splash", "splashed", "fumes", "gas", "smoke", "exposed", "exposure",
          "inhaled", "breathed in", "heat stroke", "heat exhaustion", "frostbite", "noise",
          "needle", "needlestick", "asbestos", "mould", "mold", "bleach", "acid", "solvent",
          "pesticide", "sting", "stung", "bee", "wasp", "bitten", "bite", "tick")),
    Term("assault", "Assault",
         ("assaulted", "attacked", "punched", "kicked by", "hit by a customer",
          "hit by a client", "hit by a member of the public", "spat on", "threatened",
          "assault", "attack")),
    Term("fire_explosion", "Fire/explosion",
         ("fire", "explosion", "exploded", "blast", "flash", "flames", "caught fire")),
    Term("motor_vehicle", "Motor vehicle incident",
         ("car accident", "truck accident", "collision", "crash", "crashed", "rear-ended",
          "rear ended", "vehicle accident", "motor vehicle", "mva", "hit by a car",
          "hit by a truck", "rolled the truck")),
    Term("other", "Other"),
)

# Form 7, section C, 5. "Area of injury (body part)"; the limbs with right and left.
BODY_PARTS: tuple[Term, ...] = (
    Term("head", "Head", ("head", "skull", "scalp", "forehead", "concussion")),
    Term("face", "Face", ("face", "jaw", "mouth", "lip", "lips", "nose", "cheek", "chin")),
    Term("eye", "Eye(s)", ("eye", "eyes", "eyeball", "eyelid")),
    Term("ear", "Ear(s)", ("ear", "ears", "hearing")),
    Term("teeth", "Teeth", ("tooth", "teeth", "dental")),
    Term("neck", "Neck", ("neck", "cervical", "throat", "whiplash")),
    Term("chest", "Chest", ("chest", "rib", "ribs", "sternum", "torso")),
    Term("upper_back", "Upper back",
         ("upper back", "back upper", "thoracic", "shoulder blade", "between the shoulders")),
    Term("lower_back", "Lower back",
         ("lower back", "low back", "back lower", "lumbar", "tailbone", "back", "spine")),
    Term("abdomen", "Abdomen", ("abdomen", "stomach", "belly", "tummy", "gut")),
    Term("pelvis", "Pelvis", ("pelvis", "groin", "buttock", "buttocks", "bum", "tailbone")),
    Term("shoulder", "Shoulder", ("shoulder", "shoulders", "rotator cuff", "collarbone",
                                  "collar bone", "clavicle"), sided=True),
    Term("arm", "Arm", ("arm", "arms", "forearm", "upper arm", "bicep", "biceps", "tricep"),
         sided=True),
    Term("elbow", "Elbow", ("elbow", "elbows"), sided=True),
    Term("wrist", "Wrist", ("wrist", "wrists"), sided=True),
    Term("hand", "Hand", ("hand", "hands", "palm", "knuckle", "knuckles"), sided=True),
    Term("fingers", "Fingers", ("finger", "fingers", "thumb", "thumbs", "fingertip",
                                "fingernail"), sided=True),
    Term("hip", "Hip", ("hip", "hips"), sided=True),
    Term("leg", "Leg", ("leg", "legs", "thigh", "thighs", "shin", "shins", "calf", "calves",
                        "hamstring", "lower leg"), sided=True),
    Term("knee", "Knee", ("knee", "knees", "kneecap"), sided=True),
    Term("ankle", "Ankle", ("ankle", "ankles", "achilles"), sided=True),
    Term("foot", "Foot", ("foot", "feet", "heel", "heels", "sole"), sided=True),
    Term("toes", "Toes", ("toe", "toes", "big toe"), sided=True),
    Term("other", "Other"),
)

SIDES: tuple[tuple[str, str], ...] = (("right", "Right"), ("left", "Left"))

# What happened to a person, in everyday words, by what the words say on their own. Not a
# diagnosis list: the words a supervisor types in a hurry (inflections are read by the front
# door: "slip" stands for "slipped", "slipping"). Multi-word entries are phrases.
#
# Said of a person (or an animal), hardly ever of a thing: one is enough.
PERSON_EVENTS: tuple[str, ...] = (
    "hurt", "hurts", "hurting", "injured", "injury", "injuries", "sprained", "fractured",
    "dislocated", "bruised", "slipped", "tripped", "stumbled", "fainted", "pass out",
    "passed out", "bleeding", "bled", "scalded", "stung", "bitten", "scraped", "gashed",
    "lacerated", "laceration", "concussion", "concussed", "electrocuted", "heatstroke",
    "heat stroke", "heat exhaustion", "sunburn", "sunburned", "sunburnt", "frostbite",
    "hypothermia", "assaulted", "attacked", "punched", "kicked", "choked", "throwing up",
    "threw up", "vomiting", "dizzy", "nauseous", "unconscious", "knocked out",
    "knocked down", "tweaked", "wrenched", "strained", "pulled a muscle", "went out",
    "gave out", "fell off", "fell from", "fell down", "fall off", "fall from", "hit by",
    "struck by", "run over", "ran over", "rear ended", "inhaled", "breathed in",
    "allergic reaction", "epipen", "needle stick", "needlestick", "splinter", "blister",
    "blisters", "welt", "swelling up", "cut himself", "cut herself", "cut themselves",
    "cut myself", "hurt himself", "hurt herself", "hurt themselves", "hurt myself", "hernia",
    "whiplash", "overexerted", "sick from", "got sick", "ill from", "off sick", "exposed to",
    "in pain", "banged up", "beat up",
)
# Also said of things ("broke the mower", "cut the grass", "the truck hit a pole"): about a
# person only with a body part, a person, or "got"/"was" before them.
THING_EVENTS: tuple[str, ...] = (
    "cut", "cuts", "sliced", "slice", "broke", "broken", "break", "hit", "struck", "fell",
    "fall", "fallen", "burn", "burned", "burnt", "crush", "crushed", "smash", "smashed",
    "pinch", "pinched", "jam", "jammed", "twist", "twisted", "pull", "pulled", "tore", "torn",
    "tear", "rip", "ripped", "pop", "popped", "bang", "banged", "bump", "bumped", "knock",
    "knocked", "caught", "trapped", "crashed", "crash", "landed on", "dropped", "sprayed",
    "splash", "splashed", "exposed", "poked", "stabbed", "punctured", "snapped", "shattered",
    "cracked", "roll", "rolled", "fell on", "fell in", "fell over", "fell into", "fell onto",
    "collapse", "collapsed", "slip", "trip", "bit", "bite", "sting", "strain", "gash",
    "scrape", "choke", "faint", "fracture", "bruise", "clipped", "whacked", "smacked",
    "pinned", "stuck", "mangled",
)
# What a person has or had: "a bad cut", "a burn", "an accident". Alone they may be about a
# thing; with a person or a body part they are about someone hurt.
HARM_NOUNS: tuple[str, ...] = (
    "cut", "burn", "burns", "bruise", "wound", "gash", "accident", "incident", "injury",
    "fracture", "sprain", "strain", "splinter", "bite", "sting", "blister", "rash", "bump",
    "concussion", "pain", "ache", "lump", "welt", "shock", "gash", "scrape",
)
# How a body part feels: about a person with a body part ("her wrist is swollen").
SYMPTOMS: tuple[str, ...] = (
    "sore", "swollen", "swelling", "numb", "tingling", "aching", "aches", "ache", "stiff",
    "painful", "pain", "burning", "throbbing", "bleeding", "bruised", "killing", "hurts",
    "hurting", "tender", "weak", "red", "itchy", "cramping", "cramp", "spasm", "spasms",
)
# Care after an injury: with nothing else, the front door asks whether to report one.
CARE_WORDS: tuple[str, ...] = (
    "ambulance", "paramedics", "paramedic", "911", "hospital", "er", "emergency room",
    "first aid", "stitches", "doctor", "clinic", "walk in clinic", "urgent care", "x-ray",
    "xray", "physio", "ice pack", "bandage",
)
# Words for the person it happened to.
PERSON_WORDS: tuple[str, ...] = (
    "worker", "workers", "employee", "employees", "guy", "guys", "man", "woman", "lady",
    "staff", "crew", "labourer", "laborer", "operator", "driver", "student", "apprentice",
    "colleague", "coworker", "co-worker", "someone", "somebody", "person", "people", "kid",
    "he", "she", "they", "him", "her", "them", "i", "me", "we", "us", "himself", "herself",
    "themselves", "myself", "arborist", "arborists", "gardener", "mechanic", "cleaner",
    "custodian", "lifeguard", "crossing guard", "outreach worker", "meter reader",
    "meter readers", "supervisor", "foreman", "hire", "member", "resident", "officer",
    "inspector", "guard", "nurse", "clerk", "technician", "attendant", "cashier", "caretaker",
    "firefighter", "planner", "engineer", "volunteer", "volunteers", "flagger", "lifeguards",
    "operators", "labourers", "students", "colleagues", "coworkers", "teammate", "partner",
    "helper", "trainee", "contractor", "janitor", "electrician", "plumber", "welder",
    "carpenter", "painter", "landscaper", "groundskeeper", "instructor", "coach",
)
POSSESSIVES: tuple[str, ...] = ("his", "her", "their", "my", "our", "your", "its")
# A break of a limb may be a critical injury (O. Reg. 834: the fracture of a leg or arm, not
# a finger or toe): these words with one of CRITICAL_PARTS ask the critical question first.
FRACTURE_WORDS: tuple[str, ...] = (
    "broke", "broken", "break", "fractured", "fracture", "snapped", "shattered", "cracked",
)
CRITICAL_PARTS: tuple[str, ...] = (
    "arm", "leg", "wrist", "ankle", "elbow", "knee", "hip", "pelvis", "shoulder", "head",
    "neck", "upper_back", "lower_back",
)
# A hand or a foot caught in a machine may be lost (an amputation is critical): these words
# with a limb, a hand or a foot ask the critical question first.
CAUGHT_WORDS: tuple[str, ...] = (
    "caught", "crushed", "stuck", "trapped", "pinned", "mangled", "amputated", "severed",
)

# Everything above that says a person was hurt or fell ill (kept as one list for the layers
# that only need to know whether a word is about an injury).
INJURY_WORDS: tuple[str, ...] = tuple(dict.fromkeys(
    PERSON_EVENTS + THING_EVENTS + HARM_NOUNS + CARE_WORDS))

# Words that may mean a critical injury (O. Reg. 834) or a death: the front door asks the
# critical question first when it sees one. Asked, never assumed: the supervisor answers.
CRITICAL_WORDS: tuple[str, ...] = (
    "unconscious", "not breathing", "isn't breathing", "isnt breathing", "stopped breathing",
    "passed out", "knocked out", "unresponsive", "lost consciousness", "passed away",
    "amputated", "amputation", "severed", "lots of blood", "losing blood", "bleeding badly",
    "bleeding heavily", "heavy bleeding", "blood everywhere", "badly burned", "severe burns",
    "burns all over", "life threatening", "life-threatening", "airlifted", "air ambulance",
    "cpr", "electrocuted", "trench collapse", "not responding",
)
# Said of things too ("the printer died", "I can't see the file"): critical only when the
# message is about a person hurt.
CRITICAL_WITH_PERSON: tuple[str, ...] = (
    "died", "dead", "killed", "fatal", "blind", "dying", "can't see", "cannot see", "cant see",
    "lost sight", "not moving", "critical", "critically", "cut off", "lost his", "lost her",
    "buried", "crushed",
)


def by_key(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {t.key: t for t in terms}


def label_of(terms: tuple[Term, ...], key: str) -> str:
    """The form's words for `key` ("left_knee" -> "Knee (left)"); the key itself when it is
    not one of the terms."""
    side, _, part = key.partition("_")
    table = by_key(terms)
    if side in dict(SIDES) and part in table and table[part].sided:
        return f"{table[part].label} ({side})"
    term = table.get(key)
    return term.label if term else key
