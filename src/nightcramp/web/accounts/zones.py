"""Finding a time zone by what a person calls it: a city, a country, a region, an old name.

Only IANA names (``zoneinfo.available_timezones()``) are ever saved; this module helps to
find one. The zones offered are the tz database's own list of one zone per place
(``zone.tab``, with its country from ``iso3166.tab`` and its description, e.g. "Eastern
(most areas)"), plus UTC. Old and alternative names (``Asia/Calcutta``, ``US/Eastern``)
come from the database's links (``tzdata.zi``); a few big cities that no zone is named
after ("Mumbai", "San Francisco") are listed below. The files are read from the first
zoneinfo folder that has them (Python's ``TZPATH``, then the ``tzdata`` package).
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, available_timezones

RESULT_LIMIT = 20
MIN_QUERY = 2

# Big cities (and everyday names) that no zone is named after, by the zone they live in.
CITY_ALIASES: dict[str, str] = {
    "Asia/Kolkata": "Mumbai, Delhi, New Delhi, Bangalore, Bengaluru, Chennai, Hyderabad",
    "Asia/Shanghai": "Beijing, Guangzhou, Shenzhen, China Standard Time",
    "Asia/Tokyo": "Osaka, Kyoto, Yokohama",
    "Asia/Dubai": "Abu Dhabi",
    "Asia/Karachi": "Lahore, Islamabad",
    "Asia/Jerusalem": "Tel Aviv",
    "America/New_York": "Washington, Boston, Miami, Atlanta, Philadelphia, Eastern Time",
    "America/Chicago": "Dallas, Houston, Austin, Minneapolis, Central Time",
    "America/Denver": "Salt Lake City, Mountain Time",
    "America/Los_Angeles": "San Francisco, Seattle, San Diego, Las Vegas, Pacific Time",
    "America/Toronto": "Ottawa, Montreal",
    "America/Sao_Paulo": "Rio de Janeiro, Brasilia",
    "Europe/London": "Edinburgh, Manchester, Birmingham, Glasgow, Belfast, England, Scotland, GMT",
    "Europe/Berlin": "Munich, Frankfurt, Hamburg, Cologne",
    "Europe/Paris": "Lyon, Marseille, Toulouse",
    "Europe/Rome": "Milan, Naples, Florence",
    "Europe/Madrid": "Barcelona, Valencia, Seville",
    "Europe/Zurich": "Geneva, Bern, Basel",
    "Europe/Moscow": "Saint Petersburg, St Petersburg",
    "Australia/Sydney": "Canberra",
    "Pacific/Auckland": "Wellington, Christchurch",
    "Africa/Lagos": "Abuja",
}


@dataclass(frozen=True)
class Zone:
    name: str  # the IANA name, the only thing ever saved
    city: str  # "Kolkata"
    country: str  # "India", "" for UTC
    note: str  # the tz database's description, e.g. "Eastern (most areas)"
    aliases: tuple[str, ...]  # old names ("Asia/Calcutta") and big cities that share the zone

    @property
    def label(self) -> str:
        return f"{self.city}, {self.country}" if self.country else self.city

    def offset(self, now: datetime | None = None) -> str:
        """The zone's current distance from UTC, e.g. "UTC+05:30"."""
        delta = (now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(self.name))
        minutes = int(delta.utcoffset().total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def as_json(self) -> dict[str, str]:
        return {"zone": self.name, "label": self.label, "offset": self.offset()}


def city_of(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("_", " ")


def fold(text: str) -> str:
    """Lower case, no accents, spaces for underscores: "São_Paulo" -> "sao paulo"."""
    plain = unicodedata.normalize("NFKD", text.replace("_", " "))
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold().strip()


def _tz_files(name: str) -> list[str]:
    """A file of the tz database from every zoneinfo folder that has it: Python's
    ``TZPATH`` first, then the ``tzdata`` package."""
    paths = [Path(folder) / name for folder in TZPATH]
    found = [path.read_text(encoding="utf-8") for path in paths if path.is_file()]
    with contextlib.suppress(ModuleNotFoundError, FileNotFoundError):
        found.append((resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8"))
    return found


def _tz_file(name: str) -> str:
    """The first copy of a file of the tz database ("" if there is none)."""
    return next(iter(_tz_files(name)), "")


def _split(names: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in names.split(",") if name.strip())


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _links(known: set[str]) -> dict[str, list[str]]:
    """Old or alternative names by the zone they point to ("Asia/Calcutta" -> Kolkata), from
    every copy of the database (a system may leave its old names to another package); a link
    that is a place of its own (Europe/Amsterdam -> Brussels) stays its own entry."""
    names: dict[str, list[str]] = defaultdict(list)
    for text in _tz_files("tzdata.zi"):
        for line in text.splitlines():
            parts = line.split()
            if len(parts) != 3 or parts[0] != "L" or parts[2] in known:
                continue
            if parts[1] in known and parts[2] not in names[parts[1]]:
                names[parts[1]].append(parts[2])
    return names


@lru_cache(maxsize=1)
def all_zones() -> tuple[Zone, ...]:
    """One entry per place in the tz database's ``zone.tab``, and UTC."""
    available = available_timezones()
    countries = {row[0]: row[1] for row in _rows(_tz_file("iso3166.tab")) if len(row) > 1}
    places = [row for row in _rows(_tz_file("zone.tab")) if len(row) > 2]
    named = {row[2] for row in places if row[2] in available}
    links = _links(named)
    zones = [
        Zone(
            name=row[2],
            city=city_of(row[2]),
            country=countries.get(row[0], row[0]),
            note=row[3] if len(row) > 3 else "",
            aliases=(*links[row[2]], *_split(CITY_ALIASES.get(row[2], ""))),
        )
        for row in places
        if row[2] in available
    ]
    universal = Zone("UTC", "UTC", "", "Coordinated Universal Time", ("GMT", "Zulu"))
    return (universal, *sorted(zones, key=lambda z: z.name))


@dataclass(frozen=True)
class _Terms:
    """A zone's searchable text, folded once: its places ("kolkata", "calcutta", "mumbai"),
    its full names ("asia/kolkata") and the words of its names, country and description."""

    zone: Zone
    places: tuple[str, ...]
    full_names: tuple[str, ...]
    country: str
    words: tuple[str, ...]

    @classmethod
    def of(cls, zone: Zone) -> _Terms:
        names = (zone.name, *zone.aliases)
        full_names = tuple(fold(name) for name in names)
        texts = [*full_names, fold(zone.country), fold(zone.note)]
        return cls(
            zone=zone,
            places=tuple(fold(city_of(name)) for name in names),
            full_names=full_names,
            country=fold(zone.country),
            words=tuple(w for t in texts for w in t.replace("/", " ").replace("(", " ").split()),
        )

    def rank(self, query: str) -> int | None:
        """How well the zone matches: 0 a place or its country exactly, 1 the start of a
        place, 2 the start of a full name or of any word (region, country, description),
        3 the inside of a place ("york"); None when it does not match."""
        if query in self.places or query == self.country:
            return 0
        if any(p.startswith(query) for p in self.places):
            return 1
        if any(n.startswith(query) for n in (*self.full_names, *self.words)):
            return 2
        if any(query in p for p in self.places):
            return 3
        return None


@lru_cache(maxsize=1)
def _all_terms() -> tuple[_Terms, ...]:
    return tuple(_Terms.of(zone) for zone in all_zones())


def search(query: str, limit: int = RESULT_LIMIT) -> tuple[list[Zone], bool]:
    """The zones whose city, country, region, description or other names match ``query``
    (case and accents ignored), best first; and whether more than ``limit`` matched."""
    folded = fold(query)
    if len(folded) < MIN_QUERY:
        return [], False
    ranked = sorted(
        (rank, len(terms.zone.city), terms.zone.name, terms.zone)  # shorter place first
        for terms in _all_terms()
        if (rank := terms.rank(folded)) is not None
    )
    return [entry[-1] for entry in ranked[:limit]], len(ranked) > limit


def warm_up() -> None:
    """Read the tz database's files and fold every name once, before the first search."""
    _all_terms()
    _names_by_fold()


def by_name(name: str) -> Zone | None:
    """The entry for an IANA name; a name outside ``zone.tab`` (an old one) gets a plain
    entry; None when this server does not know the name."""
    for zone in all_zones():
        if zone.name == name:
            return zone
    if name in available_timezones():
        return Zone(name, city_of(name), "", "", ())
    return None


def canonical_name(typed: str) -> str | None:
    """The IANA name a person typed, forgiving case and spaces for underscores
    ("asia/ho chi minh" -> "Asia/Ho_Chi_Minh"); None when it is not a zone."""
    wanted = typed.strip().replace(" ", "_").casefold()
    return _names_by_fold().get(wanted)


@lru_cache(maxsize=1)
def _names_by_fold() -> dict[str, str]:
    return {name.casefold(): name for name in sorted(available_timezones())}
