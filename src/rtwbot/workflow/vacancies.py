"""`/rtw vacancies`: HR posts the current vacancy list to the union representatives (the
program: the union receives the vacancy list regularly, for permanent placements). Not
about any case: no case detail goes with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain.clinical_terms import rephrase_message
from rtwbot.store.cases import audit
from rtwbot.store.db import Database
from rtwbot.workflow.outbox import Say, escape

USAGE = ("Paste the vacancy list after the command, positions separated by semicolons — "
         "for example `/rtw vacancies Clerk, Parks (26-114); Dispatcher, Roads (26-120)`.")
ONLY_HR = "Only HR can post the vacancy list to the union."


class Vacancies:
    def __init__(self, db: Database, clock: Clock, directory: Directory,
                 resolve: Callable[[str], str | None]):
        self.db, self.clock, self.directory, self.resolve = db, clock, directory, resolve

    def _ids(self, refs: Iterable[str | None]) -> list[str]:
        return list(dict.fromkeys(uid for ref in refs if ref and (uid := self.resolve(ref))))

    def post(self, user: str, text: str) -> list[Say]:
        hr = self._ids([*self.directory.hr, *(r for d in self.directory.divisions
                                               for r in d.hr_reps)])
        if user not in hr:
            return [Say(text=ONLY_HR, to_user=user)]
        lines = [ln.strip(" -•*") for ln in re.split(r"[\n;]+", text or "")
                 if ln.strip(" -•*")]
        if not lines:
            return [Say(text=USAGE, to_user=user)]
        if problem := rephrase_message("\n".join(lines), "the positions alone"):
            return [Say(text=f"I haven't sent it. {problem}\nWhat you typed:\n"
                             + "\n".join(f"> {escape(ln)}" for ln in lines), to_user=user)]
        reps = self._ids([r for u in self.directory.bargaining_units
                          for r in (*u.union_reps, u.safety_rep)])
        with self.db.session() as s:
            audit(s, at=self.clock.now(), actor=user, action="vacancies.posted",
                  positions=len(lines), recipients=len(reps))
        listing = "\n".join(f"• {escape(ln)}" for ln in lines)
        says = [Say(text=(f"*Vacancy list* from <@{user}> (HR), for permanent placements in "
                          f"the modified work program:\n{listing}"), to_user=r) for r in reps]
        says.append(Say(text=f"Sent the vacancy list ({len(lines)} position(s)) to "
                             f"{len(reps)} union representative(s).", to_user=user))
        return says
