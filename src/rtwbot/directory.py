"""The people directory (RTWBOT_DIRECTORY): divisions, bargaining units, HR, insurers.

Plain data; resolving emails to Slack users is the Slack layer's job.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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
    committee: str = "rtw-committee"  # the Corporate Modified Work Committee's reports
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
    # The division's own joint health and safety committee contacts (or its health and
    # safety representative), when its workplace has its own committee.
    safety_committee: tuple[str, ...] = ()
    # Job title -> its Job Demands Analysis (a link or a file path): it goes with the RTWI
    # form to the health professional and, with every modified work plan, to the union.
    job_demands: dict[str, str] = Field(default_factory=dict)


class Insurer(_Model):
    name: str
    email: str | None = None
    slack: str | None = None


class Retention(_Model):
    """Whole years after a case closes before its records are disposed of, per kind
    (rtwbot.domain.retention; `rtwbot retention run`)."""

    case_records: int = Field(default=7, ge=1, le=100)
    health_information: int = Field(default=7, ge=1, le=100)
    documents: int = Field(default=7, ge=1, le=100)

    def schedule(self):
        from rtwbot.domain.retention import Schedule

        return Schedule(self.case_records, self.health_information, self.documents)

    @model_validator(mode="after")
    def _case_records_last(self) -> Retention:
        self.schedule()  # ValueError: health information or documents kept past the case
        return self


class Directory(_Model):
    employer: Employer = Employer(name="Employer")
    channels: Channels = Channels()
    hr: tuple[str, ...] = ()
    # The joint health and safety committee contacts (or the health and safety
    # representative): told at once of a critical injury or death (OHSA s.51) and given the
    # written notices of OHSA s.52. A division may name its own.
    safety_committee: tuple[str, ...] = ()
    # The Corporate Modified Work Committee (3 union, 3 management): may see the metrics.
    committee: tuple[str, ...] = ()
    bargaining_units: tuple[BargainingUnit, ...] = ()
    divisions: tuple[Division, ...] = ()
    insurers: dict[str, Insurer] = Field(default_factory=dict)
    retention: Retention = Retention()

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

    def committee_for(self, division: str) -> tuple[str, ...]:
        """The health and safety committee contacts for a division's workplace."""
        d = self.division(division)
        return (d.safety_committee if d and d.safety_committee else ()) or self.safety_committee


def unknown_units(data: object) -> list[tuple[tuple, str]]:
    """Divisions naming a bargaining unit the directory does not describe (read from the
    raw YAML, so this is reported with the file's other mistakes)."""
    if not isinstance(data, dict):
        return []
    units = data.get("bargaining_units") or []
    known = [u.get("name") for u in units if isinstance(u, dict) and u.get("name")]
    divisions = data.get("divisions") or []
    if not isinstance(divisions, list):
        return []
    return [(("divisions", i, "bargaining_unit"),
             f"names a bargaining unit {d['bargaining_unit']!r} that is not under "
             f"bargaining_units (known: {', '.join(map(str, known)) or 'none'})")
            for i, d in enumerate(divisions)
            if isinstance(d, dict) and d.get("bargaining_unit")
            and d["bargaining_unit"] not in known]


def load_directory(path: str | Path | None) -> Directory:
    """The directory, or a ConfigError listing every mistake, one line each with its line
    number, in plain words."""
    from rtwbot.directory_errors import describe, yaml_error_line

    if not path:
        return Directory()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"RTWBOT_DIRECTORY is invalid ({p} does not exist): point it at a "
                          "directory YAML file (see directory.example.yaml).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"RTWBOT_DIRECTORY: {p} cannot be read ({exc.__class__.__name__}): "
                          "check the file's permissions and that it is UTF-8 text.") from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(yaml_error_line(exc, str(p))) from None
    if data is None:
        raise ConfigError(f"RTWBOT_DIRECTORY: {p} is empty: describe the employer, HR, the "
                          "divisions and the union there (see directory.example.yaml).")
    lines: list[str] = []
    directory = None
    try:
        directory = Directory.model_validate(data)
    except ValidationError as exc:
        lines = [describe(tuple(e["loc"]), e["type"], e["msg"], root, str(p), Directory)
                 for e in exc.errors()]
    lines += [describe(loc, "unit", message, root, str(p))
              for loc, message in unknown_units(data)]
    if lines or directory is None:
        raise ConfigError("\n".join(dict.fromkeys(lines)))
    return directory
