"""Benchmark: our form filling vs the bare library doing the minimum on the same template.

Run from the repository root with the project's virtualenv: ``python bench/forms.py [--runs N]``.

For each template it prints the median time of ``rtwbot.forms.fill`` over N runs and the
median time of the bare library on the same file in the same run (pypdf: clone +
``update_page_form_field_values`` + write; docxtpl: load + render + save), and their ratio.
The goal is a ratio of at most 2x. Not a test: nothing fails here.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from docxtpl import DocxTemplate
from pypdf import PdfWriter

from rtwbot.forms import FormRegistry, fill
from rtwbot.forms.fill import field_values
from rtwbot.forms.samples import sample_context

GOAL = 2.0


def bare_pdf(path: Path, values: dict) -> bytes:
    writer = PdfWriter(clone_from=path)
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def bare_docx(path: Path, values: dict) -> bytes:
    doc = DocxTemplate(path)
    doc.render(values, autoescape=True)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def median_seconds(a: Callable[[], object], b: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median seconds of ``a`` and of ``b``, run alternately so both see the same machine."""
    a(), b()  # warm up (imports, caches)
    times_a, times_b = [], []
    for _ in range(runs):
        for func, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="rtwbot form filling benchmark")
    parser.add_argument("--runs", type=int, default=30, help="runs per measurement (default 30)")
    parser.add_argument("--templates", type=Path, default=None, help="form templates folder")
    args = parser.parse_args(argv)

    registry = FormRegistry.load(args.templates)
    context = sample_context()
    print(f"{'template':<22} {'ours ms':>9} {'bare ms':>9} {'ratio':>7}  goal <= {GOAL:g}x  ({args.runs} runs, median)")
    worst = 0.0
    for template in registry:
        values = field_values(template, context)
        bare = bare_pdf if template.kind == "pdf" else bare_docx
        ours_t, bare_t = median_seconds(
            lambda t=template: fill(t, context),
            lambda t=template, v=values, b=bare: b(t.path, v),
            args.runs,
        )
        ratio = ours_t / bare_t
        worst = max(worst, ratio)
        flag = "ok" if ratio <= GOAL else "OVER"
        print(f"{template.name:<22} {ours_t * 1000:>9.2f} {bare_t * 1000:>9.2f} {ratio:>6.2f}x  {flag}")
    print(f"worst ratio {worst:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
