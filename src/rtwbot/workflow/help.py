"""Help that fits the person: the commands they may use, and nothing else first.

`help`, `/rtw` and `/rtw help` all answer with this. An employee with a case sees their
questions first; a supervisor sees how to report; a team member sees the case commands.
"""

from __future__ import annotations

from rtwbot.workflow.outbox import Button, Say
from rtwbot.workflow.roles import Roles

INTRO = ("I'm rtwbot. I help get people back to safe, suitable work after an injury or "
         "illness.")


def employee_lines(roles: Roles) -> list[str]:
    return [
        "• *status* — where your return to work stands",
        "• *when do I go back?* · *what do I do next?* · *who is my contact?* · *who can see "
        "my case?* — ask me in your own words",
        "• `/rtw union` — whether the union may represent you, any time (or just tell me: "
        "\"no union\", \"the union may represent me\", \"talk to me first\")",
        "• Send me the completed *functional abilities form* (the PDF) here",
    ]


def reporter_lines() -> list[str]:
    return [
        "• *report* — report an injury or illness; I'll ask a few short questions "
        "(`/rtw report` opens it as a form)",
        "• *my reports* — the cases you reported",
        "• `/rtw update RTW-2026-0001` — new facts about a case you reported (a doctor's "
        "visit, time off, lower pay, modified work)",
    ]


def team_lines(roles: Roles) -> list[str]:
    lines = ["• *status RTW-2026-0001* — a case you are part of (or `/rtw status`)"]
    if roles.hr:
        lines += ["• `/rtw team RTW-2026-0001` — open or refresh a case's team thread",
                  "• `/rtw update RTW-2026-0001` — new facts about a case",
                  "• `/rtw form7 RTW-2026-0001` — record that the WSIB received the Form 7",
                  "• `/rtw abilities RTW-2026-0001` — enter the functional abilities by hand",
                  "• `/rtw union RTW-2026-0001` · `/rtw agreed RTW-2026-0001` — for an "
                  "employee who is not in Slack: record their answer on union representation, "
                  "or their agreement to a plan, with how and when they gave it"]
    return lines


def help_for(user: str, roles: Roles, *, greeting: bool = False) -> Say:
    """What this person may ask for, in the order they most likely need it."""
    hello = f"Hi <@{user}>! " if greeting else ""
    lines: list[str] = []
    buttons: list[Button] = []
    if roles.own_cases:
        lines += employee_lines(roles)
        buttons.append(Button("My status", "help_status", "status", "primary"))
    if roles.team:
        lines += [line for line in team_lines(roles) if line not in lines]
    if roles.reports or not roles.own_cases:
        lines += reporter_lines()
        buttons.insert(0 if not roles.own_cases else len(buttons),
                       Button("Report an injury or illness", "help_report", "report",
                              None if roles.own_cases else "primary"))
        if not roles.own_cases and not roles.team:
            lines.append("• *status* — where a report you made stands")
            buttons.append(Button("My status", "help_status", "status"))
    elif roles.own_cases:
        lines.append("• If you need to report someone else's injury, say *report*.")
    if roles.team and not roles.own_cases and not any(b.action_id == "help_status"
                                                       for b in buttons):
        buttons.append(Button("My cases", "help_status", "status"))
    lines.append("• *help* — this list, any time; *cancel* stops a report you started")
    return Say(text=f"{hello}{INTRO}\n" + "\n".join(lines), to_user=user,
               buttons=tuple(buttons))
