"""Bot settings, read once at start-up from the environment (and ./.env)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from summaries import ConfigError, environment
from summaries import Settings as LibrarySettings

DEFAULT_API = "https://api.telegram.org"
DEFAULT_TZ = "Asia/Baghdad"
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Daily push (issue 4): the time /subscribe uses when none is given, and how
# late a send missed while the bot was down may still go out at start-up.
DEFAULT_PUSH_TIME = time(8, 0)
DEFAULT_PUSH_MAX_LATE = timedelta(hours=6)
WATCH_MODES = ("auto", "events", "poll", "off")
DEFAULT_WATCH_INTERVAL = 2.0
DEFAULT_WATCH_STABLE = 1.0
# Webhook mode (issue 13): where PTB's webhook server listens when
# MUJAZ_WEBHOOK_URL is set, and what Telegram accepts as a secret token.
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1:8443"
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LISTEN = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:\s\[\]]+)):(?P<port>\d{1,5})")


@dataclass(frozen=True, slots=True)
class Webhook:
    """Webhook mode: Telegram POSTs updates to ``url``; PTB's server listens on host:port.

    A reverse proxy in front terminates TLS and forwards ``url``'s path to
    ``http://host:port`` with that same path; every update must carry
    ``secret`` in the ``X-Telegram-Bot-Api-Secret-Token`` header.
    """

    url: str
    secret: str = field(repr=False)  # never printed
    host: str = "127.0.0.1"
    port: int = 8443

    @property
    def path(self) -> str:
        """Return the path PTB's server answers on: the public URL's path, without slashes."""
        return urlsplit(self.url).path.strip("/")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot needs; ``library`` holds the summaries settings (seeds, store)."""

    token: str | None = field(default=None, repr=False)  # never printed
    api_root: str = DEFAULT_API
    admins: frozenset[int] = frozenset()
    default_tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    log_level: str = "INFO"
    library: LibrarySettings = field(default_factory=LibrarySettings)
    push_time: time = DEFAULT_PUSH_TIME
    push_max_late: timedelta = DEFAULT_PUSH_MAX_LATE
    # Drop zone (issue 5): how seeds/ is watched while the bot runs. "off" here,
    # "auto" from the environment: only a real run watches; settings built in
    # code (tests, embedding) start no background watcher unless they ask.
    watch: str = "off"  # auto | events | poll | off
    watch_interval: float = DEFAULT_WATCH_INTERVAL  # seconds between polls
    watch_stable: float = DEFAULT_WATCH_STABLE  # seconds a file must stay unchanged
    webhook: Webhook | None = None  # None: long polling

    @property
    def base_url(self) -> str:
        return f"{self.api_root}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_root}/file/bot"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Return settings from the environment; a bad value raises ConfigError naming it."""
        env = environment() if env is None else env
        return cls(
            token=(env.get("TELEGRAM_BOT_TOKEN") or "").strip() or None,
            api_root=_api_root(env.get("MUJAZ_TELEGRAM_API") or DEFAULT_API),
            admins=_admins(env.get("MUJAZ_ADMINS", "")),
            default_tz=_zone(env.get("MUJAZ_DEFAULT_TZ") or DEFAULT_TZ),
            log_level=_level(env.get("MUJAZ_LOG_LEVEL") or "INFO"),
            library=LibrarySettings.from_env(env),
            push_time=_push_time(env.get("MUJAZ_PUSH_TIME") or ""),
            push_max_late=_max_late(env.get("MUJAZ_PUSH_MAX_LATE_HOURS") or ""),
            watch=_choice("MUJAZ_WATCH", env.get("MUJAZ_WATCH") or "auto", WATCH_MODES),
            watch_interval=_seconds("MUJAZ_WATCH_INTERVAL", env, DEFAULT_WATCH_INTERVAL, 0.05),
            watch_stable=_seconds("MUJAZ_WATCH_STABLE", env, DEFAULT_WATCH_STABLE, 0.0),
            webhook=_webhook(env),
        )


def _webhook(env: Mapping[str, str]) -> Webhook | None:
    """Return webhook mode from MUJAZ_WEBHOOK_*, None (long polling) without a URL."""
    url = (env.get("MUJAZ_WEBHOOK_URL") or "").strip()
    secret = (env.get("MUJAZ_WEBHOOK_SECRET") or "").strip()
    listen = (env.get("MUJAZ_WEBHOOK_LISTEN") or "").strip()
    if not url:
        for name, value in (("MUJAZ_WEBHOOK_SECRET", secret), ("MUJAZ_WEBHOOK_LISTEN", listen)):
            if value:
                raise ConfigError(
                    f"{name} is set but MUJAZ_WEBHOOK_URL is not: set the URL for webhook "
                    "mode, or unset both for long polling"
                )
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            "MUJAZ_WEBHOOK_URL must be the public https:// URL Telegram posts updates to, "
            f"such as https://bot.example.org/mujaz (no query), not {url!r}"
        )
    if not _WEBHOOK_SECRET.fullmatch(secret):
        problem = "is not set" if not secret else "has characters Telegram does not accept"
        raise ConfigError(
            f"MUJAZ_WEBHOOK_SECRET {problem}: webhook mode needs 1-256 characters from "
            "A-Z, a-z, 0-9, _ and - (Telegram sends it with every update)"
        )
    host, port = _listen(listen or DEFAULT_WEBHOOK_LISTEN)
    return Webhook(url=url, secret=secret, host=host, port=port)


def _listen(value: str) -> tuple[str, int]:
    match = _LISTEN.fullmatch(value)
    port = int(match["port"]) if match else 0
    if not match or not 1 <= port <= 65535:
        raise ConfigError(
            "MUJAZ_WEBHOOK_LISTEN must be host:port such as 127.0.0.1:8443, 0.0.0.0:8443 or "
            f"[::1]:8443, not {value!r}"
        )
    return match["v6"] or match["host"], port


def _api_root(value: str) -> str:
    value = value.strip().rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise ConfigError(
            f"MUJAZ_TELEGRAM_API must be an http(s) URL such as {DEFAULT_API}, not {value!r}"
        )
    return value


def _admins(value: str) -> frozenset[int]:
    ids = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise ConfigError(
                "MUJAZ_ADMINS must be comma-separated Telegram user ids such as "
                f"12345,67890; {part!r} is not one"
            ) from None
    return frozenset(ids)


def _zone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "MUJAZ_DEFAULT_TZ must be an IANA time zone such as Asia/Baghdad or "
            f"Europe/London, not {value!r}"
        ) from None


def _level(value: str) -> str:
    level = value.strip().upper()
    if level not in _LEVELS or not isinstance(logging.getLevelName(level), int):
        raise ConfigError(f"MUJAZ_LOG_LEVEL must be one of {', '.join(_LEVELS)}, not {value!r}")
    return level


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    chosen = value.strip().lower()
    if chosen not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return chosen


def _seconds(name: str, env: Mapping[str, str], default: float, minimum: float) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= minimum or value > 3600:
        raise ConfigError(f"{name} must be a number of seconds from {minimum} to 3600, not {raw!r}")
    return value


def _push_time(value: str) -> time:
    if not value.strip():
        return DEFAULT_PUSH_TIME
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"MUJAZ_PUSH_TIME must be a time such as 08:00, not {value!r}") from None


def _max_late(value: str) -> timedelta:
    if not value.strip():
        return DEFAULT_PUSH_MAX_LATE
    try:
        hours = float(value)
    except ValueError:
        hours = -1.0
    if not 0 <= hours <= 48:
        raise ConfigError(
            f"MUJAZ_PUSH_MAX_LATE_HOURS must be a number of hours from 0 to 48, not {value!r}"
        )
    return timedelta(hours=hours)
