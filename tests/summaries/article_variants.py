"""The same seed article as files of every format, with the differences real extraction makes.

Used by the near-duplicate tests and by ``bench/near_duplicates.py``. An
``Article`` is a seed's cleaned paragraphs with a headline, a link and a
footnote; ``perturb`` functions copy what readers of real files do to it
(words split at a line end with a hyphen, running page headers and page
numbers inside the text, the footnote or a paragraph lost); ``revise``
functions copy what a publisher's update does (a paragraph rewritten, one
added); ``write`` puts an article into a .txt, .html, .docx or .pdf file
the way the tools that make such files do.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from summaries.clean import clean
from summaries.model import RawDocument
from tests.conftest import SEEDS
from tests.summaries import pdf_maker

FORMATS = (".txt", ".html", ".docx", ".pdf")
PUBLISHER = "معهد الشرق الأوسط"
# A sentence of body text: long enough to be a sentence, not a headline.
_SENTENCE = re.compile(r"[^.!؟?]{40,}[.!؟?]")


@dataclass(frozen=True, slots=True)
class Article:
    """One article: headline, body paragraphs (footnote last), and its link."""

    number: int
    headline: str
    paragraphs: tuple[str, ...]
    url: str
    footnote: str | None = None

    @property
    def body(self) -> tuple[str, ...]:
        return self.paragraphs + ((self.footnote,) if self.footnote else ())


def seed_path(number: int) -> Path:
    return sorted(SEEDS.glob(f"{number:03d}_*.txt"))[0]


def seed_article(number: int) -> Article:
    """Return seed ``number`` as an Article: its cleaned paragraphs, a headline from its lead."""
    path = seed_path(number)
    raw = RawDocument(
        name=path.name, text=path.read_text(encoding="utf-8"), encoding="utf-8", format="txt"
    )
    paragraphs = [p for p in clean(raw).paragraphs if len(p.split()) >= 12]
    first = paragraphs[0]
    if len(first.split()) <= 20 and not first.rstrip().endswith((".", "!", "؟", "?")):
        headline = paragraphs.pop(0)  # the seed has a headline
    else:  # a headline of the kind analyses carry: a label and the lead's first words
        headline = "تحليل: " + " ".join(first.split()[:8])
    footnote = (
        "(1) أكد مسؤول في وزارة الخارجية العراقية أن المحادثات تناولت جدول انسحاب القوات "
        "القتالية قبل نهاية العام، بحسب ما نقلته وكالة الأنباء العراقية الرسمية في حينه."
    )
    url = f"https://example.org/analysis/seed-{number:03d}"
    return Article(number, headline, tuple(paragraphs), url, footnote)


# -- extraction differences -------------------------------------------------------------


def hyphenate(article: Article, rng: random.Random, rate: float = 0.03) -> Article:
    """Split long words at a line end with a hyphen, as a justified PDF or print layout does."""

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() >= rate:
            return word
        cut = rng.randrange(3, len(word) - 2)
        return f"{word[:cut]}- {word[cut:]}"

    paragraphs = tuple(re.sub(r"\w{7,}", split, p) for p in article.paragraphs)
    return replace(article, paragraphs=paragraphs)


def page_furniture(article: Article, words_per_page: int = 220) -> Article:
    """Put a running header and a page number inside the text wherever a page ends."""
    out, count, page = [], 0, 1
    for paragraph in article.paragraphs:
        words = paragraph.split()
        kept = []
        for word in words:
            kept.append(word)
            count += 1
            if count % words_per_page == 0:
                page += 1
                kept += [f"{page - 1}", "|", PUBLISHER, "—", "تحليل", "سياسي"]
        out.append(" ".join(kept))
    return replace(article, paragraphs=tuple(out))


def drop_footnote(article: Article) -> Article:
    return replace(article, footnote=None)


def drop_paragraph(article: Article) -> Article:
    """Lose the longest paragraph after the lead, as a reader losing a page or a box does."""
    if len(article.paragraphs) < 3:
        return article
    longest = max(range(1, len(article.paragraphs)), key=lambda i: len(article.paragraphs[i]))
    kept = article.paragraphs[:longest] + article.paragraphs[longest + 1 :]
    return replace(article, paragraphs=kept)


PERTURBATIONS: dict[str, Callable[[Article, random.Random], Article]] = {
    "as is": lambda a, rng: a,
    "hyphenation": hyphenate,
    "page headers": lambda a, rng: page_furniture(a),
    "footnote dropped": lambda a, rng: drop_footnote(a),
    "paragraph dropped": lambda a, rng: drop_paragraph(a),
    "all of these": lambda a, rng: drop_paragraph(drop_footnote(page_furniture(hyphenate(a, rng)))),
}


# -- a publisher's updates --------------------------------------------------------------


def other_sentences(article: Article, others: list[Article]) -> list[str]:
    """Return body sentences of other articles: new material an update might bring."""
    return [s.strip() for o in others for p in o.paragraphs for s in _SENTENCE.findall(p)]


def rewrite_paragraph(article: Article, material: list[str], rng: random.Random) -> Article:
    """Rewrite the second paragraph: new sentences in place of the old ones, numbers changed."""
    index = 1 if len(article.paragraphs) > 1 else 0
    new = " ".join(rng.sample(material, 3))
    paragraphs = list(article.paragraphs)
    paragraphs[index] = new
    last = len(paragraphs) - 1
    paragraphs[last] = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 7), paragraphs[last])
    return replace(article, paragraphs=tuple(paragraphs))


def add_paragraph(article: Article, material: list[str], rng: random.Random) -> Article:
    """Add an update paragraph after the lead, as a story developing during the day gets one."""
    update = "وفي تطور لاحق، " + " ".join(rng.sample(material, 3))
    return replace(article, paragraphs=(article.paragraphs[0], update, *article.paragraphs[1:]))


REVISIONS: dict[str, Callable[[Article, list[str], random.Random], Article]] = {
    "paragraph rewritten": rewrite_paragraph,
    "paragraph added": add_paragraph,
    "rewritten and added": lambda a, m, rng: add_paragraph(rewrite_paragraph(a, m, rng), m, rng),
}


# -- files ------------------------------------------------------------------------------


def write(article: Article, path: Path, layout: pdf_maker.Layout | None = None) -> Path:
    """Write the article as the file path's suffix says (.txt .html .docx .pdf); return path."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text = "\n\n".join([article.headline, *article.body])
        path.write_text(text + "\n", encoding="cp1256" if article.number % 2 else "utf-16")
    elif suffix == ".html":
        path.write_text(_html(article), encoding="utf-8")
    elif suffix == ".docx":
        _docx(article, path)
    elif suffix == ".pdf":
        pdf_maker.make_pdf(
            path,
            [article.headline, *article.body],
            layout or pdf_maker.Layout(word_gaps=True, to_unicode="letters"),
            title=article.headline,
        )
    else:
        raise ValueError(f"no writer for {suffix}")
    return path


def _html(article: Article) -> str:
    e = html.escape
    body = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    note = f"<p class='note'><small>{e(article.footnote)}</small></p>" if article.footnote else ""
    return f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{e(article.headline)} | {PUBLISHER}</title>
<meta property="og:url" content="{article.url}">
</head><body><header><a href="/">الرئيسية</a> <a href="/analysis">تحليلات</a></header>
<nav><ul><li><a href="/iraq">العراق</a></li><li><a href="/gulf">الخليج</a></li></ul></nav>
<main><article><h1>{e(article.headline)}</h1>
{body}
{note}
</article></main>
<aside><h3>الأكثر قراءة</h3><ul>
<li><a href="/x">أسعار النفط ترتفع مع تراجع المخزونات</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة © {PUBLISHER} 2021</p></footer></body></html>"""


def _docx(article: Article, path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = article.headline
    document.add_heading(article.headline, level=1)
    for paragraph in article.body:
        document.add_paragraph(paragraph)
    document.sections[0].header.paragraphs[0].text = PUBLISHER
    document.save(str(path))
