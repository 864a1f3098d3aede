"""Run sumy's rankers on the pipeline's own sentences.

sumy's ``Tokenizer("arabic")`` is not used: it splits sentences at « ، » and
stops splitting after 32 breaks, and its word filter drops any word carrying
a diacritic. Instead each of our sentences becomes one sumy sentence whose
words come from ``summaries.words.tokens``; the ratings come back keyed by
our sentence ids.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from sumy.models.dom import ObjectDocumentModel
from sumy.models.dom import Paragraph as SumyParagraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer

from summaries.model import Sentence
from summaries.words import STOP_WORDS, stem, tokens

if TYPE_CHECKING:
    from sumy.summarizers._summarizer import AbstractSummarizer

# "isri": summaries.words.stem (ISRI, conflates prefixes and broken plurals);
# "snowball": sumy's Stemmer("arabic"), i.e. NLTK's Snowball Arabic stemmer.
STEMMERS: dict[str, Callable[[], Callable[[str], str]]] = {
    "isri": lambda: stem,
    "snowball": lambda: Stemmer("arabic"),
}


class WordTokenizer:
    """The tokenizer sumy's sentences ask for their words: ``summaries.words.tokens``."""

    language = "arabic"

    def to_words(self, text: str) -> tuple[str, ...]:
        """Return the normalised words of one sentence."""
        return tuple(tokens(text))


def sumy_document(sentences: Sequence[Sentence]) -> ObjectDocumentModel:
    """Return a sumy document with one sumy sentence per sentence, paragraphs kept."""
    tokenizer = WordTokenizer()
    paragraphs = [
        SumyParagraph([SumySentence(s.text, tokenizer) for s in group])
        for _, group in groupby(sentences, key=lambda s: s.paragraph)
    ]
    return ObjectDocumentModel(paragraphs)


def prepare(summarizer: AbstractSummarizer) -> AbstractSummarizer:
    """Return the summarizer with sumy's Arabic stop words, normalised like our tokens."""
    summarizer.stop_words = STOP_WORDS
    return summarizer


def rate_with(summarizer: AbstractSummarizer, sentences: Sequence[Sentence]) -> dict[str, float]:
    """Return the summarizer's rating of every sentence, keyed by sentence id.

    sumy's summarizers accept a callable as the sentence count and hand it
    every (sentence, order, rating) best first, so asking for "all of them"
    through that callable yields the ratings without reaching into private
    methods. A ranker that rates nothing (no content words at all) gives 0.
    """
    if not sentences:
        return {}
    document = sumy_document(sentences)
    seen: dict[int, float] = {}

    def keep_all(infos):
        for info in infos:
            seen[info.order] = float(info.rating)
        return infos

    with warnings.catch_warnings():
        # LSA warns when a short document has fewer words than sentences.
        warnings.simplefilter("ignore")
        summarizer(document, keep_all)
    return {s.id: seen.get(i, 0.0) for i, s in enumerate(sentences)}
