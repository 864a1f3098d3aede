"""Keyboards carry short ids in callback_data and titles only as labels."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardMarkup
from telegram.ext import ApplicationBuilder

from bot import keyboards
from bot.keyboards import decode, encode

CHAT = 616161
# Titles as the seeds give them: seeds/000 headline, seeds/003 headline with its
# spaced dash and double dot, seeds/004 PDF extraction with tatweel.
TITLES = [
    (12, "الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق"),
    (3, "الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات"),
    (7, "الـــعـــراق   بعد\nالانسحاب"),
    (9, "   "),
]


def all_buttons(markup: InlineKeyboardMarkup):
    return [b for row in markup.inline_keyboard for b in row]


@pytest.mark.parametrize(
    ("action", "args", "data"),
    [("d", (12,), "d:12"), ("t", ("security",), "t:security"), ("p", ("digest", 2), "p:digest:2")],
)
def test_encode_joins_action_and_ids_when_they_fit(action, args, data):
    assert encode(action, *args) == data
    assert decode(data) == (action, tuple(str(a) for a in args))


def test_encode_raises_value_error_when_data_exceeds_64_bytes():
    assert len(encode("t", "أ" * 31).encode("utf-8")) == 64
    with pytest.raises(ValueError, match="64 bytes"):
        encode("t", "أمن" * 11)  # 33 Arabic letters: 66 bytes


@pytest.mark.parametrize("args", [("",), ("a:b",), ()])
def test_encode_raises_value_error_when_field_is_empty_or_has_separator(args):
    with pytest.raises(ValueError):
        encode("" if not args else "t", *args)


@pytest.mark.parametrize("data", ["", ":12", "d:", "d::3", "x" * 65])
def test_decode_raises_value_error_when_data_is_not_ours(data):
    with pytest.raises(ValueError):
        decode(data)


def test_document_list_uses_ids_as_data_and_titles_as_labels():
    markup = keyboards.document_list(TITLES)
    buttons = all_buttons(markup)
    assert [b.callback_data for b in buttons] == ["d:12", "d:3", "d:7", "d:9"]
    assert all(len(b.text) <= keyboards.LABEL_LIMIT for b in buttons)
    assert buttons[0].text.endswith("…")
    assert buttons[1].text == TITLES[1][1][:39].rstrip() + "…"
    assert buttons[2].text == "الـــعـــراق بعد الانسحاب"
    assert buttons[3].text == "#9"


def test_document_list_adds_pager_row_when_there_are_pages():
    markup = keyboards.document_list(TITLES[:2], page=2, pages=3)
    pager_row = markup.inline_keyboard[-1]
    assert [b.callback_data for b in pager_row] == ["p:docs:1", "noop", "p:docs:3"]
    assert pager_row[1].text == "2/3"
    assert len(keyboards.document_list(TITLES[:2]).inline_keyboard) == 2


def test_pager_omits_previous_when_on_first_page():
    row = keyboards.pager("digest", 1, 4, lang="en").inline_keyboard[0]
    assert [(b.text, b.callback_data) for b in row] == [("1/4", "noop"), ("Next ›", "p:digest:2")]
    assert keyboards.pager("digest", 1, 1).inline_keyboard == ()


def test_pager_raises_value_error_when_page_is_outside_pages():
    with pytest.raises(ValueError):
        keyboards.pager("digest", 5, 4)


def test_topics_show_counts_in_labels_two_per_row():
    markup = keyboards.topics(
        [("security", "الأمن والدفاع", 4), ("economy", "الاقتصاد والطاقة", 2), ("iran", "إيران", 1)]
    )
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [
        ["t:security", "t:economy"],
        ["t:iran"],
    ]
    assert markup.inline_keyboard[0][0].text == "الأمن والدفاع (4)"


def test_language_offers_arabic_and_english():
    buttons = all_buttons(keyboards.language())
    assert [(b.text, b.callback_data) for b in buttons] == [
        ("العربية", "lang:ar"),
        ("English", "lang:en"),
    ]


async def test_keyboards_are_accepted_by_telegram_when_sent(bot_api):
    bot_api.register_chat(CHAT)
    app = (
        ApplicationBuilder()
        .token(bot_api.token)
        .base_url(bot_api.base_url)
        .base_file_url(bot_api.base_file_url)
        .build()
    )
    markups = [
        keyboards.document_list(TITLES, page=1, pages=2),
        keyboards.topics([("security", "الأمن", 3)]),
        keyboards.language(),
    ]
    async with app:
        for markup in markups:
            await app.bot.send_message(CHAT, "اختر", reply_markup=markup)
    sent = bot_api.messages(CHAT)
    assert [m.buttons[0][1] for m in sent] == ["d:12", "t:security", "lang:ar"]
