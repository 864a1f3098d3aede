"""User queries: the language each Telegram user chose for the bot's answers."""

from __future__ import annotations

from datetime import datetime

from summaries import Store, iso, utc_now


class UserQueries(Store):
    """Read and remember a user's language ("ar" or "en")."""

    def user_language(self, user_id: int) -> str | None:
        """Return the language a user chose ("ar" or "en"), None if they never chose."""
        row = self._db.execute("SELECT lang FROM users WHERE user_id = ?", (user_id,)).fetchone()
        return row["lang"] if row else None

    def set_user_language(self, user_id: int, lang: str, now: datetime | None = None) -> None:
        """Remember a user's language."""
        self._db.execute(
            "INSERT INTO users (user_id, lang, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET "
            "lang = excluded.lang, updated_at = excluded.updated_at",
            (user_id, lang, iso(now or utc_now())),
        )
