"""How long `screen` takes on a profile with 5 medicines, cold and warm.

Each case runs in a fresh interpreter so "cold" includes reading the knowledge base and,
when a medicine is not in the knowledge base, importing drug_named_entity_recognition.
Run: `python benchmarks/bench_screen.py`.
"""

from __future__ import annotations

import subprocess
import sys

KNOWN = [
    "Lasix 40mg in the morning",
    "Lipitor 20mg",
    "Symbicort inhaler",
    "Evista",
    "hydrochlorothiazide 25 mg daily",
]
# Zestoretic and metformin are not in medicines.yaml: the drug library is imported.
UNKNOWN = [
    "Lasix 40mg in the morning",
    "Lipitor 20mg",
    "Symbicort inhaler",
    "Zestoretic",
    "metformin",
]

CHILD = """
import json, sys, time
start = time.perf_counter()
from nightcramp.assessment import screen
profile = {"age": 72, "sex": "female", "medications": json.loads(sys.argv[1]),
           "conditions": ["type 2 diabetes"], "symptoms": ["numbness_or_tingling"],
           "habits": {"fluids_glasses_per_day": 5, "sitting_hours_per_day": 8}}
screen(profile)
cold = time.perf_counter() - start
start = time.perf_counter()
for _ in range(200):
    screen(profile)
warm = (time.perf_counter() - start) / 200
print(f"{cold * 1000:.0f} {warm * 1000:.2f}")
"""


def run(medicines: list[str]) -> tuple[str, str]:
    import json

    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(medicines)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[0], out[1]


def main() -> None:
    for label, medicines in (("all in knowledge base", KNOWN), ("2 need drug library", UNKNOWN)):
        cold, warm = run(medicines)
        print(f"screen, 5 medicines, {label}: cold {cold} ms (import + first call), warm {warm} ms")


if __name__ == "__main__":
    main()
