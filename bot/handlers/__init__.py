"""The handler families; each module has ``register(app)``."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers import (
    admin_docs,  # drop zone (issue 5)
    digests,
    errors,
    figures,
    inline,  # digests to share (issue 11)
    membership,
    sources,
    start,
    stats,
    subscribe,
    timeline,  # issue 12
    upload,  # drop zone (issue 5)
)


def register_all(app: Application) -> None:
    """Register every command family, then the catch-alls (unknown command, stale button)."""
    for family in (start, digests, figures, sources, subscribe, membership, stats):
        family.register(app)
    for family in (admin_docs, upload):  # drop zone (issue 5)
        family.register(app)
    inline.register(app)  # digests to share (issue 11)
    timeline.register(app)  # issue 12
    errors.register(app)
