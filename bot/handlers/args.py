"""Command arguments: what a user typed after a command, read before any store call."""

from __future__ import annotations

from collections.abc import Sequence

from bot.keyboards import SHARE_PREFIX
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


# -- inline mode (issue 11) ------------------------------------------------------------

# The paging offset Mujaz puts in next_offset: a number of results to skip.
MAX_OFFSET_DIGITS = 6


def shared_document(query: str) -> int | None:
    """Return the document id of a Share button's query ("#12", as keyboards.share_query)."""
    query = query.strip()
    if not query.startswith(SHARE_PREFIX):
        return None
    ref = query[len(SHARE_PREFIX) :].strip()
    if not ref.isascii() or not ref.isdigit() or len(ref) > MAX_ID_DIGITS:
        return None
    return int(ref)


def inline_offset(offset: str) -> int:
    """Return how many results an inline query's offset skips (0 for "" or anything not ours)."""
    offset = offset.strip()
    if not offset.isascii() or not offset.isdigit() or len(offset) > MAX_OFFSET_DIGITS:
        return 0
    return int(offset)
