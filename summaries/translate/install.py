"""Install the Arabic→English Argos Translate package (.argosmodel) into the data directory.

A package file is a zip of one folder (metadata.json, model/, sentencepiece.model,
...). It is checked before anything is written, unpacked into a temporary
folder next to its destination, loaded once to prove it works, and only then
renamed into place, so a failed install leaves the previous model as it was.
"""

from __future__ import annotations

import json
import logging
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from summaries.errors import TranslationModelError
from summaries.translate.layout import check_ar_en

logger = logging.getLogger(__name__)

PACKAGE_NAME = "translate-ar_en"
INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
# The index lists ar→en 1.0 at about 82 MB zipped; anything unpacking to more
# than this is not a translation package (or is a zip bomb).
MAX_UNPACKED_BYTES = 2_000_000_000
REQUIRED_MEMBERS = ("metadata.json", "sentencepiece.model", "model/model.bin")
_DOWNLOAD_SCHEMES = ("https", "http", "file")
_CHUNK = 1 << 20


def installed_dir(data_dir: Path) -> Path:
    """Return where the ar→en package lives once installed: <data dir>/models/translate-ar_en."""
    return data_dir / "models" / PACKAGE_NAME


def install_package(file: Path, data_dir: Path) -> Path:
    """Install an .argosmodel file as the ar→en model; return the installed model directory."""
    from summaries.translate.ct2 import CTranslate2Translator

    if not zipfile.is_zipfile(file):
        what = "does not exist" if not file.exists() else "is not an .argosmodel package (a zip)"
        raise TranslationModelError(f"{file} {what}")
    target = installed_dir(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{PACKAGE_NAME}-", dir=target.parent))
    try:
        try:
            with zipfile.ZipFile(file) as archive:
                root = _package_root(archive, file.name)
                _unpack(archive, root, staging)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
            raise TranslationModelError(f"{file.name} is a damaged zip: {error}") from None
        CTranslate2Translator(staging)  # proves the model loads before it replaces anything
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the model from a bot run as another user
        _swap_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("installed %s into %s", file.name, target)
    return target


def download_package(data_dir: Path, *, index_url: str = INDEX_URL, timeout: float = 60.0) -> Path:
    """Fetch the ar→en package listed in Argos Translate's index, install it; return its folder."""
    entry = _index_entry(_fetch_json(index_url, timeout), index_url)
    links = [link for link in entry.get("links", ()) if urlsplit(link).scheme in _DOWNLOAD_SCHEMES]
    if not links:
        raise TranslationModelError(f"{index_url} lists no http(s) link for {PACKAGE_NAME}")
    folder = installed_dir(data_dir).parent
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{PACKAGE_NAME}-{uuid.uuid4().hex}.argosmodel.part"
    try:
        _download(links[0], partial, timeout)
        return install_package(partial, data_dir)
    finally:
        partial.unlink(missing_ok=True)


def _package_root(archive: zipfile.ZipFile, name: str) -> str:
    """Return the folder prefix ("" or "dir/") of the package inside the zip, after every check."""
    infos = archive.infolist()
    for info in infos:
        if not _safe_member(info):
            raise TranslationModelError(
                f"{name}: refusing member {info.filename!r}, which would land outside "
                "the package folder"
            )
    names = {info.filename for info in infos}
    roots = (
        [""]
        if "metadata.json" in names
        else sorted(
            n.removesuffix("metadata.json")
            for n in names
            if n.endswith("/metadata.json") and n.count("/") == 1
        )
    )
    if len(roots) != 1:
        raise TranslationModelError(
            f"{name} is not an Argos Translate package: expected one metadata.json at its top"
        )
    root = roots[0]
    missing = [m for m in REQUIRED_MEMBERS if root + m not in names]
    if missing:
        raise TranslationModelError(f"{name} lacks {', '.join(missing)}")
    try:
        metadata = json.loads(archive.read(root + "metadata.json").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TranslationModelError(f"{name}: metadata.json cannot be read: {error}") from None
    check_ar_en(metadata, name)
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise TranslationModelError(
            f"{name} would unpack to more than {MAX_UNPACKED_BYTES // 1_000_000} MB"
        )
    return root


def _safe_member(info: zipfile.ZipInfo) -> bool:
    """Tell whether a zip member stays inside the folder it is unpacked into (no zip-slip)."""
    name = info.filename
    path = PurePosixPath(name)
    mode = info.external_attr >> 16
    return not (
        not name
        or "\\" in name
        or "\0" in name
        or path.is_absolute()
        or ".." in path.parts
        or ":" in path.parts[0]  # C:foo, a Windows drive
        or stat.S_ISLNK(mode)
    )


def _unpack(archive: zipfile.ZipFile, root: str, folder: Path) -> None:
    """Write the package's members (those under root) into folder, streaming each one."""
    base = folder.resolve()
    for info in archive.infolist():
        if not info.filename.startswith(root) or info.filename == root:
            continue  # stray top-level entries (__MACOSX/ and the like)
        destination = (base / info.filename[len(root) :]).resolve()
        if not destination.is_relative_to(base):  # _safe_member already refused these
            raise TranslationModelError(f"refusing member {info.filename!r}")
        if info.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, destination.open("wb") as sink:
            shutil.copyfileobj(source, sink, _CHUNK)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename staging to target, keeping the old target until the new one is in place."""
    old = target.with_name(f".{target.name}-old-{uuid.uuid4().hex}")
    if target.exists():
        target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _fetch_json(url: str, timeout: float) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError) as error:
        raise TranslationModelError(_unreachable(url, error)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TranslationModelError(f"{url} is not a package index: {error}") from None


def _index_entry(index: Any, url: str) -> dict[str, Any]:
    """Return the index's ar→en translation entry (the newest if several)."""
    entries = [e for e in _entries(index) if _is_ar_en(e)]
    if not entries:
        raise TranslationModelError(f"{url} lists no ar→en translation package")
    return max(entries, key=lambda e: _version_key(e.get("package_version", "")))


def _entries(index: Any) -> Iterator[dict[str, Any]]:
    yield from (e for e in index if isinstance(e, dict)) if isinstance(index, list) else ()


def _is_ar_en(entry: dict[str, Any]) -> bool:
    try:
        check_ar_en(entry, "entry")
    except TranslationModelError:
        return False
    return True


def _version_key(version: object) -> tuple[int, ...]:
    return tuple(int(p) for p in str(version).split(".") if p.isdigit())


def _download(url: str, path: Path, timeout: float) -> None:
    logger.info("downloading %s", url)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, path.open("wb") as sink:
            shutil.copyfileobj(response, sink, _CHUNK)
    except (urllib.error.URLError, OSError) as error:
        raise TranslationModelError(_unreachable(url, error)) from None


def _unreachable(url: str, error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return (
        f"cannot fetch {url} ({reason}); without internet, bring the {PACKAGE_NAME} "
        ".argosmodel file from another machine and run `mujaz models install FILE`"
    )
