"""Views of the commands about Mujaz itself: /start /help /about /lang /topics, usage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.render import FSI, PDI
from bot.texts import COMMANDS, text
from bot.views.pieces import SEPARATOR, bullets, fixed, heading, para, parts, shorten, topic_name
from summaries import Topic


def start(
    count: int,
    dates: tuple[str | None, str | None],
    counts: dict[str, int],
    taxonomy: Sequence[Topic],
    lang: str,
) -> list[str]:
    """Return the greeting: what Mujaz covers, the main commands, how to subscribe."""
    covered = [topic_name(t, lang) for t in taxonomy if counts.get(t.id)]
    facts = [fixed("start.documents", lang, count=count)] if count else []
    if dates[0] and dates[1]:
        key = "start.date" if dates[0] == dates[1] else "start.dates"
        facts.append(fixed(key, lang, first=dates[0], last=dates[1]))
    if covered:
        facts.append(fixed("start.topics", lang, topics=SEPARATOR[lang].join(covered)))
    commands = ("help.digest", "help.topics", "help.topic", "help.search", "help.lang")
    return parts(
        [
            heading(text("start.hello", lang), lang),
            "\n".join(facts) if count else fixed("start.no_documents", lang),
            fixed("start.commands", lang) + "\n" + "\n".join(fixed(k, lang) for k in commands),
            fixed("start.subscribe", lang),
        ]
    )


def help_text(
    lang: str, bot_username: str | None = None, *, inline_mode: bool = False
) -> list[str]:
    """Return every command with a one-line example, then how to share from any chat.

    The sharing line names the bot ("@bot words") and says whether inline
    mode is on; it is left out when the bot's username is not known.
    """
    lines = [fixed(f"help.{c}", lang) for c in COMMANDS]
    blocks = [heading(text("help.title", lang), lang), "\n".join(lines), fixed("help.plain", lang)]
    if bot_username:
        key = "help.inline" if inline_mode else "help.inline_off"
        bot, botfather = (mention(n, lang) for n in (bot_username, "BotFather"))
        blocks.append(fixed(key, lang, bot=bot, botfather=botfather))
    return parts(blocks)


def about(
    version: str,
    count: int,
    last_ingest: str | None,
    backends: dict[str, int],
    zone: ZoneInfo,
    lang: str,
) -> list[str]:
    """Return version, document count, last ingest time (in zone) and the English backend.

    ``backends`` counts documents by the backend of their English side;
    "none" (made without a translation model) is said in words.
    """
    english = ", ".join(
        text("about.no_model", lang, count=n) if name == "none" else f"{name} ({n})"
        for name, n in sorted(backends.items())
        if name != "none" or len(backends) > 1
    )
    lines = [
        fixed("about.documents", lang, count=count),
        fixed(
            "about.ingest", lang, when=local_time(last_ingest, zone) or text("about.never", lang)
        ),
        fixed("about.english", lang, backend=english or text("about.no_backend", lang)),
    ]
    return parts([heading(text("about.title", lang, version=version), lang), "\n".join(lines)])


def local_time(iso: str | None, zone: ZoneInfo) -> str | None:
    """Return an ISO-8601 instant as "YYYY-MM-DD HH:MM Zone/Name"; None stays None."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso).astimezone(zone)
    except ValueError:
        return iso
    return f"{moment:%Y-%m-%d %H:%M} {zone.key}"


def choose_language(lang: str) -> list[str]:
    """Return the question the language buttons answer."""
    return parts([fixed("lang.choose", lang)])


def language_set(lang: str) -> list[str]:
    """Return the confirmation of a language choice, in the chosen language."""
    return parts([fixed("lang.set", lang)])


def unknown_command(command: str, lang: str) -> list[str]:
    """Return "I don't know /x" and the list of commands."""
    lines = [para(f"/{c} — {text(f'menu.{c}', lang)}", lang) for c in COMMANDS]
    return parts([fixed("unknown.command", lang, command=shorten(command, 40)), "\n".join(lines)])


def usage(key: str, lang: str, **fields: object) -> list[str]:
    """Return what an argument should be, with an example (key from bot.texts "usage.*")."""
    fields = {k: shorten(str(v), 60) for k, v in fields.items()}
    return parts([fixed(key, lang, **fields)])


# -- topics -------------------------------------------------------------------------


def topic_buttons(
    counts: dict[str, int], taxonomy: Sequence[Topic], lang: str
) -> list[tuple[str, str, int]]:
    """Return (topic id, name, count) for every topic some document covers, taxonomy order."""
    return [(t.id, topic_name(t, lang), counts[t.id]) for t in taxonomy if counts.get(t.id)]


def topic_list(counts: dict[str, int], taxonomy: Sequence[Topic], lang: str) -> list[str]:
    """Return the topics with their document counts."""
    lines = [
        text("topics.count", lang, name=topic_name(t, lang), count=counts.get(t.id, 0))
        for t in taxonomy
    ]
    return parts(
        [
            heading(text("topics.title", lang), lang),
            bullets(lines, lang),
            fixed("topics.hint", lang),
        ]
    )


def mention(username: str, lang: str) -> str:
    """Return "@username", isolated inside Arabic so the "@" stays on its left."""
    return f"{FSI}@{username}{PDI}" if lang == "ar" else f"@{username}"
