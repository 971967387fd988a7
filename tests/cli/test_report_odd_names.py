"""`nightcramp report --pdf` with names a person may type: a `$` is text (it crashed the
command: matplotlib read "Vit $^^$ x" as a formula)."""

from __future__ import annotations


def test_report_with_a_dollar_in_a_medicine_name(cli, tmp_path):
    assert cli("checkin", "--cramps", "2", "--night", "2026-10-02").exit_code == 0
    added = cli("medicine", "add", "Vit $^^$ x", "--started", "2026-10-01")
    assert added.exit_code == 0, added.output  # started inside the period: it is charted
    target = tmp_path / "report.pdf"
    result = cli("report", "--pdf", target, "--from", "2026-09-20", "--to", "2026-10-20")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
