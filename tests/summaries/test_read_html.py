"""read() of .html/.htm: the article of a real-looking page, its title and its own link."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from summaries.clean import clean
from summaries.errors import BinaryContent, EmptyFile
from summaries.read import read
from summaries.segment import segment
from summaries.sources import find_sources
from summaries.words import normalize

DATA = Path(__file__).resolve().parents[1] / "data"
# Seed 001 (a news site scrape): headline, standfirst, dateline, caption, body.
# Whitespace as trafilatura gives it (the scrape's no-break spaces are spaces).
LINES = [
    " ".join(line.split())
    for line in (DATA / "web_news_001.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
HEADLINE, BODY = LINES[0], LINES[1:]
OG_URL = "https://alarab.co.uk/kadhimi-begins-official-visit-washington-iraq-support"
CANONICAL = "https://alarab.co.uk/الكاظمي-يبدأ-زيارة-رسمية"
DEBRIS = [
    "الأكثر قراءة",
    "أسعار النفط ترتفع مع تراجع المخزونات الأميركية",
    "اقرأ أيضاً",
    "بايدن يستقبل الكاظمي في البيت الأبيض وسط توقعات بانسحاب القوات",
    "الفصائل المسلحة تهدد باستهداف المصالح الأميركية في العراق",
    "جميع الحقوق محفوظة",
    "سياسة الخصوصية",
    "رياضة",
    "dataLayer",
    "tracking",
]


def page(
    *,
    charset: str = "utf-8",
    head_title: str = f"{HEADLINE} | صحيفة العرب",
    og_title: str | None = None,
    body: list[str] = BODY,
) -> str:
    """Return a news page around the article: header, nav, read-also, aside, footer, scripts."""
    e = html.escape
    og = f'<meta property="og:title" content="{e(og_title)}">' if og_title else ""
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
<meta charset="{charset}">
<title>{e(head_title)}</title>{og}
<meta property="og:url" content="{OG_URL}">
<link rel="canonical" href="{CANONICAL}">
<script>window.dataLayer = []; var headline = "الكاظمي يبدأ";</script>
<style>.menu {{ color: red }}</style>
</head><body>
<header><a href="/">الرئيسية</a> <a href="/politics">سياسة</a>
<a href="/economy">اقتصاد</a></header>
<nav><ul><li><a href="/world">العالم</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<main><article>
<h1>{e(HEADLINE)}</h1>
{paragraphs}
<div class="read-also"><h3>اقرأ أيضاً</h3><ul>
<li><a href="/a1">بايدن يستقبل الكاظمي في البيت الأبيض وسط توقعات بانسحاب القوات</a></li>
<li><a href="/a2">الفصائل المسلحة تهدد باستهداف المصالح الأميركية في العراق</a></li>
</ul></div>
</article></main>
<aside><h3>الأكثر قراءة</h3><ul>
<li><a href="/x">أسعار النفط ترتفع مع تراجع المخزونات الأميركية</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة © صحيفة العرب 2021</p><a href="/privacy">سياسة الخصوصية</a></footer>
<script>console.log("tracking")</script>
</body></html>"""


def _write(tmp_path: Path, text: str, name: str = "article.html", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_read_html_keeps_the_article_paragraphs_in_order(tmp_path):
    raw = read(_write(tmp_path, page()))
    lines = [line for line in raw.text.splitlines() if line.strip()]
    assert [line for line in lines if line in BODY] == BODY
    assert lines[-1] == BODY[-1]
    assert raw.format == "html"


def test_read_html_drops_navigation_footer_aside_scripts_and_read_also(tmp_path):
    raw = read(_write(tmp_path, page()))
    for debris in DEBRIS:
        assert debris not in raw.text


def test_read_html_takes_links_from_og_url_then_canonical(tmp_path):
    raw = read(_write(tmp_path, page(), name="article.htm"))
    assert raw.urls == (OG_URL, CANONICAL)
    assert raw.format == "htm"


def test_read_html_takes_the_title_without_the_site_name(tmp_path):
    assert read(_write(tmp_path, page())).title == HEADLINE


def test_read_html_keeps_a_dash_inside_a_headline(tmp_path):
    title = "الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات"
    assert read(_write(tmp_path, page(head_title=title))).title == title


def test_read_html_prefers_og_title(tmp_path):
    raw = read(_write(tmp_path, page(og_title="زيارة الكاظمي إلى واشنطن")))
    assert raw.title == "زيارة الكاظمي إلى واشنطن"


def test_read_html_decodes_windows_1256_declared_in_meta(tmp_path):
    text = page(charset="windows-1256").replace(" © ", " ")  # © is not in cp1256
    raw = read(_write(tmp_path, text, encoding="cp1256"))
    assert raw.encoding == "cp1256"
    assert BODY[-1] in raw.text and raw.title == HEADLINE


def test_read_html_reads_utf8_even_when_the_page_claims_latin1(tmp_path):
    raw = read(_write(tmp_path, page(charset="iso-8859-1")))
    assert raw.encoding == "utf-8"
    assert BODY[0] in raw.text


def test_read_html_rejects_a_page_without_an_article(tmp_path):
    bare = "<html><head><title>صفحة</title></head><body><script>render()</script></body></html>"
    with pytest.raises(EmptyFile, match="no article text"):
        read(_write(tmp_path, bare))


def test_read_html_rejects_a_pdf_named_html(tmp_path):
    path = tmp_path / "article.html"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(BinaryContent, match="a PDF document"):
        read(path)


def test_read_html_cleans_to_the_same_text_as_the_txt_of_the_article(tmp_path):
    txt = tmp_path / "article.txt"
    txt.write_text("\n\n".join(LINES), encoding="utf-8")
    from_html = clean(read(_write(tmp_path, page())))
    assert normalize(from_html.text) == normalize(clean(read(txt)).text)


def _sources(raw):
    text = clean(raw)
    return find_sources(raw, text, segment(text))


def test_find_sources_takes_the_page_title_and_og_url(tmp_path):
    sources = _sources(read(_write(tmp_path, page(og_title="زيارة الكاظمي إلى واشنطن"))))
    assert sources.title == "زيارة الكاظمي إلى واشنطن"  # the page's, not the first heading
    assert sources.urls[:2] == (OG_URL, CANONICAL)


def test_find_sources_takes_title_en_from_the_english_slug_of_og_url(tmp_path):
    sources = _sources(read(_write(tmp_path, page())))
    assert sources.title_en == "Kadhimi begins official visit Washington Iraq support"


def test_find_sources_takes_an_english_og_title_as_title_en(tmp_path):
    english = "Kadhimi begins official visit to Washington"
    sources = _sources(read(_write(tmp_path, page(og_title=english))))
    assert sources.title_en == english
    assert sources.title == HEADLINE  # the Arabic title still comes from the page
