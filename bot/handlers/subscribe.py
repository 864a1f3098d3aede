"""/subscribe, /unsubscribe, /settings and its buttons: a chat's daily briefing.

In a group only its administrators change the subscription; everyone may
look at /settings. Every change is written to the store first and the push
job replaced after, so the store stays the truth. A bad time or zone gets a
reply with examples and nothing is stored.

Buttons carry ``sub:<what>[:<value>]`` (see ``bot.keyboards``): ``sub:menu``,
``sub:time[:HHMM]``, ``sub:tz[:Area/City]``, ``sub:lang:<code>``,
``sub:topics``, ``sub:topic:<id>``, ``sub:alltopics``, ``sub:skip:<0|1>``,
``sub:silent:<0|1>``.
"""

from __future__ import annotations

import logging
from datetime import time
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards, replies
from bot.context import MujazContext
from bot.handlers import args
from bot.model import Subscription
from bot.push.schedule import next_slot, parse_when, parse_zone
from bot.texts import LANGUAGES, text
from bot.views.pieces import fixed, parts
from bot.views.subscriptions import SUB, say_when, settings_markup, settings_text

logger = logging.getLogger(__name__)

_ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def subscribe(update: Update, context: MujazContext) -> None:
    """Subscribe the chat (or change its time and zone, or bring it back) and say when it comes."""
    lang = context.lang
    when = parse_when(context.args or ())
    if when is None:
        arg = args.joined(context.args)[:60]
        await replies.send(update, context, parts([fixed("usage.subscribe", lang, arg=arg)]))
        return
    if not await may_change(update, context):
        await replies.send(update, context, parts([fixed("sub.admins_only", lang)]))
        return
    chat = update.effective_chat
    before = context.store.subscription(chat.id)
    at, zone = when
    at = at or (before.time if before else context.settings.push_time)
    zone = zone or (ZoneInfo(before.tz) if before else context.settings.default_tz)
    after = before.last_sent_date if before else None
    slot = next_slot(at, zone, context.clock.now(), after=after)
    subscription = context.store.subscribe(
        chat.id,
        chat_type=chat.type,
        time=at,
        tz=zone.key,
        lang=before.lang if before else lang,
        next_send=slot.at,
        now=context.clock.now(),
    )
    context.push.schedule(subscription)
    key = "sub.done" if before is None else "sub.updated" if before.active else "sub.back"
    await replies.send(update, context, confirmation(key, subscription, context, lang))


async def unsubscribe(update: Update, context: MujazContext) -> None:
    """Stop the chat's daily briefing; its settings stay for the next /subscribe."""
    lang = context.lang
    if not await may_change(update, context):
        await replies.send(update, context, parts([fixed("sub.admins_only", lang)]))
        return
    chat_id = update.effective_chat.id
    existed = context.store.unsubscribe(chat_id)
    context.push.cancel(chat_id)
    await replies.send(
        update, context, parts([fixed("unsub.done" if existed else "unsub.none", lang)])
    )


async def settings(update: Update, context: MujazContext) -> None:
    """Show the chat's briefing settings with buttons to change them."""
    lang = context.lang
    subscription = context.store.subscription(update.effective_chat.id)
    if subscription is None:
        await replies.send(update, context, parts([fixed("settings.none", lang)]))
        return
    await replies.send(
        update,
        context,
        [settings_text(subscription, context.clock.now(), context.taxonomy, lang)],
        settings_markup(subscription, "menu", context.taxonomy, lang),
    )


async def settings_button(update: Update, context: MujazContext) -> None:
    """Apply the pressed settings button (admins only in groups) and redraw the settings."""
    lang = context.lang
    _, data = keyboards.decode(update.callback_query.data)
    what, value = data[0], (data[1] if len(data) > 1 else None)
    chat_id = update.effective_chat.id
    subscription = context.store.subscription(chat_id)
    if subscription is None:
        await replies.answer(update, text("settings.none", lang))
        return
    screen = "menu"
    if what in ("time", "tz", "topics") and value is None or what == "menu":
        screen = what  # open a picker (or go back): nothing changes
    elif not await may_change(update, context):
        await replies.answer(update, text("sub.admins_only", lang))
        return
    else:
        changed = apply(subscription, what, value, context)
        if changed is None:
            await replies.answer(update, text("button.stale", lang))
            return
        subscription, screen = changed
    await replies.answer(update, text("settings.saved", lang) if screen != what else None)
    await replies.edit(
        update,
        settings_text(subscription, context.clock.now(), context.taxonomy, lang),
        settings_markup(subscription, screen, context.taxonomy, lang),
    )


def apply(
    subscription: Subscription, what: str, value: str | None, context: MujazContext
) -> tuple[Subscription, str] | None:
    """Return the subscription after one button's change and the screen to show; None if invalid."""
    store, chat_id = context.store, subscription.chat_id
    changes: dict[str, object] = {}
    screen = "menu"
    if what == "time" and value and (at := _hhmm(value)) is not None:
        changes = {"time": at}
    elif what == "tz" and value and (zone := parse_zone(value)) is not None:
        changes = {"tz": zone.key}
    elif what == "lang" and value in LANGUAGES:
        changes = {"lang": value}
    elif what == "skip" and value in ("0", "1"):
        changes = {"skip_empty": value == "1"}
    elif what == "silent" and value in ("0", "1"):
        changes = {"silent": value == "1"}
    elif what == "alltopics":
        changes, screen = {"topics": ()}, "topics"
    elif what == "topic" and value in {t.id for t in context.taxonomy}:
        chosen = set(subscription.topics) ^ {value}
        order = [t.id for t in context.taxonomy if t.id in chosen]
        changes, screen = {"topics": tuple(order)}, "topics"
    else:
        return None
    if "time" in changes or "tz" in changes:
        at = changes.get("time", subscription.time)
        zone = ZoneInfo(str(changes.get("tz", subscription.tz)))
        after = subscription.last_sent_date
        changes["next_send"] = next_slot(at, zone, context.clock.now(), after=after).at
    updated = store.update_subscription(chat_id, **changes)
    if updated is None:
        return None
    if "next_send" in changes:
        context.push.schedule(updated)
    return updated, screen


def confirmation(
    key: str, subscription: Subscription, context: MujazContext, lang: str
) -> list[str]:
    """Return the reply that confirms a subscription: when the next briefing comes, in words."""
    zone = ZoneInfo(subscription.tz)
    when = say_when(subscription.next_send, zone, context.clock.now(), lang)
    return parts([fixed(key, lang, when=when, zone=zone.key), fixed("sub.hint", lang)])


async def may_change(update: Update, context: MujazContext) -> bool:
    """Return whether the sender may change the chat's subscription (in groups: admins only)."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True  # a channel post comes from one of its administrators
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous administrator
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as error:
        logger.warning("could not check the admins of chat %s: %s", chat.id, error)
        return False
    return member.status in _ADMINS


def _hhmm(value: str) -> time | None:
    if len(value) != 4 or not value.isdigit():
        return None
    hour, minute = int(value[:2]), int(value[2:])
    return time(hour, minute) if hour < 24 and minute < 60 else None


def register(app: Application) -> None:
    """Add this family's handlers to the application."""
    app.add_handler(CommandHandler("subscribe", subscribe))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe))
    app.add_handler(CommandHandler("settings", settings))
    app.add_handler(CallbackQueryHandler(settings_button, pattern=rf"^{SUB}(:|$)"))
