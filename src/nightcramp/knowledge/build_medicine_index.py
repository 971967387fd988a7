"""Build the compact medicine index shipped as knowledge/data/medicine_index.json.

    python -m nightcramp.knowledge.build_medicine_index          # rewrite the shipped file
    python -m nightcramp.knowledge.build_medicine_index --check  # exit 1 if it is out of date

Sources, merged in this order (a later one wins for the same name):
1. drug-named-entity-recognition (the pinned version; its dictionary merges DrugBank,
   MeSH, MedlinePlus, NHS and Wikipedia names): every name of a medicine, with a
   combination's canonical name ("hydrochlorothiazide/triamterene") split into its
   ingredients. Only names of medicines are kept: entries with a MedlinePlus or NHS page
   ("consumer" tier) or a DrugBank id ("exact" tier). MeSH-only entries (proteins, enzymes,
   chemical classes) and names of five or more words are dropped. A misspelling may be
   matched only to a "common" name: a consumer-tier generic name itself or a name the
   library marks as a brand (plus the curated names below), never to the long tail of
   other brands (Quinora, a quinidine brand, is one letter from the food quinoa).
2. knowledge/data/medicine_products.yaml: combination products, UK "co-" names, inhalers,
   the combined pill's brands, lay terms (curated; also fuzzy-matchable).
3. knowledge/data/medicines.yaml: every drug of the cramp-linked classes (curated).

The run never happens at screen time: `screen` reads the JSON only (see matching.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from nightcramp.knowledge.loader import DATA_DIR, read_knowledge
from nightcramp.knowledge.schema import KnowledgeError, MedicineProduct, build

INDEX_FILE = DATA_DIR / "medicine_index.json"
PRODUCTS_FILE = DATA_DIR / "medicine_products.yaml"
LIBRARY = "drug-named-entity-recognition"
MAX_WORDS = 4
MAX_CHARS = 40
# words people write in medicine lists that are not medicines themselves (see matching.py)
COMBINATION_SPLIT = re.compile(r"\s*/\s*|,\s*and\s+|\s+and\s+|,\s*")


def key(text: str) -> str:
    """The normalised form used for lookups (the matcher's own words, one space apart)."""
    from nightcramp.assessment.matching import words

    return " ".join(words(text))


def read_products(path: Path = PRODUCTS_FILE) -> list[MedicineProduct]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of entries")
    return [
        build(MedicineProduct, entry, f"{path.name}, entry #{i}") for i, entry in enumerate(raw, 1)
    ]


def library_dictionary() -> dict:
    """The drug-name library's own data file (read directly: its module builds a slow index)."""
    import bz2
    import importlib.util
    import pickle

    spec = importlib.util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{LIBRARY} is not installed: pip install -e .")
    folder = Path(next(iter(spec.submodule_search_locations)))
    with bz2.open(folder / "drug_ner_dictionary.pkl.bz2", "rb") as handle:
        return pickle.load(handle)  # noqa: S301 (the pinned package's own data file)


def library_stopwords() -> set[str]:
    import ast
    import importlib.util

    spec = importlib.util.find_spec("drug_named_entity_recognition.util")
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "stopwords":
            return {str(w) for w in ast.literal_eval(node.value)}
    return set()


def _library_version() -> str:
    from importlib.metadata import version

    return version(LIBRARY)


def build_index() -> dict:
    """The index as a JSON-ready dict (deterministic: same inputs, same output)."""
    from nightcramp.assessment.matching import NOT_MEDICINE

    knowledge = read_knowledge(DATA_DIR)
    products = read_products()
    data = library_dictionary()
    stop = (library_stopwords() | NOT_MEDICINE) - {"iron"}
    curated: dict[str, tuple[str, ...]] = {}
    for med in knowledge.medicines:
        for drug in med.drugs:
            for name in (drug.generic, *drug.names):
                curated[key(name)] = (drug.generic,)
    kb_generics = {drug.generic for med in knowledge.medicines for drug in med.drugs}
    variants = data["drug_variant_to_canonical"]
    declared = set(kb_generics)
    for product in products:
        names = {key(n) for n in product.names}
        if product.note or any(key(i) in names for i in product.ingredients):
            declared |= set(product.ingredients)
    product_names: dict[str, tuple[str, ...]] = {}
    for product in products:
        for ingredient in product.ingredients:
            if ingredient not in declared and ingredient.lower() not in variants:
                raise KnowledgeError(
                    f"{PRODUCTS_FILE.name}, '{product.id}': unknown ingredient '{ingredient}'"
                )
        for name in product.names:
            product_names[key(name)] = tuple(product.ingredients)
    resolve = {**product_names, **curated}  # an ingredient's name -> its generic(s)
    names, tiers = _library_names(data, resolve, stop, set(variants))
    for name_key, ingredients in {**product_names, **curated}.items():
        names[name_key] = ingredients
        tiers[name_key] = "curated"
    return _pack(names, tiers, stop)


def _library_names(data: dict, resolve: dict, stop: set[str], known: set[str]) -> tuple[dict, dict]:
    canon = data["drug_canonical_to_data"]
    brands = {k for k, v in data["drug_variant_to_variant_data"].items() if v.get("is_brand")}
    names: dict[str, tuple[str, ...]] = {}
    tiers: dict[str, str] = {}
    for variant, canonicals in sorted(data["drug_variant_to_canonical"].items()):
        name_key = key(variant)
        if not _usable_name(name_key, stop):
            continue
        for canonical in canonicals:
            info = canon.get(canonical, {})
            tier = _tier(info)
            if tier is None:
                continue
            if tier == "consumer" and (variant == canonical or variant in brands):
                tier = "common"  # the generic name itself, or a brand the library marks
            parts = _ingredients_of(canonical, resolve, known)
            ingredients: list[str] = []
            for part in parts:
                ingredients += resolve.get(key(part), (part.strip(),))
            if tier != "exact" or tiers.get(name_key) in (None, "exact"):
                names[name_key] = tuple(dict.fromkeys(ingredients))
                tiers[name_key] = tier
            break
    return names, tiers


def _ingredients_of(canonical: str, resolve: dict, known: set[str]) -> list[str]:
    """A combination's parts when every part is itself a known name, else the whole name
    ("estrogens, conjugated" is one ingredient, "hydrochlorothiazide/triamterene" two)."""
    parts = [p.strip() for p in COMBINATION_SPLIT.split(canonical.lower()) if p.strip()]
    if len(parts) > 1 and all(key(p) in resolve or p in known for p in parts):
        return parts
    return [canonical.lower()]


def _tier(info: dict) -> str | None:
    if "medline_plus_id" in info or "nhs_url" in info:
        return "consumer"
    if "drugbank_id" in info:
        return "exact"
    return None


def _usable_name(name_key: str, stop: set[str]) -> bool:
    tokens = name_key.split()
    return (
        0 < len(tokens) <= MAX_WORDS
        and len(name_key) <= MAX_CHARS
        and len(name_key) >= 3
        and name_key not in stop
        and any(t.isalpha() and len(t) >= 3 for t in tokens)
    )


def _pack(names: dict[str, tuple[str, ...]], tiers: dict[str, str], stop: set[str]) -> dict:
    ingredients = sorted({i for combo in names.values() for i in combo})
    number = {name: n for n, name in enumerate(ingredients)}
    fuzzy = sorted(
        k
        for k, tier in tiers.items()
        if tier in ("common", "curated") and " " not in k and k.isalpha() and len(k) >= 5
    )
    return {
        "about": (
            f"Built by nightcramp.knowledge.build_medicine_index from {LIBRARY} "
            f"{_library_version()}, medicine_products.yaml and medicines.yaml. names: normalised "
            "name -> ingredient numbers; fuzzy: names a misspelling may be matched to; "
            "stopwords: words never read as a misspelt medicine; longest: most words in a name."
        ),
        "longest": max(len(k.split()) for k in names),
        "ingredients": ingredients,
        "names": {k: [number[i] for i in names[k]] for k in sorted(names)},
        "fuzzy": fuzzy,
        "stopwords": sorted(w for w in stop if w.isalpha()),
    }


def render(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    args = parser.parse_args(argv)
    text = render(build_index())
    if args.check:
        same = INDEX_FILE.exists() and INDEX_FILE.read_text(encoding="utf-8") == text
        print("medicine_index.json is up to date" if same else "medicine_index.json is stale")
        return 0 if same else 1
    INDEX_FILE.write_text(text, encoding="utf-8")
    index = json.loads(text)
    print(
        f"wrote {INDEX_FILE}: {len(index['names'])} names, {len(index['ingredients'])} ingredients"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
