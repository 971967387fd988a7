"""The clinician PDF of a 6-month demo diary, read back with poppler's pdftotext/pdfinfo.

Every number the test looks for is computed here from the ORM, not taken from the report
code. A page image is saved as an artefact (NIGHTCRAMP_ARTIFACTS, default <repo>/artifacts)
for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from nightcramp.diary.demo import make_demo_diary
from nightcramp.diary.models import Assessment, Episode, FactorValue, Medicine, Night, Trial
from nightcramp.diary.store import ensure_factor
from nightcramp.reports.pdf import STEPS, build_report_pdf

REPO = Path(__file__).resolve().parents[2]
DEMO_END = date(2026, 11, 23)


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install the Debian package poppler-utils"
    return path


def pdf_text(content: bytes, tmp_path: Path) -> str:
    source = tmp_path / "report.pdf"
    source.write_bytes(content)
    out = subprocess.run(
        [_tool("pdftotext"), "-raw", str(source), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def page_count(content: bytes, tmp_path: Path) -> int:
    source = tmp_path / "count.pdf"
    source.write_bytes(content)
    info = subprocess.run(
        [_tool("pdfinfo"), str(source)], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


@pytest.fixture
def people(db):
    users = get_user_model().objects
    alice, bob = users.create_user("alice"), users.create_user("bob")
    make_demo_diary(alice, months=6, seed=1, end=DEMO_END)
    make_demo_diary(bob, months=3, seed=7, end=DEMO_END)  # must never show in alice's report
    return alice, bob


def test_report_holds_the_diarys_counts_dates_and_medicines(people, tmp_path):
    alice, _ = people
    steps: list[str] = []
    content = build_report_pdf(alice, progress=steps.append)
    assert content.startswith(b"%PDF")
    assert steps == list(STEPS)
    assert 1 <= page_count(content, tmp_path) <= 2
    text = pdf_text(content, tmp_path)

    nights = Night.objects.filter(user=alice)
    first = nights.order_by("night").first().night
    last = nights.order_by("-night").first().night
    recorded = nights.filter(cramps__isnull=False)
    total = recorded.aggregate(total=Sum("cramps"))["total"]
    episodes = Episode.objects.filter(user=alice).count()
    span = (last - first).days + 1
    assert f"Nights {first.isoformat()} to {last.isoformat()} ({span} nights)" in text
    assert f"{recorded.count()} of {span} nights recorded" in text
    assert f"{span - recorded.count()} missing" in text
    assert f"{total} cramps reported" in text
    assert f"on {recorded.filter(cramps__gt=0).count()} nights" in text
    assert f"{recorded.filter(cramps=0).count()} cramp-free nights" in text
    assert f"{episodes} of the {total} cramps were also logged in detail" in text
    for medicine in Medicine.objects.filter(user=alice):
        assert medicine.name in text
        if medicine.started:
            assert medicine.started.isoformat() in text
    assert "Atorvastatin" in text  # the generic name of Lipitor
    assert "Possible peripheral arterial disease" in text
    assert "Soon (within ~2 weeks)" in text
    assert "Self-experiment: bedtime stretching" in text
    assert "Clinician's notes" in text


def test_report_period_limits_the_counts(people, tmp_path):
    alice, _ = people
    start, end = date(2026, 9, 1), date(2026, 9, 30)
    text = pdf_text(build_report_pdf(alice, start, end), tmp_path)
    recorded = Night.objects.filter(
        user=alice, night__gte=start, night__lte=end, cramps__isnull=False
    )
    total = recorded.aggregate(total=Sum("cramps"))["total"]
    assert "Nights 2026-09-01 to 2026-09-30 (30 nights)" in text
    assert f"{recorded.count()} of 30 nights recorded" in text
    assert f"{total} cramps reported" in text


def test_empty_diary_gives_a_short_honest_report(db, tmp_path):
    person = get_user_model().objects.create_user("carol")
    content = build_report_pdf(person)
    text = pdf_text(content, tmp_path)
    assert page_count(content, tmp_path) <= 2
    assert "0 of 1 nights recorded" in text
    assert "No cramps were recorded in this period." in text
    assert "No screening has been saved" in text
    assert "No medicines recorded for this period." in text


@pytest.mark.slow
def _make_heavy(person, months: int, extra_trials: int = 0):
    """A demo diary made heavy: eight more medicines, four red flags raised repeatedly,
    six own factors and ``extra_trials`` more self-experiments."""
    demo = make_demo_diary(person, months=months, seed=4, end=DEMO_END)
    names = ["Furosemide 40mg", "Salbutamol inhaler", "Nifedipine", "Metformin 500 mg",
             "Amlodipine", "Omeprazole", "Vitamin D", "Magnesium citrate"]  # fmt: skip
    for i, name in enumerate(names):
        Medicine.objects.create(
            user=person, name=name, started=demo.start + (i + 1) * (DEMO_END - demo.start) / 10
        )
    flag = {"condition": "neuropathy", "level": "soon", "message": "Numbness needs a check. " * 4}
    for condition in ("dvt", "thyroid_disease", "restless_legs"):
        Assessment.objects.create(
            user=person, profile={}, result={"red_flags": [flag, {**flag, "condition": condition}]}
        )
    nights = list(Night.objects.filter(user=person))
    for j in range(6):
        factor = ensure_factor(person, f"own_factor_{j}", "number")
        FactorValue.objects.bulk_create(
            FactorValue(user=person, night=n, factor=factor, value=(n.pk * (j + 3)) % 5)
            for n in nights
        )
    first = Trial.objects.get(user=person)
    for k in range(extra_trials):  # earlier self-experiments, one every 20 weeks
        shift = timedelta(weeks=20 * (k + 1))
        plan = {**first.plan, "intervention": f"experiment {k + 1}"}
        plan["periods"] = [
            {
                **p,
                "start": str(date.fromisoformat(p["start"]) - shift),
                "end": str(date.fromisoformat(p["end"]) - shift),
            }  # fmt: skip
            for p in first.plan["periods"]
        ]
        Trial.objects.create(
            user=person, intervention=plan["intervention"], start=first.start - shift,
            end=first.end - shift, period_nights=first.period_nights, pairs=first.pairs,
            seed=k, plan=plan, status=Trial.Status.FINISHED,
        )  # fmt: skip
    return names


def test_a_heavy_diary_still_fits_on_two_pages(db, tmp_path):
    person = get_user_model().objects.create_user("erin")
    names = _make_heavy(person, months=12)
    content = build_report_pdf(person)
    assert page_count(content, tmp_path) == 2
    text = pdf_text(content, tmp_path)
    assert all(name in text for name in names)
    assert "Possible deep vein thrombosis" in text and "Clinician's notes" in text


def test_a_five_year_heavy_diary_is_summarised_onto_two_pages(db, tmp_path):
    person = get_user_model().objects.create_user("fred")
    names = _make_heavy(person, months=60, extra_trials=6)
    content = build_report_pdf(person)
    assert page_count(content, tmp_path) <= 2
    text = pdf_text(content, tmp_path)
    assert all(name in text for name in names)  # as rows or in the summary sentence
    assert "experiment 6" in text and "Clinician's notes" in text
    assert "to keep this report to two pages" in text


def test_the_pdf_is_tagged_for_screen_readers(people, tmp_path):
    import pikepdf

    source = tmp_path / "report.pdf"
    source.write_bytes(build_report_pdf(people[0]))
    info = subprocess.run(
        [_tool("pdfinfo"), str(source)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)
    with pikepdf.open(source) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and root.MarkInfo.Marked
        assert str(root.Lang) == "en"
        assert str(pdf.docinfo.Title).startswith("Night leg cramps: diary report")
        assert root.ViewerPreferences.DisplayDocTitle
        kinds = {str(kid.get("/S")) for kid in _structure(root.StructTreeRoot)}
        assert {"/H1", "/H2", "/Table", "/Figure"} <= kinds
        figures = [k for k in _structure(root.StructTreeRoot) if k.get("/S") == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")) for f in figures)


def _structure(node, depth: int = 0):
    """Every structure element under ``node``."""
    import pikepdf

    kids = node.get("/K")
    if kids is None or depth > 40:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _structure(kid, depth + 1)


def test_first_page_image_is_saved_as_an_artefact(people, tmp_path):
    alice, _ = people
    source = tmp_path / "report.pdf"
    source.write_bytes(build_report_pdf(alice))
    folder = Path(os.environ.get("NIGHTCRAMP_ARTIFACTS", REPO / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / "clinician-report"
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "60", str(source), str(prefix)], check=True)
    pages = sorted(folder.glob("clinician-report-*.png"))
    assert pages and pages[0].read_bytes().startswith(b"\x89PNG")
    shutil.copy(source, folder / "clinician-report.pdf")
