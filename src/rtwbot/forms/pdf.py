"""PDF AcroForms with pypdf: fill, flatten, and read field values back.

Filling clones the template, sets the values with ``update_page_form_field_values(...,
auto_regenerate=False)`` (pypdf builds the appearance streams, so the values show in any
viewer and survive flattening) and also sets NeedAppearances, so viewers that can re-draw
fields do (useful for characters outside the standard PDF fonts). Checkboxes take their exact
on-state name (e.g. ``/Yes``) or ``/Off``: pypdf silently turns anything else into ``/Off``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PdfReader


OFF = "/Off"


@lru_cache(maxsize=16)
def _parsed(template: bytes) -> tuple[PdfReader, threading.Lock]:
    """A template parsed once (parsing was most of a fill), with the lock its clones take:
    a reader reads its stream as it goes, so two threads must not clone from it at once."""
    from pypdf import PdfReader  # pypdf loads on the first PDF, not at start-up

    return PdfReader(BytesIO(template)), threading.Lock()


def fill_pdf(template: bytes, values: Mapping[str, str]) -> bytes:
    """Fill ``values`` (field name -> text, or a checkbox's on-state / ``/Off``) into a copy
    of the ``template`` PDF and return the new file's bytes."""
    from pypdf import PdfWriter

    reader, lock = _parsed(bytes(template))
    with lock:
        writer = PdfWriter(clone_from=reader)
    if values:
        writer.update_page_form_field_values(None, dict(values), auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def template_field_states(data: bytes) -> dict[str, tuple[str, list[str]]]:
    """Field name -> (field type, e.g. ``/Tx`` or ``/Btn``; checkbox states) of a PDF form."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    fields = reader.get_fields() or {}
    return {
        name: (str(f.get("/FT", "")), [str(s) for s in f.get("/_States_", [])])
        for name, f in fields.items()
    }


def _widget_states(reader: PdfReader) -> dict[str, str]:
    """Checkbox name -> the widget's appearance state ``/AS`` (for forms whose viewer set
    ``/AS`` but not ``/V``)."""
    states: dict[str, str] = {}
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if obj.get("/Subtype") != "/Widget" or "/AS" not in obj:
                continue
            name = obj.get("/T")
            if name is None and "/Parent" in obj:
                name = obj["/Parent"].get_object().get("/T")
            if name is not None and str(obj["/AS"]) != OFF:
                states.setdefault(str(name), str(obj["/AS"]))
    return states


def read_field_values(reader: PdfReader) -> dict[str, Any]:
    """Field name -> value: text as ``str``, checkboxes as their state name (``/Off`` when
    not ticked). Fields without a value are ``None``."""
    fields = reader.get_fields() or {}
    widget_states: dict[str, str] | None = None
    values: dict[str, Any] = {}
    for name, f in fields.items():
        raw = f.get("/V")
        if str(f.get("/FT", "")) == "/Btn":
            if raw is None or str(raw) == OFF:
                if widget_states is None:
                    widget_states = _widget_states(reader)
                raw = widget_states.get(name, raw)
            values[name] = str(raw) if raw is not None else OFF
        elif raw is None:
            values[name] = None
        elif isinstance(raw, list):
            values[name] = ", ".join(str(v) for v in raw)
        else:
            values[name] = str(raw)
    return values


def flatten_pdf(data: bytes) -> bytes:
    """A flattened copy of a filled PDF form: the field appearances are drawn into the pages,
    the widgets and the AcroForm are removed, so the values can no longer be edited."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    values = {k: ("" if v is None else v) for k, v in read_field_values(reader).items()}
    if values:
        writer.update_page_form_field_values(None, values, auto_regenerate=False, flatten=True)
    writer.remove_annotations("/Widget")
    root = writer.root_object
    if NameObject("/AcroForm") in root:
        del root[NameObject("/AcroForm")]
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
