"""The IMWT thread of a case, and what the team does in it.

Opening: the case's parent message is posted in the IMWT channel (reference, division, job,
kind, stage, functional restrictions and their expected duration, key dates — only what
`privacy.visible_to_all` lets every member of the thread see), each participant is named by
role, the ones not in the channel are invited in one batch, and the thread is recorded on
the case. Opening again reuses the thread; the parent is kept current with `chat.update`.

Then the team works there: temporary plans (proposal, union review, the plan document),
check-ins, extensions, a return to regular duties, the permanent 7-step checklist, a
mediation request, closing. Only the case's participants may act, each in their role.

One module a job:
- `workflow` — `ImwtWorkflow`, what the listeners call; `acting` — how an action is taken
  (authorize, decide in one transaction, `Result`)
- `thread` — opening the thread, invitations; `parent` — the parent message; `union` —
  asking the employee about union representation, and their answer
- `plans` — temporary plans; `closing` — closing a case; `placement` — permanent
  accommodation and its checklist; `documents` — the plan document; `modals` — what a
  modal needs before it opens
- pure: `access` (who may act), `plan_form` (the plan and extension modals checked),
  `situation` (what must happen next), `values` (dates and typed values), `views` (what the
  Slack layer renders)
- `case_team` (a case with its thread and team), `records` (reading the IMWT rows), `ports`
  (the Slack and people calls it needs)
"""

from rtwbot.workflow.imwt.access import NOT_ON_TEAM, PERMISSIONS, allowed_relations, refusal
from rtwbot.workflow.imwt.acting import Result
from rtwbot.workflow.imwt.closing import CLOSE_CATEGORIES
from rtwbot.workflow.imwt.placement import PERMANENT_SAID_BY
from rtwbot.workflow.imwt.plan_form import read_plan_form, weekly_reviews
from rtwbot.workflow.imwt.plans import CHECK_IN_STATUS
from rtwbot.workflow.imwt.ports import PeoplePort, ThreadSlack
from rtwbot.workflow.imwt.records import case_for_thread
from rtwbot.workflow.imwt.situation import Situation, next_date, who_must_act
from rtwbot.workflow.imwt.values import parse_dates
from rtwbot.workflow.imwt.views import ChecklistView, ModalContext, ParentView
from rtwbot.workflow.imwt.workflow import ImwtWorkflow

__all__ = [
    "CHECK_IN_STATUS",
    "CLOSE_CATEGORIES",
    "NOT_ON_TEAM",
    "PERMANENT_SAID_BY",
    "PERMISSIONS",
    "ChecklistView",
    "ImwtWorkflow",
    "ModalContext",
    "ParentView",
    "PeoplePort",
    "Result",
    "Situation",
    "ThreadSlack",
    "allowed_relations",
    "case_for_thread",
    "next_date",
    "parse_dates",
    "read_plan_form",
    "refusal",
    "weekly_reviews",
    "who_must_act",
]
