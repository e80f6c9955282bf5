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
    # The division's own joint health and safety committee contacts (or its health and
    # safety representative), when its workplace has its own committee.
    safety_committee: tuple[str, ...] = ()


class Insurer(_Model):
    name: str
    email: str | None = None
    slack: str | None = None


class Directory(_Model):
    employer: Employer = Employer(name="Employer")
    channels: Channels = Channels()
    hr: tuple[str, ...] = ()
    # The joint health and safety committee contacts (or the health and safety
    # representative): told at once of a critical injury or death (OHSA s.51) and given the
    # written notices of OHSA s.52. A division may name its own.
    safety_committee: tuple[str, ...] = ()
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

    def hr_for(self, division: str) -> tuple[str, ...]:
        d = self.division(division)
        return (d.hr_reps if d and d.hr_reps else ()) or self.hr

    def committee_for(self, division: str) -> tuple[str, ...]:
        """The health and safety committee contacts for a division's workplace."""
        d = self.division(division)
        return (d.safety_committee if d and d.safety_committee else ()) or self.safety_committee


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
