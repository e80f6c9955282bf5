"""Forms: templates in ``form_templates/``, filled from a form context, read back from PDFs.

Typical use::

    registry = FormRegistry.load()                      # or FormRegistry.load(templates_dir)
    context = build_form_context(case, employer=..., people=..., plan=None, today=today)
    filled = fill(registry.get("employer-report"), context)   # -> FilledForm
    result = read_functional_abilities(pdf_bytes, expected_reference=case["reference"])
"""

from .context import build_form_context
from .fill import FilledForm, FormFillError, fill
from .readback import (
    RETURN_STATUS_LABELS,
    FunctionalAbilities,
    ReadError,
    read_functional_abilities,
)
from .registry import FieldSpec, FormConfigError, FormRegistry, FormTemplate, default_templates_dir

__all__ = [
    "RETURN_STATUS_LABELS",
    "FieldSpec",
    "FilledForm",
    "FormConfigError",
    "FormFillError",
    "FormRegistry",
    "FormTemplate",
    "FunctionalAbilities",
    "ReadError",
    "build_form_context",
    "default_templates_dir",
    "fill",
    "read_functional_abilities",
]
