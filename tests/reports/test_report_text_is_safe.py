"""Names a person typed never break the clinician report: a `$` is text, not mathtext
(matplotlib), and a long unbroken name wraps instead of pushing the table off the page.

Checked on the PDF itself with poppler: ``pdftotext -bbox`` gives every word's box, which
must lie within the page.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary import store
from nightcramp.diary.models import Medicine
from nightcramp.reports import charts
from nightcramp.reports.pdf import build_report_pdf
from nightcramp.reports.summary import MedicineRow, Week
from tests.reports.test_pdf_report import _tool

DOLLARS = "Vit $^^$ x"  # made /report.pdf answer 500: "ParseFatalException" in mathtext
LONG = "Supercalifragilistic" * 10  # 200 characters, no space


def weeks() -> list[Week]:
    start = date(2026, 1, 5)
    return [Week(start + timedelta(days=7 * i), i % 3, 7) for i in range(10)]


@pytest.mark.parametrize("name", [DOLLARS, "$x$", "a $ b", r"\$5 \frac{1}{2}", "$50 %"])
def test_chart_labels_are_plain_text(name):
    medicine = MedicineRow(name=name, generic="", dose="", started=date(2026, 1, 20))
    svg = charts.medicine_chart(weeks(), [medicine], date(2026, 1, 5), date(2026, 3, 15))
    assert f"<!-- {name} started -->" in svg  # the SVG names each text it draws
    assert "Oblique" not in svg  # no formula: mathtext would set "$x$" as an italic x


def word_boxes(content: bytes, tmp_path) -> tuple[float, list[tuple[str, float, float]]]:
    """The page width and (word, xMin, xMax) of every word, from pdftotext -bbox."""
    source = tmp_path / "boxes.pdf"
    source.write_bytes(content)
    html = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(source), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = [
        (word, float(x0), float(x1))
        for x0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            html,
        )
    ]
    return width, words


@pytest.fixture
def person(db):
    person = get_user_model().objects.create_user("dora")
    for day in range(20):
        store.morning_checkin(person, date(2026, 10, 1) + timedelta(days=day), day % 3)
    Medicine.objects.create(user=person, name=DOLLARS, dose="1 a day", started=date(2026, 10, 5))
    Medicine.objects.create(user=person, name=LONG, dose="20 mg", started=date(2026, 10, 9))
    return person


def test_the_report_keeps_dollars_and_long_names_on_the_page(person, tmp_path):
    content = build_report_pdf(person, date(2026, 10, 1), date(2026, 10, 20))  # raised before
    width, words = word_boxes(content, tmp_path)
    outside = [(w, x1) for w, x0, x1 in words if x0 < 0 or x1 > width]
    assert outside == []  # the 200-character name ran 1,000 points past the edge
    pieces = [w for w, _, _ in words if len(w) > 8 and w in LONG]
    assert len(pieces) > 1 and "".join(pieces) == LONG  # all of it, wrapped over lines
    assert "$^^$" in [w for w, _, _ in words]
