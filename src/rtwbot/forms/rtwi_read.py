"""Read back the health professional's section of a completed Return to Work Information
(the RTWI, a DOCX): when it was signed, the next assessment, who completed it, and whether
limitations were written. The words they wrote are never relayed: they are free text from a
health professional, so HR enters them as functional abilities (pure; never raises)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

from .readback import parse_date

_REFERENCE = re.compile(r"Case reference:\s*(RTW-\d{4}-\d{3,})", re.I)


@dataclass(frozen=True)
class RtwiSection:
    reference: str | None
    limitations_written: bool
    expected_length_written: bool
    suitability_written: bool
    next_assessment: date | None
    profession: str | None
    signed_on: date | None
    professional_named: bool

    @property
    def filled(self) -> bool:
        return self.limitations_written or self.signed_on is not None or self.professional_named


def read_rtwi(data: bytes | None) -> RtwiSection | None:
    """The RTWI's health professional section, or None when this is not a completed RTWI."""
    if not data or not data.startswith(b"PK"):
        return None
    try:
        from docx import Document

        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception):  # noqa: BLE001
        return None
    if not any("Return to Work Information" in p.text for p in doc.paragraphs[:3]):
        return None
    reference = next((m.group(1).upper() for p in doc.paragraphs[:6]
                      if (m := _REFERENCE.search(p.text))), None)
    boxes: dict[str, str] = {}
    labels: dict[str, str] = {}
    for table in doc.tables:
        rows = [[c.text.strip() for c in r.cells] for r in table.rows]
        if len(rows) == 2 and len(rows[0]) == 1:
            boxes[rows[0][0].split("  ")[0].strip().lower()] = rows[1][0]
        elif rows and len(rows[0]) == 2:
            labels.update({r[0].strip().lower(): r[1] for r in rows if len(r) == 2})

    def box(start: str) -> str:
        return next((v for k, v in boxes.items() if k.startswith(start)), "").strip()

    section = RtwiSection(
        reference=reference,
        limitations_written=bool(box("functional limitations")),
        expected_length_written=bool(box("approximate expected length")),
        suitability_written=bool(box("suitability")),
        next_assessment=parse_date(box("date of next assessment")),
        profession=(labels.get("profession") or "").strip()[:60] or None,
        signed_on=parse_date((labels.get("date") or "").strip()),
        professional_named=bool((labels.get("health professional name") or "").strip()),
    )
    return section if section.filled else None
