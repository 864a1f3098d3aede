"""The bot's own membership: blocked, kicked or gone pauses a subscription; coming back resumes it.

Telegram reports a user blocking the bot, and the bot being removed from or
added to a group, as ``my_chat_member`` updates. A paused subscription keeps
every setting. It resumes when the bot is a member again, or when someone
sends /start (a user who unblocks the bot usually does) or /subscribe.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import Application, ChatMemberHandler, CommandHandler

from bot import replies
from bot.context import MujazContext
from bot.handlers.subscribe import confirmation
from bot.model import Subscription
from bot.push.schedule import next_slot

logger = logging.getLogger(__name__)

_GONE = (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)


async def membership_changed(update: Update, context: MujazContext) -> None:
    """Pause the chat's subscription when the bot is blocked or removed; resume it when back."""
    change = update.my_chat_member
    if change is None:
        return
    chat_id, status = change.chat.id, change.new_chat_member.status
    if status in _GONE:
        reason = _reason(change)
        context.store.deactivate_subscription(chat_id, reason, now=context.clock.now())
        context.push.cancel(chat_id)
        logger.info("push: chat %s paused (%s)", chat_id, reason)
    elif _is_member(change):
        if resume(chat_id, context) is not None:
            logger.info("push: chat %s resumed (the bot is a member again)", chat_id)


async def start_resumes(update: Update, context: MujazContext) -> None:
    """Resume a paused subscription on /start and say so (the greeting follows from /start)."""
    chat = update.effective_chat
    if chat is None:
        return
    subscription = resume(chat.id, context)
    if subscription is not None:
        texts = confirmation("sub.back", subscription, context, context.lang)
        await replies.send(update, context, texts)


def resume(chat_id: int, context: MujazContext) -> Subscription | None:
    """Return the chat's subscription active again; None if not paused or stopped by the chat."""
    subscription = context.store.subscription(chat_id)
    # A chat that sent /unsubscribe comes back only through /subscribe.
    if subscription is None or subscription.active or subscription.unsubscribed:
        return None
    now = context.clock.now()
    zone = ZoneInfo(subscription.tz)
    slot = next_slot(subscription.time, zone, now, after=subscription.last_sent_date)
    resumed = context.store.reactivate_subscription(chat_id, slot.at, now=now)
    if resumed is not None:
        context.push.schedule(resumed)
    return resumed


def _reason(change: ChatMemberUpdated) -> str:
    if change.chat.type == ChatType.PRIVATE:
        return "blocked by the user"
    if change.new_chat_member.status == ChatMemberStatus.BANNED:
        return f"removed from the {change.chat.type}"
    return f"left the {change.chat.type}"


def _is_member(change: ChatMemberUpdated) -> bool:
    member = change.new_chat_member
    if member.status == ChatMemberStatus.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status not in _GONE


def register(app: Application) -> None:
    """Add this family's handlers; /start's resume runs in group -1, before /start answers."""
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CommandHandler("start", start_resumes), group=-1)
