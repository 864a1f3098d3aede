"""The handler families; each module has ``register(app)``."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers import digests, errors, figures, sources, start


def register_all(app: Application) -> None:
    """Register every command family, then the catch-alls (unknown command, stale button)."""
    for family in (start, digests, figures, sources):
        family.register(app)
    errors.register(app)
