"""Synthetic diary CSVs for the import/export tests."""

from __future__ import annotations

import random
from datetime import date, timedelta


def diary_csv(nights: int = 400, seed: int = 7, start: date = date(2024, 1, 1)) -> str:
    """A diary with booleans (several spellings), numbers, decimals and gaps."""
    rng = random.Random(seed)
    header = "night,cramps,max_severity,soreness,coffee,magnesium,steps,fluids_glasses,mood"
    lines = [header]
    for i in range(nights):
        if rng.random() < 0.06:
            continue  # a night never recorded at all
        day = start + timedelta(days=i)
        cramps = "" if rng.random() < 0.1 else str(rng.choice([0, 0, 0, 1, 1, 2, 3]))
        severity = "" if cramps in ("", "0") else str(rng.randint(1, 10))
        soreness = "" if rng.random() < 0.5 else f"{rng.randint(0, 20) / 2:g}"
        coffee = rng.choice(["true", "false", "", "true"])
        magnesium = rng.choice(["yes", "no", "", "1", "0"])
        steps = "" if rng.random() < 0.2 else str(rng.randint(800, 15000))
        fluids = "" if rng.random() < 0.2 else f"{rng.randint(2, 24) / 2:g}"
        mood = "" if rng.random() < 0.3 else str(rng.randint(0, 10))
        lines.append(
            f"{day},{cramps},{severity},{soreness},{coffee},{magnesium},{steps},{fluids},{mood}"
        )
    return "\n".join(lines) + "\n"
