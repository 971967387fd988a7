"""The clinician PDF shows the latest screening's red flags as current, and flags that only
earlier screenings raised under a history heading - never as if they were current."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model

from nightcramp.diary.models import Assessment
from nightcramp.reports import summary as s
from nightcramp.reports.pdf import build_report_pdf
from tests.reports.test_pdf_report import pdf_text

PE = {"condition": "pulmonary_embolism", "level": "emergency", "message": "Breathless then."}
NUMB = {"condition": "neuropathy", "level": "soon", "message": "Numbness still."}


def test_only_the_latest_screening_is_current():
    saved = [
        (date(2026, 3, 1), {"red_flags": [PE, NUMB]}),
        (date(2026, 5, 1), {"red_flags": [NUMB]}),
    ]
    rows = s.red_flags_from_assessments(saved)
    assert [(r.condition, r.current) for r in rows] == [
        ("neuropathy", True),
        ("pulmonary_embolism", False),
    ]
    assert (rows[0].when, rows[0].last, rows[0].times) == (date(2026, 3, 1), date(2026, 5, 1), 2)


def test_pdf_labels_earlier_flags_as_history(db, tmp_path):
    person = get_user_model().objects.create_user("carol")
    old = Assessment.objects.create(user=person, profile={}, result={"red_flags": [PE, NUMB]})
    new = Assessment.objects.create(user=person, profile={}, result={"red_flags": [NUMB]})
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    Assessment.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=30))
    Assessment.objects.filter(pk=new.pk).update(created_at=now)
    text = pdf_text(build_report_pdf(person), tmp_path)
    latest = text.index("Red flags: latest screening (2026-11-20)")
    history = text.index("History: raised by earlier screenings, not by the latest")
    assert latest < text.index("Numbness still.") < history < text.index("Breathless then.")


def test_no_flag_in_the_latest_screening_says_so(db, tmp_path):
    person = get_user_model().objects.create_user("dan")
    old = Assessment.objects.create(user=person, profile={}, result={"red_flags": [PE]})
    Assessment.objects.filter(pk=old.pk).update(created_at=datetime(2026, 10, 1, 9, 0, tzinfo=UTC))
    Assessment.objects.create(user=person, profile={}, result={"red_flags": []})
    text = pdf_text(build_report_pdf(person), tmp_path)
    assert "None in the latest screening" in text
    assert text.index("None in the latest screening") < text.index("History:")
