"""The people directory (RTWBOT_DIRECTORY): divisions, bargaining units, HR, insurers.

Plain data; resolving emails to Slack users is the Slack layer's job.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rtwbot.config import ConfigError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Employer(_Model):
    name: str
    address: str = ""
    wsib_firm_number: str = ""
    workers: int = 0


class Channels(_Model):
    imwt: str = "rtw-imwt"
    hr: str = "rtw-hr"
    # Each case's team gets a private channel of its own, named by the case reference
    # (the default). False: a shared channel per division (`imwt`, or a division's own),
    # for small employers; `rtwbot directory check` then warns about who can read what.
    per_case: bool = True


class BargainingUnit(_Model):
    name: str
    union_reps: tuple[str, ...] = ()
    safety_rep: str | None = None


class Division(_Model):
    name: str
    # A private IMWT channel of the division's own, so its threads are read only by its
    # people; without one, the program-wide channel is used.
    imwt_channel: str | None = None
    division_reps: tuple[str, ...] = ()
    hr_reps: tuple[str, ...] = ()
    bargaining_unit: str | None = None
    job_titles: tuple[str, ...] = ()
    # Job title -> its Job Demands Analysis (a link or a file path): it goes with the RTWI
    # form to the health professional and, with every modified work plan, to the union.
    job_demands: dict[str, str] = Field(default_factory=dict)


class Insurer(_Model):
    name: str
    email: str | None = None
    slack: str | None = None


class Directory(_Model):
    employer: Employer = Employer(name="Employer")
    channels: Channels = Channels()
    hr: tuple[str, ...] = ()
    bargaining_units: tuple[BargainingUnit, ...] = ()
    divisions: tuple[Division, ...] = ()
    insurers: dict[str, Insurer] = Field(default_factory=dict)

    def division(self, name: str) -> Division | None:
        wanted = name.strip().casefold()
        return next((d for d in self.divisions if d.name.casefold() == wanted), None)

    def division_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.divisions)

    def job_titles(self, division: str | None = None) -> tuple[str, ...]:
        if division and (d := self.division(division)):
            return d.job_titles
        return tuple(dict.fromkeys(t for d in self.divisions for t in d.job_titles))

    def unit(self, name: str | None) -> BargainingUnit | None:
        return next((u for u in self.bargaining_units if u.name == name), None)

    def imwt_channel_for(self, division: str) -> str:
        d = self.division(division)
        return (d.imwt_channel if d and d.imwt_channel else None) or self.channels.imwt

    def shared_channel_for(self, division: str) -> str | None:
        """The shared IMWT channel a division's cases use, or None when each case gets a
        private channel of its own (a division's own `imwt_channel` is always shared)."""
        d = self.division(division)
        if d and d.imwt_channel:
            return d.imwt_channel
        return None if self.channels.per_case else self.channels.imwt

    def job_demands_for(self, division: str, job_title: str | None) -> str | None:
        """The Job Demands Analysis of a job title in a division, when there is one."""
        d = self.division(division)
        if d is None or not job_title:
            return None
        wanted = job_title.strip().casefold()
        return next((v for k, v in d.job_demands.items() if k.casefold() == wanted), None)

    def hr_for(self, division: str) -> tuple[str, ...]:
        d = self.division(division)
        return (d.hr_reps if d and d.hr_reps else ()) or self.hr


def load_directory(path: str | Path | None) -> Directory:
    if not path:
        return Directory()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        return Directory.model_validate(data)
    except FileNotFoundError:
        raise ConfigError(f"RTWBOT_DIRECTORY is invalid ({p} does not exist): point it at a "
                          "directory YAML file (see directory.example.yaml).") from None
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()[0:3]
        raise ConfigError(f"RTWBOT_DIRECTORY is invalid ({' '.join(first)}): fix {p} "
                          "(see directory.example.yaml).") from None
