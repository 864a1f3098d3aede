"""The typed state every handler sees: ``context.store``, ``.settings``, ``.taxonomy``, ``.lang``.

``BotData`` replaces PTB's ``bot_data`` dict (registered through
``ContextTypes``) and is filled once by ``build_application``; handlers
read it only through the properties of ``MujazContext``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.push.schedule import Clock, WallClock
from bot.store import BotStore
from bot.texts import language_of
from summaries import Topic

if TYPE_CHECKING:  # the push modules import the bot's views; only their types are needed here
    from bot.push.jobs import PushJobs
    from bot.push.sender import PushSender

if TYPE_CHECKING:  # bot.dropzone imports the views; only its type is needed here
    from bot.dropzone import DropZone


class BotData:
    """What the application shares with every handler (set by build_application)."""

    __slots__ = ("store", "settings", "taxonomy", "clock", "sender", "push", "dropzone")

    def __init__(self) -> None:
        self.store: BotStore | None = None
        self.settings: Settings | None = None
        self.taxonomy: tuple[Topic, ...] = ()
        # Daily push (issue 4): the clock it reads, the paced sender, the jobs.
        self.clock: Clock = WallClock()
        self.sender: PushSender | None = None
        self.push: PushJobs | None = None
        # Drop zone (issue 5): the seeds/ watcher, ingest worker and upload target.
        self.dropzone: DropZone | None = None


class MujazContext(CallbackContext[ExtBot, dict, dict, BotData]):
    """CallbackContext with Mujaz's shared state as properties."""

    def __init__(
        self,
        application: Application,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._language_code: str | None = None
        self._lang: str | None = None

    @classmethod
    def from_update(cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]):
        """Return the context of one update, remembering the sender's Telegram language."""
        context = super().from_update(update, application)
        if isinstance(update, Update) and update.effective_user:
            context._language_code = update.effective_user.language_code
        return context

    @property
    def store(self) -> BotStore:
        store = self.bot_data.store
        if store is None:
            raise RuntimeError("the application was not built by bot.app.build_application")
        return store

    @property
    def settings(self) -> Settings:
        settings = self.bot_data.settings
        if settings is None:
            raise RuntimeError("the application was not built by bot.app.build_application")
        return settings

    @property
    def taxonomy(self) -> tuple[Topic, ...]:
        return self.bot_data.taxonomy

    @property
    def push(self) -> PushJobs:
        push = self.bot_data.push
        if push is None:
            raise RuntimeError("the application was not built by bot.app.build_application")
        return push

    @property
    def clock(self) -> Clock:
        return self.bot_data.clock

    @property
    def dropzone(self) -> DropZone:
        zone = self.bot_data.dropzone
        if zone is None:
            raise RuntimeError("the application was not built by bot.app.build_application")
        return zone

    @property
    def lang(self) -> str:
        """Return the user's language: their stored choice, else Telegram's (ar -> ar, else en)."""
        if self._lang is None:
            stored = self.store.user_language(self._user_id) if self._user_id else None
            self._lang = stored or language_of(self._language_code)
        return self._lang

    @property
    def telegram_lang(self) -> str:
        """Return the language Telegram reports for the user, without asking the store."""
        return self._lang or language_of(self._language_code)

    def choose_lang(self, lang: str) -> None:
        """Remember lang as the user's choice, for this update and the next ones."""
        if self._user_id:
            self.store.set_user_language(self._user_id, lang)
        self._lang = lang
