"""English translation: one small Translator interface and its CTranslate2 backend.

The backend is chosen once, at start-up, by ``load_translator(settings)``;
``install_package`` and ``download_package`` put a model where it looks.
"""

from summaries.translate.base import Translator, ascii_numerals, missing_numbers, numbers
from summaries.translate.ct2 import CTranslate2Translator, plan_batches
from summaries.translate.install import (
    INDEX_URL,
    download_package,
    install_package,
    installed_dir,
)
from summaries.translate.layout import ModelLayout, model_layout
from summaries.translate.load import NO_MODEL_HINT, load_translator, model_source

__all__ = [
    "CTranslate2Translator",
    "INDEX_URL",
    "ModelLayout",
    "NO_MODEL_HINT",
    "Translator",
    "ascii_numerals",
    "download_package",
    "install_package",
    "installed_dir",
    "load_translator",
    "missing_numbers",
    "model_layout",
    "model_source",
    "numbers",
    "plan_batches",
]
