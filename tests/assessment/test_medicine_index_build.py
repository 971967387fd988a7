"""The shipped medicine index is what its build makes from its sources, and it is compact."""

from __future__ import annotations

import json

import pytest

from nightcramp.assessment.matching import INDEX_FILE
from nightcramp.knowledge import build_medicine_index

MAX_INDEX_BYTES = 3_000_000


@pytest.mark.slow
def test_the_shipped_index_is_up_to_date_with_its_sources():
    # reads the drug-name library's data file, medicine_products.yaml and medicines.yaml
    built = build_medicine_index.render(build_medicine_index.build_index())
    assert INDEX_FILE.read_text(encoding="utf-8") == built, (
        "run: python -m nightcramp.knowledge.build_medicine_index"
    )


def test_the_index_is_compact_and_names_its_sources():
    assert INDEX_FILE.stat().st_size < MAX_INDEX_BYTES
    index = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    assert "drug-named-entity-recognition 2.0.9" in index["about"]
    assert "medicine_products.yaml" in index["about"]


def test_every_product_ingredient_is_known():
    known = {
        d.generic
        for m in build_medicine_index.read_knowledge(build_medicine_index.DATA_DIR).medicines
        for d in m.drugs
    }
    index = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    ingredients = set(index["ingredients"])
    for product in build_medicine_index.read_products():
        assert set(product.ingredients) <= ingredients, product.id
    assert known <= ingredients
