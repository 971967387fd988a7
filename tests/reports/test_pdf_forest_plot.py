"""The clinician PDF carries the same forest plot as the dashboard (issue 11)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from nightcramp.diary.demo import make_demo_diary
from nightcramp.reports import pdf
from nightcramp.reports import summary as s
from nightcramp.reports.charts import forest_chart
from nightcramp.stats.forest import forest_rows
from nightcramp.stats.simulate import simulate_diary, trigger_search_spec
from nightcramp.stats.triggers import analyze
from tests.reports.test_pdf_report import DEMO_END, page_count, pdf_text


def test_the_report_shows_one_forest_row_per_tested_factor(db, tmp_path):
    alice = get_user_model().objects.create_user("alice")
    make_demo_diary(alice, months=6, seed=1, end=DEMO_END)
    context = pdf.report_context(s.gather(alice))
    rows = context["forest_rows"]
    tested = {
        f["base_factor"]
        for f in context["trigger_result"]["factors"]
        if f["rate_ratio"] is not None
    }
    assert len(rows) == len(tested) > 0
    content = pdf.build_report_pdf(alice)
    text = pdf_text(content, tmp_path)
    assert "Each factor's row is its same-day test" in text
    assert context["forest_summary"].split(":")[0] in text
    assert page_count(content, tmp_path) <= 2


def test_the_forest_chart_marks_flagged_rows_apart():
    table, _ = simulate_diary(trigger_search_spec(), seed=11_003)
    rows = forest_rows(analyze(table), {})
    assert sum(r.flagged for r in rows) == 1 and rows[0].flagged
    svg = forest_chart(rows)
    assert svg.startswith("<?xml") and "<svg" in svg
    # one interval line per row, in the same order as the rows (flagged first)
    assert svg.count('id="line2d_') >= len(rows)


def test_a_dollar_in_a_factor_name_is_drawn_as_written():
    table, _ = simulate_diary(trigger_search_spec(), seed=11_003)
    rows = forest_rows(analyze(table), {"null_yesno": ("Spent $5 on $ snacks", "")})
    forest_chart(rows)  # no mathtext error; labels are plain text (charts._style)
    assert any(r.label == "Spent $5 on $ snacks" for r in rows)
