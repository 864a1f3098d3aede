"""What went wrong with the database, in one line a deployer can act on (no password in it)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from summaries.errors import StoreUnavailable

_UNREACHABLE = re.compile(
    r"No such file or directory|Connection refused|timeout expired|could not translate|"
    r"failed to resolve|Name or service not known|No route to host|Network is unreachable|"
    r"the database system is (?:starting up|shutting down)",
    re.I,
)


def reason(error: DBAPIError) -> str:
    """Return the driver's message of error in one line, without SQLAlchemy's SQL and links."""
    text = str(error.orig) if error.orig is not None else str(error)
    if "FATAL:" in text:
        text = text.rsplit("FATAL:", 1)[1]
    for prefix in ("connection is bad:", "connection failed:"):
        text = text.strip().removeprefix(prefix)
    return " ".join(text.split("\n", 1)[0].split()) or type(error.orig or error).__name__


def cannot_open(where: str, postgres: bool, error: DBAPIError) -> str:
    """Return the one-line start-up error for a database that refused or did not answer.

    where is "MUJAZ_DB <target without password>".
    """
    why = reason(error)
    if not postgres:
        return f"{where}: cannot open the SQLite file: {why}"
    if _UNREACHABLE.search(why):
        return f"{where}: PostgreSQL cannot be reached ({why}); is the server running?"
    if why.startswith("database") and "does not exist" in why:
        return f"{where}: {why}; create it (createdb) or correct the name"
    if "password" in why or "role" in why:
        return f"{where}: PostgreSQL refused the login ({why}); check the user and password"
    return f"{where}: cannot connect to PostgreSQL: {why}"


def make_folder(path: Path) -> None:
    """Create the folder of the SQLite file path; StoreUnavailable, in one line, if it cannot be."""
    if path.is_dir():
        raise StoreUnavailable(f"MUJAZ_DB {path} is a folder: name the SQLite file, not its folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(p for p in (path.parent, *path.parent.parents) if p.exists())
        raise StoreUnavailable(
            f"MUJAZ_DB {path}: {blocker} is a file, so the SQLite file's folder cannot be made"
        ) from None
    except OSError as error:
        raise StoreUnavailable(
            f"MUJAZ_DB {path}: cannot create the SQLite file's folder: {error.strerror or error}"
        ) from None
