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

# What happened to a person, in everyday words: a message with one of these (and a person
# or a body part) is about an injury or illness. Not a diagnosis list: the words a
# supervisor types in a hurry.
INJURY_WORDS: tuple[str, ...] = (
    "hurt", "hurts", "injured", "injury", "injuries", "accident", "incident", "cut", "cuts",
    "sliced", "gashed", "laceration", "bleeding", "bled", "broke", "broken", "fractured",
    "fracture", "sprained", "sprain", "strained", "twisted", "bruised", "bruise", "burned",
    "burnt", "burn", "scalded", "bitten", "stung", "crushed", "smashed", "pinched",
    "dislocated", "popped", "pulled", "tore", "torn", "wrenched", "banged up", "sore",
    "in pain", "pain", "ache", "aching", "swollen", "collapsed", "passed out", "fainted",
    "unconscious", "knocked out", "concussion", "ill", "sick", "splash", "splashed",
    "exposed", "inhaled", "hit", "struck", "fell", "slipped", "tripped", "ambulance", "er",
    "emergency", "hospital", "first aid", "stitches", "doctor",
)

# Words that may mean a critical injury (O. Reg. 834) or a death: the front door asks the
# critical question first when it sees one. Asked, never assumed: the supervisor answers.
CRITICAL_WORDS: tuple[str, ...] = (
    "unconscious", "not breathing", "isn't breathing", "passed out", "knocked out",
    "unresponsive", "died", "dead", "killed", "fatal", "passed away", "amputated",
    "amputation", "severed", "cut off", "lost his", "lost her", "lots of blood",
    "losing blood", "bleeding badly", "bleeding heavily", "heavy bleeding", "broke his arm",
    "broke her arm", "broke his leg", "broke her leg", "broken arm", "broken leg",
    "fractured arm", "fractured leg", "badly burned", "severe burns", "burns all over",
    "blind", "lost sight", "can't see", "cannot see", "life threatening", "life-threatening",
    "critical", "critically", "airlifted", "air ambulance", "cpr", "not moving",
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
