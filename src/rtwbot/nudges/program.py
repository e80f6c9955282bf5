"""Nudges the return-to-work program calls for while a case is open: the functional
abilities form, keeping in touch, the temporary plan (reviews, its end, the union's review),
the permanent placement's follow-ups and training limit, the end of the re-employment
obligation, and a stalled return. Pure: they add to the catalogue's `Builder`."""

from __future__ import annotations

from datetime import date, timedelta

from rtwbot import dates
from rtwbot.domain.accommodation import follow_up_dates, training_limit
from rtwbot.domain.rules import ON_THE_JOB_TRAINING_MAX_YEARS
from rtwbot.domain.stages import Stage
from rtwbot.nudges import law
from rtwbot.nudges.escalation import (
    CHECK_IN_ESCALATE_BUSINESS_DAYS,
    DEFAULT_ESCALATE_BUSINESS_DAYS,
    BusinessDays,
    Escalation,
)
from rtwbot.nudges.kinds import (
    CHECK_IN,
    EMPLOYEE,
    FUNCTIONAL_INFO,
    HR,
    OCCUPATIONAL,
    PLACEMENT_FOLLOW_UP,
    PLAN_ENDING,
    PLAN_REVIEW,
    REEMPLOYMENT_ENDING,
    STALLED,
    SUPERVISOR,
    TRAINING_LIMIT,
    UNION,
    UNION_QUESTION,
    UNION_REVIEW,
)
from rtwbot.nudges.specs import Builder, NudgeConfig

_FUNCTIONAL_BASIS = "MWP Procedures, temporary 2"
_COOPERATION_BASIS = "WSIA s.40; OPM 19-02-08"
_PLAN_BASIS = "MWP Temporary Modified Work; OPM 19-02-10"
_UNION_BASIS = "MWP (union review of every plan)"
_PERMANENT_BASIS = "MWP Permanent Modified Work"
_REEMPLOYMENT_BASIS = "WSIA s.41; OPM 19-02-09"


def add_program(b: Builder, cfg: NudgeConfig) -> None:
    _functional_info(b, cfg)
    _check_in(b, cfg)
    _temporary_plan(b, cfg)


def add_long_term(b: Builder, cfg: NudgeConfig) -> None:
    _permanent_placement(b, cfg)
    _reemployment(b, cfg)
    _stalled(b, cfg)


def _day(d: date) -> str:
    return dates.day(d)


def _functional_info(b: Builder, cfg: NudgeConfig) -> None:
    case = b.case
    if str(case.stage) not in (Stage.REPORTED, Stage.AWAITING_FUNCTIONAL_INFO):
        return
    asked = case.functional_info_requested_at or case.learned_at
    received = case.functional_info_received_at
    if received is not None and received >= asked:
        return
    asked_day = b.cal.local_date(asked)
    employee_day = b.cal.add_business_days(asked_day, cfg.functional_info_employee_business_days)
    hr_day = b.cal.add_business_days(asked_day, cfg.functional_info_hr_business_days)
    b.add(
        FUNCTIONAL_INFO,
        EMPLOYEE,
        b.at_start(employee_day),
        _FUNCTIONAL_BASIS,
        f"{b.ref}: your health professional's functional abilities form has not come back "
        "yet. Please have it completed and returned as soon as you can — the employer pays "
        f"for it ({_FUNCTIONAL_BASIS}).",
        f"functional:{asked_day}:{EMPLOYEE}",
    )
    b.add(
        FUNCTIONAL_INFO,
        HR,
        b.at_start(hr_day),
        _FUNCTIONAL_BASIS,
        f"{b.ref}: the functional abilities form asked for on {_day(asked_day)} is still "
        f"outstanding after {cfg.functional_info_hr_business_days} business days; please "
        f"follow up with the employee ({_FUNCTIONAL_BASIS}).",
        f"functional:{asked_day}:{HR}",
    )


def _check_in(b: Builder, cfg: NudgeConfig) -> None:
    """One check-in at a time: the next is computed from the last recorded contact."""
    case = b.case
    if not case.off_work:
        return
    last = case.last_check_in_at or case.learned_at
    day = b.cal.local_date(last) + timedelta(days=cfg.check_in_interval_days)
    basis = law.cooperation_basis(case.kind)
    b.add(
        CHECK_IN,
        SUPERVISOR,
        b.at_start(day),
        basis,
        f"{b.ref}: time for a keep-in-touch check-in with the employee, who is off work. "
        f"Contact them and record the contact ({basis}).",
        f"check_in:{day}",
        escalate=(Escalation(BusinessDays(CHECK_IN_ESCALATE_BUSINESS_DAYS), HR),),
    )


def _temporary_plan(b: Builder, cfg: NudgeConfig) -> None:
    case, plan = b.case, b.case.plan
    if plan is None or str(case.stage) == Stage.PERMANENT_ACCOMMODATION:
        return
    end_of_plan = b.cal.end_of_day(plan.end)
    reviews = sorted(d for d in plan.review_dates if d <= plan.end)
    for i, review in enumerate(reviews):
        following = reviews[i + 1] if i + 1 < len(reviews) else None
        b.add(
            PLAN_REVIEW,
            SUPERVISOR,
            b.at_start(review),
            _PLAN_BASIS,
            f"{b.ref}: the temporary modified work plan is due for review on {_day(review)}. "
            f"Check progress against the restrictions with the team ({_PLAN_BASIS}).",
            f"plan_review:{review}",
            escalate=(Escalation(BusinessDays(DEFAULT_ESCALATE_BUSINESS_DAYS), HR),),
            expires_at=b.at_start(following) if following else end_of_plan,
        )
    notice_day = b.cal.add_business_days(plan.end, -cfg.plan_ending_notice_business_days)
    b.add(
        PLAN_ENDING,
        HR,
        b.at_start(notice_day),
        _PLAN_BASIS,
        f"{b.ref}: the temporary modified work plan ends on {_day(plan.end)}. Decide with the "
        "team: extend it (a health professional's written recommendation, and the WSIB's or "
        "LTD carrier's concurrence where involved), return to regular duties (with medical "
        f"authorization), or look for permanent work ({_PLAN_BASIS}).",
        f"plan_ending:{plan.end}",
        expires_at=end_of_plan,
    )
    if plan.submitted_at is not None and plan.union_approved_at is None:
        _union_review(b, cfg, plan)


def _union_review(b: Builder, cfg: NudgeConfig, plan) -> None:
    """A plan waiting for the union's review. Consent first: the union is chased once the
    employee authorized it. Not answered is not "no": the employee is asked again, once,
    and HR is told the review waits on that answer; HR reviews in the union's place only
    after a no (or with its recorded reason)."""
    sent_day = b.cal.local_date(plan.submitted_at)
    chase = b.cal.add_business_days(sent_day, cfg.union_review_pending_business_days)
    waiting = b.case.union_unanswered and not plan.union_review_waived
    if waiting and b.case.employee_in_slack:
        b.add(
            UNION_QUESTION,
            EMPLOYEE,
            plan.submitted_at,  # at once, in working hours
            _UNION_BASIS,
            f"{b.ref}: a modified work plan has been proposed for you, and the union's review "
            "of it waits on your answer: do you authorize the union to represent you in the "
            "modified work program? (You can change your answer any time with `/rtw union`.)",
            f"union_question:{sent_day}",
        )
    b.add(
        UNION_REVIEW,
        UNION if b.case.union_authorized and not waiting else HR,
        b.at_start(chase),
        _UNION_BASIS,
        (f"{b.ref}: the modified work plan proposed on {_day(sent_day)} still waits for the "
         "union's review, which waits on the employee's answer about union representation "
         "(not answered is not \"no\"). " + (
             "They were reminded; " if b.case.employee_in_slack else
             "They are not in Slack: ask them and record the answer; ")
         + "only if the plan must go on without the union's review, record why in the team "
           f"thread ({_UNION_BASIS}).") if waiting else
        f"{b.ref}: the modified work plan sent for union review on {_day(sent_day)} is "
        f"still waiting for it ({_UNION_BASIS}).",
        f"union_review:{sent_day}",
        escalate=(Escalation(BusinessDays(DEFAULT_ESCALATE_BUSINESS_DAYS), HR),),
    )


def _permanent_placement(b: Builder, cfg: NudgeConfig) -> None:
    placement = b.case.placement
    if placement is None:
        return
    dates = follow_up_dates(
        placement.start, cfg.follow_up_interval_months, cfg.follow_up_period_months, b.cal
    )
    for i, day in enumerate(dates, start=1):
        following = dates[i] if i < len(dates) else None
        b.add(
            PLACEMENT_FOLLOW_UP,
            HR,
            b.at_start(day),
            _PERMANENT_BASIS,
            f"{b.ref}: follow-up {i} of {len(dates)} on the permanent placement that started "
            f"on {_day(placement.start)}: check how the work and any training are going "
            f"({_PERMANENT_BASIS}).",
            f"follow_up:{day}",
            expires_at=b.at_start(following) if following else None,
        )
    if placement.training_start is not None:
        limit = training_limit(placement.training_start)
        notice = limit - timedelta(days=cfg.training_limit_notice_days)
        b.add(
            TRAINING_LIMIT,
            HR,
            b.at_start(notice),
            _PERMANENT_BASIS,
            f"{b.ref}: on-the-job training reaches its {ON_THE_JOB_TRAINING_MAX_YEARS}-year "
            f"limit on {_day(limit)}; review progress with the team ({_PERMANENT_BASIS}).",
            f"training_limit:{limit}",
            expires_at=b.cal.end_of_day(limit),
        )


def _reemployment(b: Builder, cfg: NudgeConfig) -> None:
    case = b.case
    if case.kind not in OCCUPATIONAL or case.reemployment_ends_on is None:
        return
    ends = case.reemployment_ends_on
    notice = ends - timedelta(days=cfg.reemployment_end_notice_days)
    b.add(
        REEMPLOYMENT_ENDING,
        HR,
        b.at_start(notice),
        _REEMPLOYMENT_BASIS,
        f"{b.ref}: the obligation to re-employ the worker ends on {_day(ends)} "
        f"({_REEMPLOYMENT_BASIS}). Make sure suitable work has been offered before then.",
        f"reemployment:{ends}",
        expires_at=b.cal.end_of_day(ends),
    )


def _stalled(b: Builder, cfg: NudgeConfig) -> None:
    case = b.case
    if case.kind not in OCCUPATIONAL or not (case.off_work or case.days_without_return > 0):
        return
    if case.as_of is not None:
        away_since = b.cal.local_date(case.as_of) - timedelta(days=case.days_without_return)
    else:
        away_since = b.cal.local_date(case.learned_at)
    day = away_since + timedelta(days=cfg.stalled_after_days)
    b.add(
        STALLED,
        HR,
        b.at_start(day),
        _COOPERATION_BASIS,
        f"{b.ref}: no return to work after {cfg.stalled_after_days} days. The employer or the "
        f"union may ask for the WSIB's mediation service ({_COOPERATION_BASIS}).",
        f"stalled:{day}",
    )
