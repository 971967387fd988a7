"""The standard codes the FHIR export uses, each checked against a source named here and in
docs/fhir.md. A code is only listed once it was found in that source; anything without one
stays as text (and, where the diary needs it back, a nightcramp-local code beside it)."""

from __future__ import annotations

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
TERMINOLOGY = "http://terminology.hl7.org/CodeSystem"
OBSERVATION_CATEGORY = f"{TERMINOLOGY}/observation-category"

# LOINC 72514-3, https://loinc.org/72514-3 (also the HL7 Belgium patient-monitoring
# ValueSet "Pain severity - 0-10 verbal numeric rating", which points there).
PAIN_SEVERITY = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")

# SNOMED CT body structures, from DICOM PS3.16 Annex L "Body Part Examined" mapping
# (CALF 53840002, FOOT 56459004, THIGH 68367000, TOE 29707007). The diary's front and back
# of the thigh both map to the thigh: no verified code for the thigh's front or back.
BODY_SITE = {
    "calf": ("53840002", "Calf of leg"),
    "foot": ("56459004", "Foot"),
    "toes": ("29707007", "Toe"),
    "front_thigh": ("68367000", "Thigh"),
    "back_thigh": ("68367000", "Thigh"),
}

# R4's Observation.bodySite has no laterality element, and post-coordinated expressions
# are not plain codings, so the side is an Observation.component: code = SNOMED CT
# 272741003 "Laterality" (the concept model attribute), value = a SNOMED CT laterality
# qualifier from the HL7 mCODE "Laterality Qualifier Value Set" (active concepts; the R4
# core bodysite-laterality codes 419161000/419465000 are inactive in current SNOMED CT).
LATERALITY_ATTRIBUTE = ("272741003", "Laterality")
LATERALITY = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}

# RxNorm ingredient concepts (RXCUI, RxNorm name), keyed by the international
# non-proprietary name in lower case. Source: CPIC's drug table (cpicpgx/cpic-schema,
# drug.sql, "RxNorm:<rxcui>" ids) unless marked; the two marked ones were cross-checked in
# several independent public code bases that use RxNorm, as recorded in docs/fhir.md.
RXNORM_INGREDIENTS = {
    "atorvastatin": ("83367", "atorvastatin"),
    "simvastatin": ("36567", "simvastatin"),
    "rosuvastatin": ("301542", "rosuvastatin"),
    "pravastatin": ("42463", "pravastatin"),
    "hydrochlorothiazide": ("5487", "hydrochlorothiazide"),
    "furosemide": ("4603", "furosemide"),
    "spironolactone": ("9997", "spironolactone"),
    "salbutamol": ("435", "albuterol"),
    "salmeterol": ("36117", "salmeterol"),
    "budesonide": ("19831", "budesonide"),
    "ciprofloxacin": ("2551", "ciprofloxacin"),
    "levofloxacin": ("82122", "levofloxacin"),
    "quinine": ("9071", "quinine"),
    "metformin": ("6809", "metformin"),
    "omeprazole": ("7646", "omeprazole"),
    "aspirin": ("1191", "aspirin"),
    "amitriptyline": ("704", "amitriptyline"),
    "paracetamol": ("161", "acetaminophen"),  # cross-checked, docs/fhir.md
    "lisinopril": ("29046", "lisinopril"),  # cross-checked, docs/fhir.md
}

# International (INN / UK) name -> United States (USAN) name, where they differ.
US_NAMES = {
    "paracetamol": "acetaminophen",
    "salbutamol": "albuterol",
    "chlortalidone": "chlorthalidone",
    "torasemide": "torsemide",
    "beclometasone": "beclomethasone",
    "glibenclamide": "glyburide",
}
INTERNATIONAL_NAMES = {us: inn for inn, us in US_NAMES.items()}


def international_name(generic: str) -> str:
    """'Acetaminophen' -> 'paracetamol': one key whatever the matcher's spelling."""
    name = generic.strip().lower()
    return INTERNATIONAL_NAMES.get(name, name)


def local_name(generic: str, names: str) -> str:
    """The generic name as the person's clinician writes it: ``names`` is ``us`` or
    ``international``."""
    name = international_name(generic)
    return US_NAMES.get(name, name) if names == "us" else name


# The zones of the United States and Canada (tzdata zone.tab, countries US and CA), where
# clinicians write US drug names (acetaminophen, albuterol).
US_NAME_ZONES = frozenset(
    {
        "America/Adak",
        "America/Anchorage",
        "America/Atikokan",
        "America/Blanc-Sablon",
        "America/Boise",
        "America/Cambridge_Bay",
        "America/Chicago",
        "America/Creston",
        "America/Dawson",
        "America/Dawson_Creek",
        "America/Denver",
        "America/Detroit",
        "America/Edmonton",
        "America/Fort_Nelson",
        "America/Glace_Bay",
        "America/Goose_Bay",
        "America/Halifax",
        "America/Indiana/Indianapolis",
        "America/Indiana/Knox",
        "America/Indiana/Marengo",
        "America/Indiana/Petersburg",
        "America/Indiana/Tell_City",
        "America/Indiana/Vevay",
        "America/Indiana/Vincennes",
        "America/Indiana/Winamac",
        "America/Inuvik",
        "America/Iqaluit",
        "America/Juneau",
        "America/Kentucky/Louisville",
        "America/Kentucky/Monticello",
        "America/Los_Angeles",
        "America/Menominee",
        "America/Metlakatla",
        "America/Moncton",
        "America/New_York",
        "America/Nome",
        "America/North_Dakota/Beulah",
        "America/North_Dakota/Center",
        "America/North_Dakota/New_Salem",
        "America/Phoenix",
        "America/Rankin_Inlet",
        "America/Regina",
        "America/Resolute",
        "America/Sitka",
        "America/St_Johns",
        "America/Swift_Current",
        "America/Toronto",
        "America/Vancouver",
        "America/Whitehorse",
        "America/Winnipeg",
        "America/Yakutat",
        "Pacific/Honolulu",
    }
)


def names_for_zone(zone_name: str) -> str:
    """``us`` for a zone in the United States or Canada (and the old ``US/`` and ``Canada/``
    aliases), else ``international`` (paracetamol: UK, Europe, Australia, India ...)."""
    if zone_name in US_NAME_ZONES or zone_name.startswith(("US/", "Canada/")):
        return "us"
    return "international"
