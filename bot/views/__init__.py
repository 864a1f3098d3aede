"""Pure views: stored model objects in, ready-to-send Telegram HTML out.

Every view returns a list of message texts (``render.split_message`` parts,
each well under Telegram's limits), except the paged views (``*_page``),
which return the one text of a page so a page button can edit it in place.
Every value that comes from a document is escaped, and every Arabic line
gets its direction marks (``render.rtl``) before escaping. Arabic text never
shares a message with English except a name's Arabic form, in parentheses
after its English form. Without a translation model the English side is
built only from what exists in English: ``title_en``, the Latin-script name
of the publisher, the names and authors in English (gazetteer, romanizer),
figure labels with normalised values, topic names and links; the Arabic
sentences of a topic or search follow in a message headed as the original.
Inline mode (issue 11) has its own module, ``bot.views.inline``: stored
cards in, ``InlineQueryResultArticle``s out.
"""

from bot.views.documents import (
    DOCS_PER_PAGE,
    FIGURE_DOCS_PER_PAGE,
    SOURCES_PER_PAGE,
    briefing,
    document_buttons,
    document_figures,
    document_page,
    document_sources,
    figures_page,
    sources_page,
    topic_figures,
)
from bot.views.general import (
    about,
    choose_language,
    help_text,
    language_set,
    start,
    topic_buttons,
    topic_list,
    unknown_command,
    usage,
)
from bot.views.passages import search_results, topic_digest
from bot.views.pieces import page_window

__all__ = [
    "DOCS_PER_PAGE",
    "FIGURE_DOCS_PER_PAGE",
    "SOURCES_PER_PAGE",
    "about",
    "briefing",
    "choose_language",
    "document_buttons",
    "document_figures",
    "document_page",
    "document_sources",
    "figures_page",
    "help_text",
    "language_set",
    "page_window",
    "search_results",
    "sources_page",
    "start",
    "topic_buttons",
    "topic_digest",
    "topic_figures",
    "topic_list",
    "unknown_command",
    "usage",
]
