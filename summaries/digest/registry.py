"""Every digester by name: the CLI's ``--digester`` and bench/ pick from here."""

from __future__ import annotations

from collections.abc import Callable

from summaries.digest.base import Digester
from summaries.digest.centroid import CentroidDigester
from summaries.digest.lead import LeadDigester
from summaries.digest.lexrank import LexRankDigester
from summaries.digest.lsa import LsaDigester
from summaries.digest.luhn import LuhnDigester
from summaries.digest.textrank import TextRankDigester

DIGESTERS: dict[str, Callable[[], Digester]] = {
    "lead": LeadDigester,
    "lexrank": LexRankDigester,
    "textrank": TextRankDigester,
    "lsa": LsaDigester,
    "luhn": LuhnDigester,
    "centroid": CentroidDigester,
}

# The digester the pipeline uses: the best on the EASC dev set (bench/README.md).
DEFAULT_DIGESTER = "centroid"
