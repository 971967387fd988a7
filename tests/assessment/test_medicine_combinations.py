"""A combination product is judged by every ingredient; cramp-linked classes are linked by
class, inhalers by their long-acting beta-agonist; AAFP 2012's medicines carry their source."""

from __future__ import annotations

import pytest

from nightcramp.assessment import screen


def medication_factors(*entries: str) -> dict[str, dict]:
    factors = screen({"medications": list(entries)})["contributing_factors"]
    found = {f["matched"]: f for f in factors if f["category"] == "medication"}
    for factor in found.values():
        assert set(factor) == {"category", "matched", "message", "evidence", "sources"}
    return found


@pytest.mark.parametrize(
    ("typed", "linked"),
    [
        ("Dyazide 1 daily", {"triamterene", "hydrochlorothiazide"}),
        ("Maxzide-25", {"triamterene", "hydrochlorothiazide"}),
        ("valsartan + HCT 160/12.5", {"hydrochlorothiazide"}),
        ("losartan/HCTZ 100/25", {"hydrochlorothiazide"}),
        ("Hyzaar", {"hydrochlorothiazide"}),
        ("spironolactone/HCTZ 25/25", {"spironolactone", "hydrochlorothiazide"}),
        ("Aldactazide", {"spironolactone", "hydrochlorothiazide"}),
        ("Caduet 5/10", {"atorvastatin"}),
        ("Vytorin 10/40", {"simvastatin"}),
        ("Inegy", {"simvastatin"}),
        ("co-amilozide 2.5/25", {"amiloride", "hydrochlorothiazide"}),
        ("co-triamterzide", {"triamterene", "hydrochlorothiazide"}),
        ("co-amilofruse 5/40", {"amiloride", "furosemide"}),
        ("Co-tenidone", {"chlortalidone"}),
        ("Zestoretic 20/12.5", {"hydrochlorothiazide"}),
    ],
)
def test_every_cramp_linked_ingredient_of_a_combination_is_a_factor(typed, linked):
    assert set(medication_factors(typed)) == linked


def test_each_ingredient_is_judged_by_its_own_class():
    factors = medication_factors("Dyazide")
    assert "2.12" in factors["triamterene"]["evidence"]  # potassium-sparing
    assert "1.48" in factors["hydrochlorothiazide"]["evidence"]  # thiazide
    assert "(in Dyazide)" in factors["triamterene"]["message"]


@pytest.mark.parametrize(
    ("typed", "laba", "figure"),
    [
        ("Serevent", "salmeterol", "2.17"),
        ("Seretide 250 evohaler", "salmeterol", "2.55"),
        ("Advair Diskus 250/50", "salmeterol", "2.55"),
        ("Symbicort 200/6", "formoterol", "2.55"),
        ("Fostair 100/6", "formoterol", "2.55"),
        ("Relvar Ellipta", "vilanterol", "2.55"),
        ("Breo Ellipta", "vilanterol", "2.55"),
        ("Trelegy Ellipta", "vilanterol", "2.55"),
        ("Trimbow", "formoterol", "2.55"),
        ("Anoro Ellipta", "vilanterol", "2.17"),
        ("Ultibro Breezhaler", "indacaterol", "2.17"),
        ("Spiolto Respimat", "olodaterol", "2.17"),
        ("Duaklir Genuair", "formoterol", "2.17"),
        ("fluticasone + salmeterol", "salmeterol", "2.55"),
    ],
)
def test_an_inhaler_is_linked_by_its_long_acting_beta_agonist(typed, laba, figure):
    factors = medication_factors(typed)
    assert list(factors) == [laba]
    assert figure in factors[laba]["evidence"]


def test_the_pills_hormones_are_one_factor():
    factors = medication_factors("Microgynon 30")
    assert list(factors) == ["ethinylestradiol/levonorgestrel"]
    assert factors["ethinylestradiol/levonorgestrel"]["evidence"].startswith("Unverified")


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("Premarin 0.625mg", "conjugated estrogens"),
        ("Forsteo", "teriparatide"),
        ("Forteo pen", "teriparatide"),
        ("Terrosa", "teriparatide"),
        ("Movymia", "teriparatide"),
        ("naproxen 500mg bd", "naproxen"),
        ("Naprosyn", "naproxen"),
        ("Venofer infusion", "iron sucrose"),
        ("zolpidem 10mg", "zolpidem"),
        ("Evista", "raloxifene"),
    ],
)
def test_aafp_2012_medicines_are_linked_with_their_source(typed, generic):
    factor = medication_factors(typed)[generic]
    assert "allen_kirby_2012" in factor["sources"]
    assert "Do not stop" in factor["message"]


@pytest.mark.parametrize(
    "typed", ["Priadel 400mg", "Camcolit", "Liskonum", "Sinemet 25/100", "Madopar", "Stalevo"]
)
def test_lithium_and_levodopa_are_recognised_without_a_cramp_factor(typed):
    result = screen({"medications": [typed]})
    assert not [f for f in result["contributing_factors"] if f["category"] == "medication"]
    assert {m["class"] for m in result["medicines"]} & {"lithium", "levodopa"}


@pytest.mark.parametrize(
    ("typed", "matched", "linked"),
    [
        ("water tablet", "diuretic (type not stated)", True),
        ("fluid pills", "diuretic (type not stated)", True),
        ("blood pressure tablets", "blood pressure medicine (type not stated)", False),
        ("cholesterol tablet", "cholesterol medicine (type not stated)", False),
    ],
)
def test_lay_terms_say_what_they_tell_and_no_more(typed, matched, linked):
    result = screen({"medications": [typed]})
    assert [m["matched"] for m in result["medicines"]] == [matched]
    factors = [f for f in result["contributing_factors"] if f["category"] == "medication"]
    assert bool(factors) is linked
