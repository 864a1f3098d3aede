"""Choose the translation backend once, at start-up: MUJAZ_MT_MODEL, the installed one, or none."""

from __future__ import annotations

import logging
from pathlib import Path

from summaries.config import Settings
from summaries.errors import TranslationModelError
from summaries.translate.base import Translator
from summaries.translate.install import installed_dir

logger = logging.getLogger(__name__)

NO_MODEL_HINT = (
    "no Arabic→English translation model is installed; install one with "
    "`mujaz models install translate-ar_en-1_0.argosmodel` (or `mujaz models download` "
    "where there is internet), or set MUJAZ_MT_MODEL to a model directory"
)


def model_source(settings: Settings) -> Path | None:
    """Return the model folder the settings choose: MUJAZ_MT_MODEL, else the installed package."""
    if settings.mt_model is not None:
        return settings.mt_model
    installed = installed_dir(settings.data_root)
    return installed if installed.is_dir() else None


def load_translator(settings: Settings) -> Translator | None:
    """Return the translator to use for this run, or None when no model is set or installed.

    A model that is set (MUJAZ_MT_MODEL) or installed but cannot be loaded is
    a TranslationModelError saying what is wrong, never a quiet fallback.
    """
    from summaries.translate.ct2 import CTranslate2Translator

    path = model_source(settings)
    if path is None:
        logger.info("English digests without a translation model: %s", NO_MODEL_HINT)
        return None
    try:
        return CTranslate2Translator(path)
    except TranslationModelError as error:
        if settings.mt_model is not None:
            raise TranslationModelError(f"MUJAZ_MT_MODEL={settings.mt_model}: {error}") from None
        raise TranslationModelError(
            f"the installed translation model is broken ({error}); "
            "reinstall it with `mujaz models install FILE`"
        ) from None
