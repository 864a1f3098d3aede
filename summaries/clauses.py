"""The clause around a date in its sentence: what happened, not the whole sentence.

The sentence is cut at clause boundaries («،», «؛», ":", brackets, and words
that start a clause: «و...» conjunctions, «فيما», «حيث»...) around the date;
a relative clause («الذي انطلق ...») keeps its antecedent; a leading
«عندما», «بعد», «منذ» goes (the event is what happened, not "since" it).
Longer than ``CLAUSE_CHARS``, the words after the date go first (Arabic puts
the verb and subject before it), then words at the start ("…" marks the cut).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summaries.words import normalize, tokens

CLAUSE_CHARS = 80  # a clause longer than this is cut
WORDS_AFTER_DATE = 4  # more words after the date than this, and they go
_HARD_CHARS = 100  # a clause still longer than this loses words at its start

_BOUNDARY_MARKS = re.compile(r"[،,؛;:()\[\]«»\"“”]|\s[-–—]\s")
# Words (normalised) that start a clause of their own.
_CLAUSE_WORDS = frozenset(
    normalize(w)
    for w in (
        "وقد وكان وكانت ولم ولا وهو وهي وفي ومن وأن وإن وقال وأكد وأضاف وتابع وتأتي "
        "ويقول ويوضح وذلك وهذا وهذه ومع وعلى وبعد وقبل ومنذ ووفق ولكن وفيما وحين "
        "فيما بينما حيث لكن إلا ثم كما إذ أما بل حين فحين حينما عندما لما"
    ).split()
)
# Words a clause loses at its start: the event is what happened, not "when" or "since".
_LEADING = frozenset(
    normalize(w)
    for w in "عندما حين فحين حينما لما بعد وبعد منذ ومنذ فيما وفيما بينما حيث كما ثم إذ".split()
)
_RELATIVE = frozenset(normalize(w) for w in "الذي التي الذين اللذين اللتين اللواتي".split())


@dataclass(frozen=True, slots=True)
class _Cut:
    """A clause as character offsets into its sentence."""

    start: int
    end: int


def clause_of(text: str, start: int, end: int, event: str = "") -> str:
    """Return the clause of text around text[start:end] (the date), cut to about CLAUSE_CHARS."""
    bounds = _boundaries(text)
    before = [b for b in bounds if b <= start]
    after = [b for b in bounds if b >= end]
    cut = _Cut(before[-1] if before else 0, after[0] if after else len(text))
    words = tokens(text[cut.start : start])
    if words and words[0] in _RELATIVE:  # «..., الذي انطلق في يونيو 2020»
        previous = next((b for b in reversed(before) if tokens(text[b : cut.start])), 0)
        found = text.find(event, previous, cut.start) if event else -1
        cut = _Cut(found if found >= 0 else previous, cut.end)
    return _trim(text, cut, start, end)


def _boundaries(text: str) -> list[int]:
    """Return where clauses may start or end in text, in order (offsets)."""
    found = {m.start() for m in _BOUNDARY_MARKS.finditer(text)}
    found |= {m.end() for m in _BOUNDARY_MARKS.finditer(text)}
    for m in re.finditer(r"\S+", text):
        if normalize(m.group()) in _CLAUSE_WORDS:
            found.add(m.start())
    return sorted(found)


def _trim(text: str, cut: _Cut, start: int, end: int) -> str:
    """Return the clause without leading "when"/"since" words, cut to about CLAUSE_CHARS.

    Too long, it loses the words after the date first (the event is before
    it in Arabic word order), then words at its start, down to CLAUSE_CHARS
    once it is over ``_HARD_CHARS``.
    """
    lead = [m.group() for m in re.finditer(r"\S+", text[cut.start : start])]
    trail = [m.group() for m in re.finditer(r"\S+", text[end : cut.end])]
    while lead and normalize(lead[0]).strip(".") in _LEADING:
        lead.pop(0)
    if lead and normalize(lead[0]) in _CLAUSE_WORDS and lead[0].startswith("و"):
        lead[0] = lead[0][1:]  # «وقد أعلن» -> «قد أعلن»
    date_text = text[start:end]
    clause = " ".join([*lead, date_text, *trail])
    if len(clause) > CLAUSE_CHARS or len(trail) > WORDS_AFTER_DATE:
        clause = " ".join([*lead, date_text])
    if len(clause) > _HARD_CHARS:
        while len(lead) > 1 and len(" ".join(["…", *lead, date_text])) > CLAUSE_CHARS:
            lead.pop(0)
        clause = "… " + " ".join([*lead, date_text])
    return " ".join(clause.strip(" .،,؛;:").split())
