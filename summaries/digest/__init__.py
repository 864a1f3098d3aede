"""The Arabic digest stage: rate sentences, then select a few within a budget."""

from summaries.digest.base import Budget, Digester, make_digest, select
from summaries.digest.registry import DEFAULT_DIGESTER, DIGESTERS

__all__ = ["DEFAULT_DIGESTER", "DIGESTERS", "Budget", "Digester", "make_digest", "select"]
