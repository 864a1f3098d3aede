"""When daily briefings go out: local clock times and IANA zones to UTC moments, and back to words.

Pure functions (no store, no Telegram). A subscriber asks for a local time
("08:00") in a zone ("Asia/Baghdad"); each local date has one *slot*, the UTC
moment that local time falls on that day. Daylight saving:

- a local time that does not exist (clocks jump forward over it, e.g. 01:30
  in London on the last Sunday of March) is sent as many minutes after the
  jump as it was meant to fall inside the gap, so 01:30 goes out at 02:30
  BST: the reading Python gives it (PEP 495, ``fold=0``), and that day is
  still served once;
- a local time that happens twice (clocks fall back over it, 01:30 in London
  on the last Sunday of October) is sent at its first occurrence only.

The slot keeps the local date it belongs to, because that date (not the date
recomputed from the moment) keys the day's delivery.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

# How many local days around "now" a search for a slot looks at; a zone change
# moves a date by at most one day, a kept last_sent_date by at most one more.
_SEARCH_DAYS = 4
_TIME = re.compile(r"^(\d{1,2})(?:[:.٫](\d{2}))?$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Arabic names of the zones Mujaz's readers are most likely to pick; other
# zones are named by their city in Latin script.
ZONE_NAMES_AR: dict[str, str] = {
    "Asia/Baghdad": "بغداد",
    "Asia/Riyadh": "الرياض",
    "Asia/Kuwait": "الكويت",
    "Asia/Qatar": "قطر",
    "Asia/Bahrain": "البحرين",
    "Asia/Dubai": "دبي",
    "Asia/Muscat": "مسقط",
    "Asia/Aden": "عدن",
    "Asia/Amman": "عمّان",
    "Asia/Damascus": "دمشق",
    "Asia/Beirut": "بيروت",
    "Asia/Jerusalem": "القدس",
    "Asia/Gaza": "غزة",
    "Asia/Hebron": "الخليل",
    "Asia/Tehran": "طهران",
    "Asia/Kathmandu": "كاتماندو",
    "Africa/Cairo": "القاهرة",
    "Africa/Khartoum": "الخرطوم",
    "Africa/Tripoli": "طرابلس",
    "Africa/Tunis": "تونس",
    "Africa/Algiers": "الجزائر",
    "Africa/Casablanca": "الدار البيضاء",
    "Europe/Istanbul": "إسطنبول",
    "Europe/London": "لندن",
    "Europe/Paris": "باريس",
    "Europe/Berlin": "برلين",
    "America/New_York": "نيويورك",
    "UTC": "التوقيت العالمي",
}
# The zones the /settings buttons offer; any other is one /subscribe away.
COMMON_ZONES = (
    "Asia/Baghdad",
    "Asia/Riyadh",
    "Asia/Dubai",
    "Asia/Amman",
    "Asia/Beirut",
    "Asia/Damascus",
    "Africa/Cairo",
    "Europe/Istanbul",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "UTC",
)


class Clock(Protocol):
    """Where the push reads the time; tests pass a clock they move by hand."""

    def now(self) -> datetime:
        """Return the current moment, timezone-aware."""
        ...


class WallClock:
    """The real clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Slot:
    """One day's delivery: the subscriber-local date and the UTC moment it is due."""

    day: date
    at: datetime


@dataclass(frozen=True, slots=True)
class Wording:
    """What a reply needs to say "tomorrow at 08:00 Baghdad time" in either language."""

    relation: str  # "today" | "tomorrow" | "later"
    day: date  # local date
    clock: str  # local wall time, "HH:MM"
    place_ar: str
    place_en: str


def slot_on(day: date, at: time, zone: ZoneInfo) -> Slot:
    """Return the slot of local date day: at on that day in zone, as a UTC moment."""
    local = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone)
    return Slot(day, local.astimezone(UTC))


def next_slot(at: time, zone: ZoneInfo, now: datetime, *, after: date | None = None) -> Slot:
    """Return the first slot strictly later than now whose local date is later than after."""
    first = now.astimezone(zone).date() - timedelta(days=1)
    if after is not None:
        first = max(first, after + timedelta(days=1))
    for offset in range(_SEARCH_DAYS):
        slot = slot_on(first + timedelta(days=offset), at, zone)
        if slot.at > now:
            return slot
    raise AssertionError("unreachable: a day later than now always has a later slot")


def last_slot(at: time, zone: ZoneInfo, now: datetime) -> Slot:
    """Return the latest slot at or before now."""
    today = now.astimezone(zone).date()
    for offset in range(-1, _SEARCH_DAYS - 1):
        slot = slot_on(today - timedelta(days=offset), at, zone)
        if slot.at <= now:
            return slot
    raise AssertionError("unreachable: a day earlier than now always has an earlier slot")


def parse_time(text: str) -> time | None:
    """Return the local time "HH:MM" (or "H", "H.MM", Arabic-Indic digits) names; None if none."""
    match = _TIME.match(text.strip().translate(_DIGITS))
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_when(words: Sequence[str]) -> tuple[time | None, ZoneInfo | None] | None:
    """Return (time, zone) from "[HH:MM] [Area/City]" in either order; None if unreadable.

    Either may be missing ((None, None) for no words); a zone may be several
    words ("New York", "الدار البيضاء").
    """
    words = [w for w in words if w.strip()]
    at = None
    if words and (at := parse_time(words[0])) is not None:
        words = words[1:]
    elif words and (at := parse_time(words[-1])) is not None:
        words = words[:-1]
    zone = parse_zone(" ".join(words)) if words else None
    if words and zone is None:
        return None
    return at, zone


def parse_zone(text: str) -> ZoneInfo | None:
    """Return the IANA zone text names (any case), or a zone by its unique city or Arabic name."""
    wanted = text.strip()
    if not wanted or len(wanted) > 64:
        return None
    key = _zone_keys().get(wanted.casefold().replace(" ", "_"))
    if key is None:
        key = next((k for k, name in ZONE_NAMES_AR.items() if name == wanted), None)
    return ZoneInfo(key) if key else None


def describe(moment: datetime, zone: ZoneInfo, now: datetime) -> Wording:
    """Return how to say a delivery moment in the subscriber's zone, relative to now."""
    local = moment.astimezone(zone)
    days = (local.date() - now.astimezone(zone).date()).days
    relation = {0: "today", 1: "tomorrow"}.get(days, "later")
    return Wording(relation, local.date(), f"{local:%H:%M}", place(zone, "ar"), place(zone, "en"))


def place(zone: ZoneInfo, lang: str) -> str:
    """Return the zone's city as people say it: "Baghdad", "New York", "بغداد"."""
    if lang == "ar" and zone.key in ZONE_NAMES_AR:
        return ZONE_NAMES_AR[zone.key]
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")


@functools.cache
def _zone_keys() -> dict[str, str]:
    """Return every IANA zone by its folded full name, plus by its city when that is unique."""
    keys = sorted(zoneinfo.available_timezones() | {"UTC"})
    by_name = {k.casefold(): k for k in keys}
    cities: dict[str, list[str]] = {}
    for key in keys:
        if "/" in key:
            cities.setdefault(key.rsplit("/", 1)[-1].casefold(), []).append(key)
    for city, found in cities.items():
        canonical = [k for k in found if not k.startswith(("Etc/", "SystemV/", "US/"))]
        if len(canonical) == 1 and city not in by_name:
            by_name[city] = canonical[0]
    return by_name
