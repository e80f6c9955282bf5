"""The Form 7's vocabulary: one list for the intake, the front door and the forms."""

from rtwbot.domain.wsib_terms import ACCIDENT_TYPES, BODY_PARTS, label_of


def test_keys_are_unique_and_the_form_s_own_lists_are_all_there() -> None:
    for terms in (ACCIDENT_TYPES, BODY_PARTS):
        keys = [t.key for t in terms]
        assert len(keys) == len(set(keys))
    assert {"fatality", "fall", "slip_trip", "struck_caught", "overexertion", "repetition",
            "harmful_substance", "assault", "fire_explosion", "motor_vehicle", "other",
            "sudden_event", "gradual", "occupational_disease"} == {t.key for t in ACCIDENT_TYPES}
    keys = {t.key for t in BODY_PARTS}
    assert {"eye", "face", "ear", "abdomen", "pelvis", "leg", "toes"} <= keys


def test_limbs_have_sides_and_labels_say_them() -> None:
    assert label_of(BODY_PARTS, "left_knee") == "Knee (left)"
    assert label_of(BODY_PARTS, "right_toes") == "Toes (right)"
    assert label_of(BODY_PARTS, "lower_back") == "Lower back"
    assert label_of(BODY_PARTS, "left_neck") == "left_neck"  # the neck has no side
    assert label_of(ACCIDENT_TYPES, "slip_trip") == "Slip/trip"
