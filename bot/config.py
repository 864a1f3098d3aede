"""Bot settings, read once at start-up from the environment (and ./.env)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from summaries import ConfigError, environment
from summaries import Settings as LibrarySettings

DEFAULT_API = "https://api.telegram.org"
DEFAULT_TZ = "Asia/Baghdad"
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot needs; ``library`` holds the summaries settings (seeds, store)."""

    token: str | None = field(default=None, repr=False)  # never printed
    api_root: str = DEFAULT_API
    admins: frozenset[int] = frozenset()
    default_tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    log_level: str = "INFO"
    library: LibrarySettings = field(default_factory=LibrarySettings)

    @property
    def base_url(self) -> str:
        return f"{self.api_root}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_root}/file/bot"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Return settings from the environment; a bad value raises ConfigError naming the variable."""
        env = environment() if env is None else env
        return cls(
            token=(env.get("TELEGRAM_BOT_TOKEN") or "").strip() or None,
            api_root=_api_root(env.get("MUJAZ_TELEGRAM_API") or DEFAULT_API),
            admins=_admins(env.get("MUJAZ_ADMINS", "")),
            default_tz=_zone(env.get("MUJAZ_DEFAULT_TZ") or DEFAULT_TZ),
            log_level=_level(env.get("MUJAZ_LOG_LEVEL") or "INFO"),
            library=LibrarySettings.from_env(env),
        )


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
                f"MUJAZ_ADMINS must be comma-separated Telegram user ids such as 12345,67890; {part!r} is not one"
            ) from None
    return frozenset(ids)


def _zone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"MUJAZ_DEFAULT_TZ must be an IANA time zone such as Asia/Baghdad or Europe/London, not {value!r}"
        ) from None


def _level(value: str) -> str:
    level = value.strip().upper()
    if level not in _LEVELS or not isinstance(logging.getLevelName(level), int):
        raise ConfigError(f"MUJAZ_LOG_LEVEL must be one of {', '.join(_LEVELS)}, not {value!r}")
    return level
