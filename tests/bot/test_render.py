"""Rendering primitives: escaping, direction marks and splitting, on real seed text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder

from bot.render import (
    FSI,
    PDI,
    RLM,
    bold,
    bullet_list,
    escape,
    link,
    rtl,
    split_message,
    utf16_len,
    visible_text,
)
from tests.fake_bot_api import NO_RATE_LIMITS, parse_html

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHAT = 515151
HOSTILE = '<script>&amp;</b> "AT&T" \'x\' </a><a href="javascript:1">'
# seeds/003 (Trends web scrape), the paragraph after the headline, with its
# curly quotes and "(و)"; seeds/000 byline with markdown link debris.
TRENDS = (
    "ويهدف الحوار الاستراتيجي بين بغداد وواشنطن، الذي انطلق رسمياً منذ يونيو 2020، إلى "
    "تحديد طبيعة العلاقة المستقبلية بين البلدين؛ وتقديم الدعم اللوجستي (و) تبادل المعلومات.”"
)
BYLINE = (
    "بواسطة [دانا ستروول \\(ar/experts/dana-strwl/\\)](#), "
    "[بلال وهاب \\(ar/experts/blal-whab-0/\\)](#)"
)


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


class BalanceChecker(HTMLParser):
    """Collects tag problems: a part is balanced when ``problems`` stays empty."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.entities = 0

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.entities += 1

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unexpected </{tag}>")

    def check(self, part: str) -> BalanceChecker:
        self.feed(part)
        self.close()
        self.problems += [f"unclosed <{t}>" for t in self.stack]
        return self


def squeeze(text: str) -> str:
    """Text without whitespace or the RLM a split may add: what splitting must keep."""
    return re.sub(rf"[\s{RLM}]+", "", text)


def test_escape_keeps_hostile_text_literal_when_rendered():
    escaped = escape(HOSTILE)
    assert "<" not in escaped and '"' not in escaped and "'" not in escaped
    assert visible_text(escaped) == HOSTILE
    assert parse_html(f"<b>{escaped}</b>")[0] == HOSTILE.strip()


async def test_escape_sends_hostile_text_through_telegram_when_bold(bot_api):
    bot_api.register_chat(CHAT)
    app = (
        ApplicationBuilder()
        .token(bot_api.token)
        .base_url(bot_api.base_url)
        .base_file_url(bot_api.base_file_url)
        .build()
    )
    async with app:
        message = await app.bot.send_message(CHAT, bold(HOSTILE), parse_mode=ParseMode.HTML)
    assert message.text == HOSTILE.strip()
    assert [e.type for e in message.entities] == ["bold"]


def test_link_escapes_url_and_label_when_building_anchor():
    html = link('https://example.org/?a=1&b="2"', "معهد <واشنطن>")
    assert html == '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">معهد &lt;واشنطن&gt;</a>'
    _, entities = parse_html(html)
    assert entities[0]["url"] == 'https://example.org/?a=1&b="2"'


def test_link_drops_anchor_when_url_is_scrape_debris():
    assert link("(ar/experts/dana-strwl/)", "دانا ستروول") == "دانا ستروول"
    assert link("javascript:alert(1)", "x<y") == "x&lt;y"


def test_utf16_len_counts_surrogate_pairs_when_text_has_emoji():
    assert utf16_len("موجز") == 4
    assert utf16_len("\U0001f4f0 موجز") == 7
    assert utf16_len("") == 0


def test_visible_text_drops_tags_and_decodes_entities():
    assert visible_text('<b>أ &amp; ب</b> <a href="https://x.org">&lt;c&gt;</a>') == "أ & ب <c>"


def test_rtl_adds_rlm_when_arabic_line_starts_with_number():
    line = "2500 جندي أمريكي ينتشرون في العراق"
    assert rtl(line) == RLM + line


def test_rtl_adds_rlm_when_arabic_line_starts_with_latin_word():
    assert rtl("COVID-19 يضرب الاقتصاد العراقي").startswith(RLM + FSI + "COVID-19" + PDI)


def test_rtl_leaves_line_alone_when_it_starts_arabic_without_latin_runs():
    assert rtl(TRENDS) == TRENDS


def test_rtl_isolates_latin_runs_when_they_have_several_tokens():
    text = "قالت دانا ستروول Dana Stroul إن زيارة Kadhimi تأتي في 19 آب/أغسطس"
    marked = rtl(text)
    assert f"{FSI}Dana Stroul{PDI}" in marked
    assert f"{FSI}Kadhimi{PDI}" not in marked  # one word keeps its order anyway
    assert "في 19 آب" in marked  # a bare number too
    assert not marked.startswith(RLM)


def test_rtl_isolates_url_when_embedded_in_arabic():
    marked = rtl("المصدر: https://www.washingtoninstitute.org/ar/policy-analysis.")
    assert f"{FSI}https://www.washingtoninstitute.org/ar/policy-analysis{PDI}." in marked


def test_rtl_marks_each_line_when_paragraph_has_several():
    marked = rtl("الكاظمي في واشنطن\n2017 آخر زيارة\nEnglish only line")
    assert marked.split("\n") == ["الكاظمي في واشنطن", RLM + "2017 آخر زيارة", "English only line"]


def test_rtl_changes_nothing_when_applied_twice():
    text = "19 آب: Dana Stroul و Bilal Wahab في واشنطن"
    assert rtl(rtl(text)) == rtl(text)


def test_bullet_list_escapes_and_marks_items_when_arabic():
    html = bullet_list(["2500 جندي <أمريكي>", "الكاظمي & بايدن"], "ar")
    assert html.split("\n") == [RLM + "• 2500 جندي &lt;أمريكي&gt;", "• الكاظمي &amp; بايدن"]
    assert bullet_list(["a < b"], "en") == "• a &lt; b"


def test_split_message_returns_one_part_when_text_fits():
    html = f"<b>{escape(TRENDS)}</b>"
    assert split_message(html) == [html]
    assert split_message("  \n ") == []


@pytest.mark.parametrize("limit", [3500, 1000, 200])
def test_split_message_keeps_parts_valid_when_seed_is_repeated(limit):
    original = "<b>" + escape(seed_texts()[0] * 5) + "</b>"
    parts = split_message(original, limit=limit)

    assert len(parts) > 1
    for part in parts:
        checker = BalanceChecker().check(part)
        assert checker.problems == [], part[:200]
        assert utf16_len(visible_text(part)) <= limit
        assert parse_html(part)  # Telegram's parser accepts it
    assert squeeze("".join(visible_text(p) for p in parts)) == squeeze(visible_text(original))


def test_split_message_keeps_text_when_every_seed_is_split():
    for text in seed_texts():
        original = "\n\n".join(f"<b>{escape(p)}</b>" for p in text.split("\n\n") if p.strip())
        parts = split_message(original, limit=1500)
        assert all(BalanceChecker().check(p).problems == [] for p in parts)
        assert squeeze("".join(map(visible_text, parts))) == squeeze(visible_text(original))


def test_split_message_limits_entities_when_every_sentence_is_bold():
    sentences = re.split(r"(?<=[.؟])\s+", seed_texts()[0])
    original = " ".join(f"<b>{escape(s)}</b> <i>*</i>" for s in sentences)
    parts = split_message(original, limit=4000, max_entities=30)
    assert len(parts) > 1
    assert max(BalanceChecker().check(p).entities for p in parts) <= 30
    assert squeeze("".join(map(visible_text, parts))) == squeeze(visible_text(original))


def test_split_message_cuts_at_paragraphs_when_they_fit():
    paragraphs = [escape(TRENDS)] * 6
    parts = split_message("\n\n".join(paragraphs), limit=3 * len(TRENDS))
    assert len(parts) == 3
    assert all(p == "\n\n".join([escape(TRENDS)] * 2) for p in parts)


def test_split_message_cuts_at_sentence_end_when_paragraph_is_too_long():
    paragraph = max(seed_texts()[3].split("\n"), key=len)  # one line, many sentences
    parts = split_message(escape(paragraph), limit=400)
    assert len(parts) > 2
    assert all(visible_text(p).rstrip("”").endswith((".", "؟", "؛")) for p in parts[:-1])


def test_split_message_reopens_tags_when_cut_inside_them():
    html = f'<b>{escape(TRENDS)} <a href="https://www.trendsresearch.org/">{escape(TRENDS)}</a></b>'
    parts = split_message(html, limit=120)
    assert all(p.startswith(("<b>", RLM + "<b>")) and p.endswith("</b>") for p in parts)
    linked = [p for p in parts if "<a " in p]
    assert len(linked) > 1 and all("</a></b>" in p for p in linked)


def test_split_message_splits_between_letters_when_one_word_is_too_long():
    word = "ـ" * 150 + "الكاظمي"  # PDF stretching debris: one "word" longer than the limit
    parts = split_message(f"<i>{word}</i>", limit=64)
    assert all(utf16_len(visible_text(p)) <= 64 for p in parts)
    assert "".join(visible_text(p) for p in parts).replace(RLM, "") == word


def test_split_message_never_starts_part_with_diacritic_when_cutting_letters():
    word = "مُصْطَفَى" * 20
    for part in split_message(word, limit=17):
        assert not re.match(r"[\u064b-\u0652]", part.lstrip(RLM))


def test_split_message_marks_continuation_rtl_when_it_starts_with_latin():
    html = escape("وقالت الباحثة " + "ا" * 30 + " Dana Stroul " + "ب" * 30)
    parts = split_message(html, limit=50)
    latin_start = [p for p in parts[1:] if re.match("[A-Za-z]", p.lstrip(RLM))]
    assert latin_start and all(p.startswith(RLM) for p in latin_start)
    assert not parts[0].startswith(RLM)


def test_split_message_keeps_debris_literal_when_scrape_has_markdown():
    parts = split_message(escape(BYLINE * 40), limit=300)
    assert squeeze("".join(map(visible_text, parts))) == squeeze(BYLINE * 40)


@pytest.mark.parametrize("html", ["<b>غير مغلق", "نص</b>", "<b><i>x</b></i>"])
def test_split_message_raises_value_error_when_tags_are_unbalanced(html):
    with pytest.raises(ValueError, match="unbalanced"):
        split_message(html)


def test_split_message_raises_value_error_when_limit_exceeds_telegram():
    with pytest.raises(ValueError):
        split_message("x", limit=5000)


async def test_split_message_parts_are_accepted_by_telegram_when_sent(bot_api):
    bot_api.register_chat(CHAT)
    bot_api.rate_limits = NO_RATE_LIMITS
    text = "\n\n".join(rtl(p) for p in seed_texts()[4].split("\n\n") if p.strip())
    parts = split_message(f"<b>{escape(text)}</b>")
    app = (
        ApplicationBuilder()
        .token(bot_api.token)
        .base_url(bot_api.base_url)
        .base_file_url(bot_api.base_file_url)
        .build()
    )
    async with app:
        for part in parts:
            await app.bot.send_message(CHAT, part, parse_mode=ParseMode.HTML)
    sent = bot_api.messages(CHAT)
    assert len(sent) == len(parts) > 1
    assert bot_api.warnings == []
    assert squeeze("".join(m.text for m in sent)) == squeeze(text)
