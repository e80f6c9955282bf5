"""Every number the program's rules rest on, each tagged with its source.

Tags: OPM = WSIB Operational Policy Manual; WSIA = Workplace Safety and Insurance Act;
OHSA = Occupational Health and Safety Act; MWP = the employer's Modified Work Program
(the agreement between the employer and the union); RTW = the program's rules page,
where it gives no finer source. Each constant's own line names its
source (tests check this). Values marked *configurable* are defaults the employer may
change; the rest change only when the law or the agreement does.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

# --- Calendar -----------------------------------------------------------------------
DEFAULT_TIMEZONE = "America/Toronto"  # configurable: the Ontario employer's zone
DEFAULT_WORK_START = time(9, 0)  # configurable: working hours for nudges
DEFAULT_WORK_END = time(17, 0)  # configurable: working hours for nudges
# Python weekdays, Monday=0. Business days exclude statutory holidays too.
DEFAULT_WORKDAYS = frozenset({0, 1, 2, 3, 4})  # OPM 15-01-02: Monday to Friday
HOLIDAY_COUNTRY = "CA"  # OPM 15-01-02: statutory holidays, via the `holidays` package
HOLIDAY_SUBDIVISION = "ON"  # OPM 15-01-02: Ontario's; Civic Holiday etc. are employer extras

# --- Reporting to the WSIB (Form 7) ---------------------------------------------------
# OPM 15-01-02 (revised Sept 2023); WSIA s.21(1): the WSIB must receive Form 7 within
# 3 business days after the employer learns of the reporting obligation.
FORM7_BUSINESS_DAYS = 3  # OPM 15-01-02; WSIA s.21(1)
FORM7_BUSINESS_DAYS_BEFORE_2023 = 7  # OPM 15-01-02 (before Sept 2023)
# The 3-business-day rule applies to accidents on or after this date.
FORM7_THREE_DAY_RULE_FROM = date(2023, 9, 29)  # OPM 15-01-02 (Sept 2023)
# OPM 15-01-02: modified work at regular pay is reportable only beyond 7 calendar days
# after the accident, so the line is crossed on day 8 (accident date + 8).
MODIFIED_WORK_REGULAR_PAY_DAYS = 7  # OPM 15-01-02: up to 7 calendar days not reportable
MODIFIED_WORK_REPORTABLE_DAY = MODIFIED_WORK_REGULAR_PAY_DAYS + 1  # OPM 15-01-02: day 8
# A late Form 7 brings a WSIB administrative penalty (and is an offence under the WSIA).
LATE_FILING_PENALTY = Decimal("250")  # RTW: administrative penalty
LATE_FILING_PENALTY_SERIOUS = Decimal("1000")  # OPM 15-01-02: reported after the 30 days below
# OPM 15-01-02 (Sept 2023), as employment-law commentary on the revised policy reads it
# (Mathews Dinsdale, "WSIB Revises Operational Policy Manual To Enforce Three-Business Day
# Accident Reporting Period", 2023): the late-reporting penalty is $250, or $1,000 for an
# accident reported later than 30 calendar days after the obligation to report arises.
# So the 30 days count from the day the employer learned of the reporting obligation
# (day 0, the same day the 3-business-day window counts from) — not from the due date.
LATE_FILING_SERIOUS_AFTER_DAYS = 30  # OPM 15-01-02: calendar days after the obligation arose

# --- Occupational Health and Safety Act -----------------------------------------------
# OHSA s.52(1)-(2): written notice to the JHSC (or representative) and the union within
# 4 days of the occurrence (of being advised, for an occupational illness).
OHSA_NOTICE_DAYS = 4  # OHSA s.52
# OHSA s.51(1): critical injury or death -> notify immediately; written report in 48 hours.
OHSA_CRITICAL_REPORT_HOURS = 48  # OHSA s.51
# Until someone acknowledges a critical-injury notice, tell HR again this often, day and
# night (OHSA s.51: the duties are immediate).
OHSA_CRITICAL_ESCALATE_HOURS = 3  # configurable; OHSA s.51
# The written report (OHSA s.51(1)) not yet recorded as sent: HR is told again this long
# before it is due, then as above.
OHSA_CRITICAL_REPORT_REMIND_BEFORE_HOURS = 12  # configurable; OHSA s.51

# --- Functional information chase ----------------------------------------------------
# MWP Procedures, temporary 2: the form comes back "immediately, or as soon as
# practicable"; the chase days are the bot's configurable defaults.
FUNCTIONAL_INFO_REMIND_EMPLOYEE_BUSINESS_DAYS = 2  # configurable; MWP Procedures temp. 2
FUNCTIONAL_INFO_REMIND_HR_BUSINESS_DAYS = 4  # configurable; MWP Procedures temp. 2

# --- Co-operation (WSIA s.40; OPM 19-02-08) -------------------------------------------
CHECK_IN_INTERVAL_DAYS = 7  # configurable; WSIA s.40: weekly contact while off work
# The employer's non-co-operation penalty starts this many business days after the
# written notice (14 for employers of fewer than 20 workers).
COOPERATION_PENALTY_BUSINESS_DAYS = 10  # OPM 19-02-08; WSIA s.40
COOPERATION_PENALTY_BUSINESS_DAYS_SMALL = 14  # OPM 19-02-08: fewer than 20 workers
SMALL_EMPLOYER_WORKERS = 20  # OPM 19-02-08: the small-employer line for that penalty

# --- Claims (WSIA s.22, s.23) ---------------------------------------------------------
CLAIM_LIMIT_MONTHS = 6  # WSIA s.22: a worker claims within 6 months of the accident
MATERIAL_CHANGE_REPORT_DAYS = 10  # WSIA s.23: report a material change within 10 days

# --- Permanent placement (MWP Permanent Modified Work) --------------------------------
ON_THE_JOB_TRAINING_MAX_YEARS = 1  # MWP Conditions 6: training for at most one year
FOLLOW_UP_PERIOD_MONTHS = 6  # MWP Permanent 4: follow-up in the first six months
FOLLOW_UP_INTERVAL_MONTHS = 1  # configurable; MWP Permanent 4: "regular", monthly default

# --- Pay (MWP Conditions 2 and 5) -----------------------------------------------------
TEMPORARY_PAY_SHARE_OF_REGULAR = Decimal("1.00")  # MWP Conditions 2: 100% of regular
CENT = Decimal("0.01")  # MWP Conditions 2, 5: rates in dollars and cents

# --- Re-employment (WSIA s.41; OPM 19-02-09) ------------------------------------------
REEMPLOYMENT_MIN_WORKERS = 20  # WSIA s.41; OPM 19-02-09: employer regularly employs 20+
REEMPLOYMENT_MIN_SERVICE_YEARS = 1  # WSIA s.41; OPM 19-02-09: 1 year continuous employment
REEMPLOYMENT_MAX_YEARS_AFTER_INJURY = 2  # WSIA s.41(7); OPM 19-02-09: 2nd anniversary
REEMPLOYMENT_YEARS_AFTER_FIT = 1  # WSIA s.41(7); OPM 19-02-09: 1 year after medically able
REEMPLOYMENT_AGE_LIMIT = 65  # WSIA s.41(7); OPM 19-02-09: the worker's 65th birthday
# Re-employed, then let go within 6 months -> presumed not re-employed properly.
REEMPLOYMENT_PRESUMPTION_MONTHS = 6  # WSIA s.41; OPM 19-02-09
