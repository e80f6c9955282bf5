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
    # The rest of Form 7 section B (and the pay facts of section G that are the same for
    # everyone): blank ones are left for HR to complete on the report.
    legal_name: str = ""
    trade_name: str = ""
    classification: str = ""  # classification unit code / NAICS code
    rate_group: str = ""
    business_activity: str = ""
    phone: str = ""
    fax: str = ""
    pay_period: str = ""  # e.g. "bi-weekly"
    vacation_pay: str = ""  # e.g. "taken as time off"

    def form_fields(self) -> dict[str, str]:
        """Section B's details for the form context (without name, address, firm number)."""
        keys = ("legal_name", "trade_name", "classification", "rate_group",
                "business_activity", "phone", "fax", "pay_period", "vacation_pay")
        return {key: getattr(self, key) for key in keys}


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
