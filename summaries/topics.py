"""Topics: which subjects of the taxonomy a document covers, and which one a user means.

The taxonomy is data (``summaries/data/topics.toml``) an admin can edit. Terms
and text are compared as sequences of *keys*: ISRI stems for Arabic words (via
``summaries.words``) and Porter stems for Latin-script words, so «القوات»,
«قوات» and «للقوات» meet, and so do "troops" and "troop".
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from nltk.stem.porter import PorterStemmer

from summaries.errors import ConfigError
from summaries.model import Kind, Sentence, Topic, TopicMatch
from summaries.words import has_arabic, normalize, stems

logger = logging.getLogger(__name__)

# A topic needs this many supporting body sentences (or all of them, in a
# shorter document): one passing mention does not make a document "about" it.
MIN_SENTENCES = 2
# ... a score (see _score: the hit-weighted share of body sentences on the
# topic) of at least MIN_SCORE, and at least RELATIVE_SCORE of the document's
# best topic: a long report has low shares everywhere, a short one high
# shares even for an aside. On the seeds (real clean + segment), asides score
# at most 0.17 of the best topic, subtopics a reader would name 0.23 and up.
MIN_SCORE = 0.05
RELATIVE_SCORE = 0.2
# Term hits in one sentence beyond this count no more: a sentence listing five
# militia names is not five sentences about militias.
SATURATION = 2
# Supporting sentence ids kept per topic (best first); the store shows a few.
MAX_SENTENCE_IDS = 8

_TOPIC_FIELDS = ("id", "name_ar", "name_en", "terms_ar", "terms_en")
_TOPIC_ID = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_PORTER = PorterStemmer()

Pattern = tuple[str, ...]


def load_taxonomy(path: Path | None = None) -> tuple[Topic, ...]:
    """Return the topics of a taxonomy file (the packaged one by default).

    A file that cannot be read, is not TOML or has a malformed topic raises
    ConfigError naming the file and the problem.
    """
    if path is None:
        source = resources.files("summaries") / "data" / "topics.toml"
        label = "summaries/data/topics.toml (packaged)"
    else:
        source, label = path, str(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{label}: cannot read the topic taxonomy: {error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{label}: not valid TOML: {error}") from None
    entries = data.get("topic")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{label}: no [[topic]] tables found")
    topics = tuple(_topic(entry, i, label) for i, entry in enumerate(entries, start=1))
    seen: set[str] = set()
    for topic in topics:
        if topic.id in seen:
            raise ConfigError(f"{label}: topic id {topic.id!r} is used twice")
        seen.add(topic.id)
    logger.debug("loaded %s topics from %s", len(topics), label)
    return topics


def match_topics(
    sentences: Sequence[Sentence], taxonomy: Sequence[Topic]
) -> tuple[TopicMatch, ...]:
    """Return the topics the body sentences cover, best first, with supporting sentence ids."""
    body = [s for s in sentences if s.kind is Kind.BODY]
    if not body or not taxonomy:
        return ()
    keyed = [(s.id, _keys(s.text)) for s in body]
    matches = []
    for topic in taxonomy:
        patterns = _patterns(topic)
        hits = [(sid, n) for sid, keys in keyed if (n := len(_find(keys, patterns)))]
        match = _score(topic.id, hits, len(body))
        if match is not None:
            matches.append(match)
    best = max((m.score for m in matches), default=0.0)
    kept = [m for m in matches if m.score >= RELATIVE_SCORE * best]
    return tuple(sorted(kept, key=lambda m: -m.score))


def resolve_topic(query: str, taxonomy: Sequence[Topic]) -> Topic | None:
    """Return the topic a user means by its id, a name (ar or en) or free words, else None."""
    wanted = " ".join(normalize(query).split())
    if not wanted:
        return None
    for topic in taxonomy:
        if wanted in (topic.id, " ".join(normalize(topic.name_ar).split()), topic.name_en.lower()):
            return topic
    keys = query_stems(query)
    best, best_weight = None, 0
    for topic in taxonomy:  # ties go to the topic listed first in the taxonomy
        weight = sum(len(p) for p in _find(keys, _patterns(topic) + _name_patterns(topic)))
        if weight > best_weight:
            best, best_weight = topic, weight
    return best


def query_stems(query: str) -> tuple[str, ...]:
    """Return the matching keys of a query or term: ISRI stems (Arabic), Porter stems (Latin)."""
    return _keys(query)


def _keys(text: str) -> tuple[str, ...]:
    return tuple(_latin_stem(k) if not has_arabic(k) else k for k in stems(text))


@lru_cache(maxsize=4096)
def _latin_stem(word: str) -> str:
    return _PORTER.stem(word)


@lru_cache(maxsize=256)
def _patterns(topic: Topic) -> tuple[Pattern, ...]:
    """Return the topic's term key sequences (phrases and single words)."""
    patterns = {p for term in (*topic.terms_ar, *topic.terms_en) if (p := _keys(term))}
    return tuple(sorted(patterns))


def _name_patterns(topic: Topic) -> tuple[Pattern, ...]:
    return tuple(p for name in (topic.name_ar, topic.name_en) if (p := _keys(name)))


def _find(keys: Sequence[str], patterns: tuple[Pattern, ...]) -> list[Pattern]:
    """Return the patterns found in keys, left to right, the longest at each word, no overlaps."""
    by_first = _by_first_key(patterns)
    found, i = [], 0
    while i < len(keys):
        pattern = next(
            (p for p in by_first.get(keys[i], ()) if tuple(keys[i : i + len(p)]) == p), None
        )
        found += [pattern] if pattern else []
        i += len(pattern) if pattern else 1
    return found


@lru_cache(maxsize=256)
def _by_first_key(patterns: tuple[Pattern, ...]) -> dict[str, tuple[Pattern, ...]]:
    """Return the patterns grouped by their first key, longest first (one lookup per word)."""
    index: dict[str, list[Pattern]] = {}
    for pattern in sorted(patterns, key=len, reverse=True):
        index.setdefault(pattern[0], []).append(pattern)
    return {key: tuple(group) for key, group in index.items()}


def _score(topic_id: str, hits: list[tuple[str, int]], body_size: int) -> TopicMatch | None:
    """Return the match of one topic, or None below the thresholds.

    The score is the share of body sentences on the topic, each sentence
    weighted by its hits up to SATURATION: 1.0 means every body sentence has
    SATURATION or more hits, 0.5 that every one has a single hit.
    """
    if len(hits) < min(MIN_SENTENCES, body_size):
        return None
    score = sum(min(n, SATURATION) for _, n in hits) / (SATURATION * body_size)
    if score < MIN_SCORE:
        return None
    best_first = sorted(hits, key=lambda hit: -hit[1])  # stable: ties keep document order
    ids = tuple(sid for sid, _ in best_first[:MAX_SENTENCE_IDS])
    return TopicMatch(topic_id=topic_id, score=round(score, 4), sentence_ids=ids)


def _topic(entry: object, number: int, label: str) -> Topic:
    """Return one validated topic table; the error names the file, the topic and the field."""
    where = f"{label}: topic #{number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a [[topic]] table")
    if isinstance(entry.get("id"), str):
        where += f" ({entry['id']!r})"
    missing = [f for f in _TOPIC_FIELDS if f not in entry]
    if missing:
        raise ConfigError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(entry) - set(_TOPIC_FIELDS))
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(unknown)}")
    topic_id = entry["id"]
    if not isinstance(topic_id, str) or not _TOPIC_ID.fullmatch(topic_id):
        raise ConfigError(f"{where}: id must be short lower-case ASCII (a-z, 0-9, - or _)")
    for field in ("name_ar", "name_en"):
        if not isinstance(entry[field], str) or not entry[field].strip():
            raise ConfigError(f"{where}: {field} must be a non-empty string")
    terms = {field: _terms(entry[field], f"{where}: {field}") for field in ("terms_ar", "terms_en")}
    if not terms["terms_ar"]:
        raise ConfigError(f"{where}: terms_ar must list at least one Arabic term")
    return Topic(
        id=topic_id,
        name_ar=entry["name_ar"].strip(),
        name_en=entry["name_en"].strip(),
        terms_ar=terms["terms_ar"],
        terms_en=terms["terms_en"],
    )


def _terms(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ConfigError(f"{where} must be a list of non-empty strings")
    for term in value:
        if not _keys(term):
            raise ConfigError(f"{where}: term {term!r} has only stop words and can never match")
    return tuple(t.strip() for t in value)
