"""The form registry: field maps load, agree with their templates, and refuse bad maps."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from rtwbot.forms import FormConfigError, FormRegistry, default_templates_dir
from rtwbot.forms.registry import load_template

TEMPLATES = default_templates_dir()
NAMES = ["eform7-worksheet", "employer-report", "functional-abilities", "modified-work-plan", "rtwi"]


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return FormRegistry.load()


def test_loads_all_four_templates(registry: FormRegistry) -> None:
    assert registry.names() == NAMES
    for template in registry:
        assert template.path.is_file()
        assert template.version
        assert template.title
        assert template.filled_fields, template.name
        assert template.mimetype.startswith("application/")


def test_field_maps_agree_with_template_files(registry: FormRegistry) -> None:
    assert registry.problems() == []


def test_every_pdf_checkbox_records_its_exact_on_state(registry: FormRegistry) -> None:
    from rtwbot.forms.pdf import template_field_states

    for name in ("functional-abilities", "employer-report"):
        template = registry.get(name)
        states = template_field_states(template.data)
        checkboxes = [s for s in template.fields.values() if s.type == "checkbox"]
        assert checkboxes
        for spec in checkboxes:
            assert spec.on_state in states[spec.name][1]
        # and every field in the PDF is mapped (nothing unknown to read back)
        assert set(states) == set(template.fields)


def test_no_template_has_a_diagnosis_field(registry: FormRegistry) -> None:
    for template in registry:
        for spec in template.fields.values():
            assert "diagnos" not in spec.name.lower()
            assert "diagnos" not in (spec.path or "").lower()


def test_functional_abilities_has_the_bands_and_required_answers(registry: FormRegistry) -> None:
    fields = registry.get("functional-abilities").fields
    for name in (
        "walking_full", "walking_up_to_100m", "walking_100_200m", "walking_other",
        "standing_up_to_15min", "standing_15_30min", "sitting_up_to_30min", "sitting_30_60min",
        "lift_floor_waist_up_to_5kg", "lift_floor_waist_5_10kg", "lift_waist_shoulder_5_10kg",
        "above_shoulder_limited", "carrying_up_to_5kg", "push_pull_limited", "stairs_up_to_5_steps",
        "ladder_1_3_steps", "bending_limited", "repetitive_limited", "hand_left_gripping",
        "hand_right_pinching", "environment_limited", "medication_may_affect", "motorized_not_able",
        "travel_no_transit", "rtw_no_restrictions", "rtw_with_restrictions", "rtw_unable",
        "duration_1_2_days", "duration_3_7_days", "duration_8_14_days", "duration_14_plus_days",
        "next_assessment_date", "comments", "hp_name", "hp_profession", "hp_date",
    ):
        assert name in fields, name
    required = {s.answer or s.name for s in fields.values() if s.required}
    assert required == {"case_reference", "return_status", "expected_duration"}
    assert fields["case_reference"].path == "case.reference"


def test_get_unknown_template_names_the_known_ones(registry: FormRegistry) -> None:
    with pytest.raises(KeyError, match="employer-report"):
        registry.get("nope")


def test_file_names_carry_reference_and_form_only(registry: FormRegistry) -> None:
    assert registry.get("employer-report").filename("RTW-2026-0007") == "RTW-2026-0007-employer-report.pdf"
    assert registry.get("rtwi").filename("RTW/2026 0007") == "RTW-2026-0007-rtwi.docx"
    with pytest.raises(ValueError):
        registry.get("rtwi").filename("")


def _copy_map(tmp_path: Path, name: str, edit) -> Path:
    template = load_template(TEMPLATES / f"{name}.yaml")
    shutil.copy(template.path, tmp_path / template.path.name)
    text = (TEMPLATES / f"{name}.yaml").read_text(encoding="utf-8")
    target = tmp_path / f"{name}.yaml"
    target.write_text(edit(text), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("output: '{reference}-employer-report.pdf'", "output: '{name}-report.pdf'"), "reference"),
        (lambda t: t.replace("on_state: /Yes", "on: /Yes", 1), "on_state"),
        (lambda t: t.replace("on_state: /Yes", "on_state: Yes", 1), "slash"),
        (lambda t: t.replace("type: text", "type: txt", 1), "type"),
        (lambda t: t.replace("path: case.reference", "path: case..reference", 1), "bad path"),
        (lambda t: t.replace("template: employer-report.pdf", "template: missing.pdf"), "missing"),
        (lambda t: t.replace("fields:", "feilds:"), "unknown keys"),
    ],
)
def test_bad_field_maps_are_refused_with_a_clear_message(tmp_path: Path, edit, message: str) -> None:
    _copy_map(tmp_path, "employer-report", edit)
    with pytest.raises(FormConfigError, match=message):
        FormRegistry.load(tmp_path)


def test_problems_spots_a_field_missing_from_the_pdf(tmp_path: Path) -> None:
    _copy_map(tmp_path, "employer-report", lambda t: t.replace("  worker_name:", "  worker_full_name:"))
    problems = FormRegistry.load(tmp_path).problems()
    assert any("worker_full_name" in p for p in problems)


def test_problems_spots_a_docx_variable_missing_from_the_map(tmp_path: Path) -> None:
    _copy_map(tmp_path, "rtwi", lambda t: "\n".join(line for line in t.splitlines() if "supervisor_name" not in line) + "\n")
    problems = FormRegistry.load(tmp_path).problems()
    assert any("supervisor_name" in p for p in problems)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FormConfigError, match="does not exist"):
        FormRegistry.load(tmp_path / "nowhere")


def test_checked_in_templates_match_a_fresh_build(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_templates", TEMPLATES / "build_templates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    try:
        spec.loader.exec_module(module)
        written = module.build_all(tmp_path)
    finally:
        del sys.modules[spec.name]
    assert len(written) == 10
    for path in written:
        assert path.read_bytes() == (TEMPLATES / path.name).read_bytes(), (
            f"{path.name} differs from a fresh build: run python src/rtwbot/form_templates/build_templates.py"
        )
