"""The daily push: when each subscriber is due (schedule), what they get (compose), the jobs.

``schedule`` and ``compose`` are pure; ``jobs`` wires them to PTB's JobQueue
and the paced sender (``sender``), with the store as the truth.
"""

from bot.push.compose import DigestDay, compose
from bot.push.jobs import Pushed, PushJobs, run_due
from bot.push.schedule import (
    Clock,
    Slot,
    WallClock,
    Wording,
    describe,
    last_slot,
    next_slot,
    parse_time,
    parse_zone,
    slot_on,
)

__all__ = [
    "Clock",
    "DigestDay",
    "PushJobs",
    "Pushed",
    "Slot",
    "WallClock",
    "Wording",
    "compose",
    "describe",
    "last_slot",
    "next_slot",
    "parse_time",
    "parse_zone",
    "run_due",
    "slot_on",
]
