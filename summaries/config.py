"""Settings of the summaries library, read once from the environment (and ./.env)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from db.database import engine_url, is_url
from summaries.errors import ConfigError

DEFAULT_SEEDS_DIR = Path("seeds")
DEFAULT_DB = Path("var/mujaz.sqlite3")
DEFAULT_MAX_FILE_MB = 20.0


def environment(env_file: Path | None = Path(".env")) -> dict[str, str]:
    """Return the process environment over the values of env_file (the environment wins)."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ)
    return values


def db_path(value: str, name: str = "MUJAZ_DB") -> Path | str:
    """Return the store value names: a SQLite path (the default when empty) or a postgresql:// URL.

    Any other URL raises ConfigError naming the setting and the scheme only:
    whatever follows ``://`` may hold a password, so it is never echoed.
    """
    if is_url(value):
        try:
            engine_url(value)
        except ConfigError as error:
            raise type(error)(str(error).replace("MUJAZ_DB", name, 1)) from None
        return value.strip()
    return Path(value) if value.strip() else DEFAULT_DB


@dataclass(frozen=True, slots=True)
class Settings:
    seeds_dir: Path = DEFAULT_SEEDS_DIR
    db_path: Path | str = DEFAULT_DB  # a SQLite file, or a postgresql:// URL
    digester: str | None = None  # None: the registry's default
    taxonomy_path: Path | None = None  # None: the packaged summaries/data/topics.toml
    max_bytes: int = int(DEFAULT_MAX_FILE_MB * 1_000_000)
    mt_model: Path | None = None  # MUJAZ_MT_MODEL: a translation model directory; wins if set
    data_dir: Path | None = None  # MUJAZ_DATA_DIR; None: the store's folder

    @property
    def data_root(self) -> Path:
        """Return the folder of Mujaz's own data (models): MUJAZ_DATA_DIR, else the store's."""
        if self.data_dir:
            return self.data_dir
        return Path("var") if is_url(self.db_path) else Path(self.db_path).parent

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Return settings from MUJAZ_* variables; a bad value raises ConfigError naming it."""
        env = environment() if env is None else env
        raw_mb = env.get("MUJAZ_MAX_FILE_MB", str(DEFAULT_MAX_FILE_MB))
        try:
            max_mb = float(raw_mb)
            if max_mb <= 0:
                raise ValueError
        except ValueError:
            raise ConfigError(
                f"MUJAZ_MAX_FILE_MB must be a positive number of megabytes, not {raw_mb!r}"
            ) from None
        taxonomy = env.get("MUJAZ_TOPICS")
        mt_model = (env.get("MUJAZ_MT_MODEL") or "").strip()
        data_dir = (env.get("MUJAZ_DATA_DIR") or "").strip()
        return cls(
            seeds_dir=Path(env.get("MUJAZ_SEEDS_DIR") or DEFAULT_SEEDS_DIR),
            db_path=db_path(env.get("MUJAZ_DB") or "", "MUJAZ_DB"),
            digester=env.get("MUJAZ_DIGESTER") or None,
            taxonomy_path=Path(taxonomy) if taxonomy else None,
            max_bytes=int(max_mb * 1_000_000),
            mt_model=Path(mt_model).expanduser() if mt_model else None,
            data_dir=Path(data_dir).expanduser() if data_dir else None,
        )
