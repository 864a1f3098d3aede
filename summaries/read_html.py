"""Read a saved web page into a RawDocument: the article, not the page.

trafilatura (Apache-2.0), a library made for main-content extraction, keeps
the article and drops navigation, headers, footers, asides, scripts and
"read also" blocks. What the page says about itself comes from its head:
the source link from ``og:url`` and the canonical link, the title from
``og:title`` or ``<title>``.

The bytes are decoded before trafilatura sees them: a byte order mark, then
valid UTF-8 (whatever the page declares: UTF-8 mislabelled as Latin-1 is
common), then the charset the page declares (``<meta charset>``,
``http-equiv`` or the XML declaration; windows-1256 for older Arabic
sites), then the plain-text guesses of ``summaries.decode``.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from summaries.decode import checked, decode_text, refuse_known_binary, try_decode
from summaries.errors import EmptyFile
from summaries.model import RawDocument

logger = logging.getLogger(__name__)

# A page declares its charset in its first bytes (HTML: within 1024 bytes).
_DECLARATION_WINDOW = 2048
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARED = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The site's name after a <title>'s headline: "Headline | Site", "Headline - Site".
# Headlines use dashes themselves («الحوار الأمريكي – العراقي»), so only a
# short last part goes.
_SITE_SUFFIX = re.compile(r"^(?P<headline>.+)\s+(?:[|–—-]|::)\s+(?P<site>[^|–—]+)$")
_MAX_SITE_WORDS = 4


def read_html(path: Path, data: bytes) -> RawDocument:
    """Return the article of a web page as a RawDocument, with the page's title and links."""
    html, encoding = _decode(data)
    # Imported here: only HTML files need trafilatura (and it takes most of a second).
    import trafilatura
    from lxml import html as lxml_html

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if not text or not text.strip():
        raise EmptyFile(
            "no article text was found in the page (it may be only navigation, a form or "
            "a page built by scripts); save the article's text as a .txt file"
        )
    try:
        tree = lxml_html.document_fromstring(html)
    except Exception:  # lxml fails on some fragments; the head is then simply unknown
        tree = None
    title, urls = (_title(tree), _urls(tree)) if tree is not None else (None, ())
    logger.debug("read %s as %s: %d characters of article", path.name, encoding, len(text))
    return RawDocument(
        name=path.name,
        text=text,
        encoding=encoding,
        format=path.suffix.lower().lstrip("."),
        title=title,
        urls=urls,
    )


def _decode(data: bytes) -> tuple[str, str]:
    """Return (markup, encoding) of the page's bytes (see the module docstring for the order)."""
    refuse_known_binary(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = try_decode(data, encoding)
            if text is not None:
                return checked(text, encoding)
    text = try_decode(data, "utf-8")
    if text is not None:
        return checked(text, "utf-8")
    declared = _declared(data[:_DECLARATION_WINDOW])
    if declared is not None:
        text = try_decode(data, declared)
        if text is not None:
            return checked(text, declared)
    return decode_text(data)


def _declared(head: bytes) -> str | None:
    """Return the Python codec of the charset the page declares, if it names a known one."""
    match = _DECLARED.search(head) or _XML_DECLARED.search(head)
    if match is None:
        return None
    try:
        return codecs.lookup(match[1].decode("ascii")).name
    except LookupError:
        return None


def _title(tree) -> str | None:
    """Return og:title, else <title> without the site's name, else the first <h1>."""
    og = _meta(tree, "og:title")
    if og:
        return og
    titles = tree.xpath("//head/title/text()") or tree.xpath("//title/text()")
    if titles and titles[0].strip():
        title = " ".join(titles[0].split())
        match = _SITE_SUFFIX.match(title)
        if match and len(match["site"].split()) <= _MAX_SITE_WORDS:
            return match["headline"]
        return title
    headings = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    return next((h for h in headings if h), None)


def _urls(tree) -> tuple[str, ...]:
    """Return the page's own links: og:url, then the canonical link (absolute, no repeats)."""
    og = _meta(tree, "og:url")
    canonical = next(
        (
            link.get("href", "").strip()
            for link in tree.xpath("//link[@href]")
            if "canonical" in link.get("rel", "").lower().split()
        ),
        "",
    )
    base = og if og and urlsplit(og).scheme in ("http", "https") else ""
    urls: list[str] = []
    for url in (og, urljoin(base, canonical) if canonical else ""):
        if url and urlsplit(url).scheme in ("http", "https") and url not in urls:
            urls.append(url)
    return tuple(urls)


def _meta(tree, name: str) -> str | None:
    for element in tree.xpath("//meta[@property or @name]"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key == name:
            value = " ".join((element.get("content") or "").split())
            if value:
                return value
    return None
