"""Command arguments: what a user typed after a command, read before any store call."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts import LANGUAGES
from summaries import Topic, resolve_topic

# Document ids are small numbers; a longer run of digits cannot be one (and
# would overflow SQLite's integer).
MAX_ID_DIGITS = 9
MAX_REF_CHARS = 200
# A plain message this short that names a topic gets the topic digest;
# anything longer is a search (a sentence mentions topics in passing).
TOPIC_WORDS = 3
# What /lang accepts besides "ar" and "en".
LANGUAGE_WORDS = {
    "arabic": "ar",
    "عربي": "ar",
    "العربية": "ar",
    "english": "en",
    "انجليزي": "en",
    "الإنجليزية": "en",
    "الانجليزية": "en",
}


def joined(args: Sequence[str] | None) -> str:
    """Return the words after the command as one string ("" when there are none)."""
    return " ".join(args or ()).strip()


def document_ref(text: str) -> str | None:
    """Return text if it can name a document (a short id or a file name), else None."""
    if not text or len(text) > MAX_REF_CHARS or (text.isdigit() and len(text) > MAX_ID_DIGITS):
        return None
    return text


def topic_named(message: str, taxonomy: Sequence[Topic]) -> Topic | None:
    """Return the topic a short message names; None for longer messages or no topic."""
    if not 0 < len(message.split()) <= TOPIC_WORDS:
        return None
    return resolve_topic(message, taxonomy)


def language(word: str) -> str | None:
    """Return "ar" or "en" for a language code or name (either script), else None."""
    word = word.strip().lower()
    return word if word in LANGUAGES else LANGUAGE_WORDS.get(word)
