"""Slots of the daily push: local clock time + IANA zone -> UTC, right across daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.push.schedule import (
    describe,
    last_slot,
    next_slot,
    parse_time,
    parse_when,
    parse_zone,
    place,
    slot_on,
)
from bot.views.subscriptions import say_when

BAGHDAD = ZoneInfo("Asia/Baghdad")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
KATHMANDU = ZoneInfo("Asia/Kathmandu")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- one slot -------------------------------------------------------------------------


def test_next_slot_is_today_in_baghdad_when_the_local_time_is_still_ahead():
    slot = next_slot(time(8, 0), BAGHDAD, utc(2024, 3, 30, 4, 0))  # 07:00 in Baghdad

    assert slot.day == date(2024, 3, 30)
    assert slot.at == utc(2024, 3, 30, 5, 0)


def test_next_slot_is_tomorrow_when_now_is_exactly_the_send_time():
    slot = next_slot(time(8, 0), BAGHDAD, utc(2024, 3, 30, 5, 0))

    assert slot == slot_on(date(2024, 3, 31), time(8, 0), BAGHDAD)
    assert slot.at == utc(2024, 3, 31, 5, 0)


def test_next_slot_skips_dates_up_to_after_when_a_day_is_done_already():
    # The 30th's digest went out at 08:00; moving the time to 20:00 that day
    # must not send a second digest for the 30th.
    slot = next_slot(time(20, 0), BAGHDAD, utc(2024, 3, 30, 6, 0), after=date(2024, 3, 30))

    assert slot.day == date(2024, 3, 31)
    assert slot.at == utc(2024, 3, 31, 17, 0)


def test_next_slot_in_kathmandu_uses_the_quarter_hour_offset():
    slot = next_slot(time(8, 0), KATHMANDU, utc(2024, 6, 1, 0, 0))

    assert slot.at == utc(2024, 6, 1, 2, 15)  # +05:45


def test_slot_on_london_keeps_local_time_across_both_dst_changes():
    assert slot_on(date(2024, 3, 30), time(8, 0), LONDON).at == utc(2024, 3, 30, 8, 0)  # GMT
    assert slot_on(date(2024, 3, 31), time(8, 0), LONDON).at == utc(2024, 3, 31, 7, 0)  # BST
    assert slot_on(date(2024, 10, 26), time(8, 0), LONDON).at == utc(2024, 10, 26, 7, 0)
    assert slot_on(date(2024, 10, 27), time(8, 0), LONDON).at == utc(2024, 10, 27, 8, 0)


def test_slot_on_new_york_keeps_local_time_across_both_dst_changes():
    assert slot_on(date(2024, 3, 9), time(8, 0), NEW_YORK).at == utc(2024, 3, 9, 13, 0)  # EST
    assert slot_on(date(2024, 3, 10), time(8, 0), NEW_YORK).at == utc(2024, 3, 10, 12, 0)  # EDT
    assert slot_on(date(2024, 11, 2), time(8, 0), NEW_YORK).at == utc(2024, 11, 2, 12, 0)
    assert slot_on(date(2024, 11, 3), time(8, 0), NEW_YORK).at == utc(2024, 11, 3, 13, 0)


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        # 01:30 does not exist in London on 2024-03-31 (01:00 GMT -> 02:00 BST):
        # it goes out at 02:30 BST, as far past the jump as it was inside it.
        (LONDON, date(2024, 3, 31), time(1, 30), utc(2024, 3, 31, 1, 30)),
        # 02:30 does not exist in New York on 2024-03-10 (02:00 EST -> 03:00 EDT).
        (NEW_YORK, date(2024, 3, 10), time(2, 30), utc(2024, 3, 10, 7, 30)),
    ],
)
def test_slot_on_a_nonexistent_local_time_goes_out_once_just_after_the_jump(
    zone, day, at, expected
):
    slot = slot_on(day, at, zone)

    assert slot.at == expected
    assert slot.day == day
    local = slot.at.astimezone(zone)
    assert local.date() == day and local.hour == at.hour + 1 and local.minute == at.minute


@pytest.mark.parametrize(
    ("zone", "day", "first", "second"),
    [
        # 01:30 happens twice in London on 2024-10-27 (BST, then GMT).
        (LONDON, date(2024, 10, 27), utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 1, 30)),
        # 01:30 happens twice in New York on 2024-11-03 (EDT, then EST).
        (NEW_YORK, date(2024, 11, 3), utc(2024, 11, 3, 5, 30), utc(2024, 11, 3, 6, 30)),
    ],
)
def test_a_repeated_local_time_goes_out_at_its_first_occurrence_only(zone, day, first, second):
    assert slot_on(day, time(1, 30), zone).at == first
    # Between the two occurrences, the next slot is the next day, not the repeat.
    between = first + timedelta(minutes=30)
    assert next_slot(time(1, 30), zone, between, after=day).day == day + timedelta(days=1)
    assert next_slot(time(1, 30), zone, between).at > second


# -- a whole year: never twice, never skipped -----------------------------------------


@pytest.mark.parametrize("zone", [BAGHDAD, LONDON, NEW_YORK, KATHMANDU], ids=str)
@pytest.mark.parametrize("at", [time(8, 0), time(1, 30), time(2, 30), time(0, 0), time(23, 45)])
def test_following_slots_through_a_year_serve_every_local_date_once_in_order(zone, at):
    slot = next_slot(at, zone, utc(2023, 12, 31, 12, 0), after=date(2023, 12, 31))
    days, moments = [], []
    while slot.day.year == 2024:
        days.append(slot.day)
        moments.append(slot.at)
        slot = next_slot(at, zone, slot.at, after=slot.day)

    assert days == [date(2024, 1, 1) + timedelta(days=i) for i in range(366)]
    assert moments == sorted(set(moments))  # strictly increasing: nothing twice


def test_following_slots_in_london_are_23_and_25_hours_apart_over_the_changes():
    def gap(day: date) -> timedelta:
        return (
            slot_on(day + timedelta(days=1), time(8, 0), LONDON).at
            - slot_on(day, time(8, 0), LONDON).at
        )

    assert gap(date(2024, 3, 30)) == timedelta(hours=23)
    assert gap(date(2024, 10, 26)) == timedelta(hours=25)
    assert gap(date(2024, 6, 1)) == timedelta(hours=24)


def test_last_slot_is_yesterday_before_today_s_time_and_today_after_it():
    assert last_slot(time(8, 0), BAGHDAD, utc(2024, 3, 30, 4, 59)).day == date(2024, 3, 29)
    assert last_slot(time(8, 0), BAGHDAD, utc(2024, 3, 30, 5, 0)).day == date(2024, 3, 30)


def test_last_slot_finds_the_latest_of_several_missed_days():
    slot = last_slot(time(8, 0), LONDON, utc(2024, 4, 3, 9, 0))

    assert slot.day == date(2024, 4, 3) and slot.at == utc(2024, 4, 3, 7, 0)


# -- reading what the user typed ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("08:00", time(8, 0)),
        ("7:30", time(7, 30)),
        ("7", time(7, 0)),
        ("23.45", time(23, 45)),
        ("٠٧:٣٠", time(7, 30)),
        ("24:00", None),
        ("12:60", None),
        ("8am", None),
        ("", None),
    ],
)
def test_parse_time_reads_hh_mm_and_arabic_indic_digits_and_refuses_the_rest(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Asia/Baghdad", "Asia/Baghdad"),
        ("europe/london", "Europe/London"),
        ("New York", "America/New_York"),
        ("kathmandu", "Asia/Kathmandu"),
        ("بغداد", "Asia/Baghdad"),
        ("UTC", "UTC"),
    ],
)
def test_parse_zone_reads_iana_names_in_any_case_cities_and_arabic_names(typed, key):
    assert parse_zone(typed) == ZoneInfo(key)


@pytest.mark.parametrize(
    "typed", ["Mars/Olympus", "../../etc/passwd", "Baghdad Time", "", "x" * 80]
)
def test_parse_zone_refuses_what_is_not_a_zone(typed):
    assert parse_zone(typed) is None


def test_parse_when_reads_time_and_zone_in_either_order_and_refuses_junk():
    assert parse_when(["07:30", "Asia/Baghdad"]) == (time(7, 30), BAGHDAD)
    assert parse_when(["Europe/London", "20:00"]) == (time(20, 0), LONDON)
    assert parse_when(["8", "الدار", "البيضاء"]) == (time(8, 0), ZoneInfo("Africa/Casablanca"))
    assert parse_when([]) == (None, None)
    assert parse_when(["25:00"]) is None
    assert parse_when(["07:30", "Baghdad/Iraq"]) is None


# -- in words -------------------------------------------------------------------------


def test_describe_says_tomorrow_at_08_00_baghdad_time_in_both_languages():
    now = utc(2024, 3, 30, 6, 0)  # 09:00 in Baghdad: today's 08:00 has passed
    slot = next_slot(time(8, 0), BAGHDAD, now)
    wording = describe(slot.at, BAGHDAD, now)

    assert (wording.relation, wording.clock, wording.place_en) == ("tomorrow", "08:00", "Baghdad")
    assert say_when(slot.at, BAGHDAD, now, "en") == "tomorrow at 08:00 Baghdad time"
    assert say_when(slot.at, BAGHDAD, now, "ar") == "غداً الساعة 08:00 بتوقيت بغداد"


def test_describe_uses_the_subscriber_zone_for_today_and_the_wall_clock_after_a_jump():
    now = utc(2024, 3, 31, 0, 30)  # 00:30 GMT in London, before the jump
    slot = next_slot(time(1, 30), LONDON, now)

    assert say_when(slot.at, LONDON, now, "en") == "today at 02:30 London time"
    later = say_when(slot_on(date(2024, 4, 5), time(8, 0), NEW_YORK).at, NEW_YORK, now, "en")
    assert later == "on 2024-04-05 at 08:00 New York time"


def test_place_names_zones_without_an_arabic_name_by_their_latin_city():
    assert place(NEW_YORK, "ar") == "نيويورك"
    assert place(ZoneInfo("America/Argentina/Buenos_Aires"), "ar") == "Buenos Aires"
