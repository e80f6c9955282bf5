"""The names a nudge is filed under: who it is for (roles) and what it is about (kinds).

The Slack layer turns a role into a person or channel at send time; the kinds decide which
rules a nudge follows (immediate, statutory, what a day-8 answer can change)."""

from __future__ import annotations

# Who a nudge is for. The Slack layer turns a role into a person or channel at send time.
SUPERVISOR = "supervisor"
HR = "hr"
EMPLOYEE = "employee"
UNION = "union"
COMMITTEE = "committee"  # the joint health and safety committee contacts (OHSA s.51-52)
ROLES = (SUPERVISOR, HR, EMPLOYEE, UNION, COMMITTEE)
ROLE_NAMES = {
    SUPERVISOR: "supervisor",
    HR: "HR representative",
    EMPLOYEE: "employee",
    UNION: "union representative",
    COMMITTEE: "health and safety committee",
}

# Kinds of nudge.
FORM7_DUE = "form7_due"
FORM7_LATE = "form7_late"
FORM7_WORKER_COPY = "form7_worker_copy"
DAY8_QUESTION = "modified_work_day8"
CRITICAL_INJURY = "ohsa_critical_injury"  # OHSA s.51 (rtwbot.nudges.law)
FIRST_CONTACT = "first_contact"  # WSIA s.40 (rtwbot.nudges.law)
OHSA_NOTICE = "ohsa_notice"
FUNCTIONAL_INFO = "functional_info"
CHECK_IN = "check_in"
PLAN_REVIEW = "plan_review"
PLAN_ENDING = "plan_ending"
UNION_REVIEW = "union_review"
# The employee has not answered the question on union representation and a plan waits for
# the union's review: asked again, once, with the question's own buttons.
UNION_QUESTION = "union_question"
PLACEMENT_FOLLOW_UP = "placement_follow_up"
TRAINING_LIMIT = "training_limit"
REEMPLOYMENT_ENDING = "reemployment_ending"
STALLED = "stalled_mediation"
FACTS_CHECK = "facts_check"  # filed with facts "not known yet": are they known now?
# Owed to the WSIB or under the OHSA whatever happens to the case: a closed case keeps them.
STATUTORY_KINDS = frozenset(
    {FORM7_DUE, FORM7_LATE, FORM7_WORKER_COPY, OHSA_NOTICE, CRITICAL_INJURY}
)
# What a day-8 answer can change.
REPORTING_KINDS = frozenset({FORM7_DUE, FORM7_LATE, FORM7_WORKER_COPY, DAY8_QUESTION})

# Delivered the moment they fall due, whatever the hour (OHSA s.51: "immediately").
IMMEDIATE_KINDS = frozenset({CRITICAL_INJURY})

# The case kinds the WSIA covers (the rest are the program's alone).
OCCUPATIONAL = ("work_injury", "work_illness")
