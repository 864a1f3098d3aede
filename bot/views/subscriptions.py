"""Views of a subscription: /settings as text and buttons, and "tomorrow at 08:00 Baghdad time".

Pure: a Subscription in, HTML and markups out. Buttons carry
``sub:<what>[:<value>]`` with short values (an hour "0800", a zone key, a
topic id), never labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards import encode, label
from bot.model import Subscription
from bot.push.schedule import COMMON_ZONES, describe, place
from bot.texts import text
from bot.views.pieces import SEPARATOR, fixed, heading, one_message, topic_name
from summaries import Topic

SUB = "sub"
SCREENS = ("menu", "time", "tz", "topics")
_HOURS_PER_ROW = 4
_ZONES_PER_ROW = 2
_TOPICS_PER_ROW = 2
_CHECK = "✓ "
_LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}


def say_when(moment: datetime, zone: ZoneInfo, now: datetime, lang: str) -> str:
    """Return a delivery moment in words: "tomorrow at 08:00 Baghdad time" (or in Arabic)."""
    wording = describe(moment, zone, now)
    city = wording.place_ar if lang == "ar" else wording.place_en
    return text(
        f"when.{wording.relation}",
        lang,
        clock=wording.clock,
        place=city,
        date=wording.day.isoformat(),
    )


def settings_text(
    subscription: Subscription, now: datetime, taxonomy: Sequence[Topic], lang: str
) -> str:
    """Return the chat's briefing settings, one per line, and when the next briefing comes."""
    zone = ZoneInfo(subscription.tz)
    names = {t.id: topic_name(t, lang) for t in taxonomy}
    chosen = [names.get(t, t) for t in subscription.topics]
    topics = SEPARATOR[lang].join(chosen) or text("settings.all_topics", lang)
    skip = text("settings.skip_on" if subscription.skip_empty else "settings.skip_off", lang)
    silent = text("settings.silent_on" if subscription.silent else "settings.silent_off", lang)
    lines = [
        fixed("settings.time", lang, value=f"{subscription.time:%H:%M}"),
        fixed("settings.zone", lang, value=f"{zone.key} ({place(zone, lang)})"),
        fixed("settings.lang", lang, value=_LANGUAGE_NAMES.get(subscription.lang, "")),
        fixed("settings.topics", lang, value=topics),
        fixed("settings.skip", lang, value=skip),
        fixed("settings.silent", lang, value=silent),
    ]
    if subscription.active:
        when = say_when(subscription.next_send, zone, now, lang)
        lines.append(fixed("settings.next", lang, when=when))
    else:
        lines.append(fixed("settings.paused", lang, reason=subscription.inactive_reason or "?"))
    return one_message([heading(text("settings.title", lang), lang), "\n".join(lines)])


def settings_markup(
    subscription: Subscription, screen: str, taxonomy: Sequence[Topic], lang: str
) -> InlineKeyboardMarkup:
    """Return the buttons of one settings screen: the menu, or the time, zone or topic picker."""
    if screen == "time":
        rows = _grid([_hour(h, subscription) for h in range(24)], _HOURS_PER_ROW)
    elif screen == "tz":
        zones = [
            _button(_checked(place(ZoneInfo(z), lang), z == subscription.tz), "tz", z)
            for z in COMMON_ZONES
        ]
        rows = _grid(zones, _ZONES_PER_ROW)
    elif screen == "topics":
        topics = [
            _button(
                _checked(label(topic_name(t, lang)), t.id in subscription.topics), "topic", t.id
            )
            for t in taxonomy
        ]
        every = _checked(text("button.all_topics", lang), not subscription.topics)
        rows = [*_grid(topics, _TOPICS_PER_ROW), [_button(every, "alltopics")]]
    else:
        return InlineKeyboardMarkup(_menu_rows(subscription, lang))
    return InlineKeyboardMarkup([*rows, [_button(text("button.back", lang), "menu")]])


def _menu_rows(subscription: Subscription, lang: str) -> list[list[InlineKeyboardButton]]:
    other = "en" if subscription.lang == "ar" else "ar"
    skip = "button.skip_off" if subscription.skip_empty else "button.skip_on"
    silent = "button.silent_off" if subscription.silent else "button.silent_on"
    return [
        [
            _button(text("button.time", lang), "time"),
            _button(text("button.zone", lang), "tz"),
        ],
        [_button(_LANGUAGE_NAMES[other], "lang", other)],
        [_button(text("button.topics", lang), "topics")],
        [_button(text(skip, lang), "skip", int(not subscription.skip_empty))],
        [_button(text(silent, lang), "silent", int(not subscription.silent))],
    ]


def _hour(hour: int, subscription: Subscription) -> InlineKeyboardButton:
    chosen = subscription.time.hour == hour and subscription.time.minute == 0
    return _button(_checked(f"{hour:02d}:00", chosen), "time", f"{hour:02d}00")


def _checked(name: str, chosen: bool) -> str:
    return _CHECK + name if chosen else name


def _grid(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def _button(caption: str, what: str, *values: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(caption, callback_data=encode(SUB, what, *values))
