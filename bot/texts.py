"""Every fixed sentence the bot says, in Arabic and English, in one table.

Texts are plain (not HTML): views escape them like any other value. A text
may hold ``{name}`` fields, filled by ``text(key, lang, name=...)``.
Commands appear as Latin ``/words`` in both languages, because Telegram
command names are Latin.
"""

from __future__ import annotations

LANGUAGES = ("ar", "en")

# The commands of the menu, in menu order, with their one-line descriptions.
COMMANDS = ("start", "help", "digest", "topics", "topic", "figures", "sources", "search")
COMMANDS += ("lang", "about")

TEXTS: dict[str, tuple[str, str]] = {
    # -- command menu (setMyCommands) ----------------------------------------
    "menu.start": ("ما يقدّمه موجز", "What Mujaz covers"),
    "menu.help": ("كل الأوامر مع أمثلة", "Every command with an example"),
    "menu.digest": ("الموجزات، الأحدث أولاً", "The briefings, newest first"),
    "menu.topics": ("المواضيع وعدد وثائقها", "Topics with their document counts"),
    "menu.topic": ("موجز موضوع عبر كل الوثائق", "A topic digest across all documents"),
    "menu.figures": ("الأرقام الرئيسية ومصادرها", "Key figures with their sources"),
    "menu.sources": ("الناشر والكتّاب والتاريخ والرابط", "Publisher, authors, date and link"),
    "menu.search": ("البحث في الوثائق", "Search the documents"),
    "menu.lang": ("لغة الردود: العربية أو الإنجليزية", "Reply language: Arabic or English"),
    "menu.about": ("الإصدار وعدد الوثائق وآخر تحديث", "Version, documents, last update"),
    # -- /start ---------------------------------------------------------------
    "start.hello": (
        "أهلاً بك في موجز: ملخصات قصيرة لوثائق سياسية وإخبارية عربية، تُعدّ مسبقاً وتُقدَّم عند الطلب.",
        "Welcome to Mujaz: short briefings on Arabic policy and news documents, "
        "prepared ahead of time and served on request.",
    ),
    "start.documents": ("الوثائق المتاحة: {count}", "Documents available: {count}"),
    "start.dates": ("تواريخها المعروفة: من {first} إلى {last}", "Known dates: {first} to {last}"),
    "start.date": ("تاريخها المعروف: {first}", "Known date: {first}"),
    "start.topics": ("المواضيع: {topics}", "Topics: {topics}"),
    "start.no_documents": (
        "لا توجد وثائق بعد: أضف ملفات إلى مجلد seeds ثم أعد التشغيل.",
        "No documents yet: add files to the seeds folder and restart.",
    ),
    "start.commands": ("الأوامر الرئيسية:", "Main commands:"),
    "start.subscribe": (
        "الموجز اليومي بالاشتراك قادم قريباً؛ إلى ذلك الحين يعرض /digest أحدث الموجزات، "
        "ويعرض /help كل الأوامر.",
        "A daily digest by subscription is on its way; until then /digest shows the latest "
        "briefings and /help every command.",
    ),
    # -- /help ----------------------------------------------------------------
    "help.title": ("أوامر موجز", "Mujaz commands"),
    "help.start": ("/start — التعريف بموجز", "/start — what Mujaz covers"),
    "help.help": ("/help — هذه القائمة", "/help — this list"),
    "help.digest": (
        "/digest — قائمة الموجزات؛ /digest 2 — موجز الوثيقة 2",
        "/digest — the briefings; /digest 2 — the briefing of document 2",
    ),
    "help.topics": ("/topics — المواضيع وعدد وثائقها", "/topics — the topics and their counts"),
    "help.topic": (
        "/topic الكهرباء — موجز موضوع (رقمه أو اسمه أو كلمات حرة)",
        "/topic electricity — a topic digest (its id, name or free words)",
    ),
    "help.figures": (
        "/figures 3 — أرقام الوثيقة 3؛ /figures الأمن — أرقام موضوع",
        "/figures 3 — figures of document 3; /figures security — figures on a topic",
    ),
    "help.sources": ("/sources 1 — مصدر الوثيقة 1", "/sources 1 — where document 1 comes from"),
    "help.search": ("/search الانسحاب — البحث في الجمل", "/search withdrawal — search sentences"),
    "help.lang": ("/lang en — الردود بالإنجليزية", "/lang ar — replies in Arabic"),
    "help.about": ("/about — الإصدار وآخر تحديث", "/about — version and last update"),
    "help.plain": (
        "أي رسالة عادية تُعامل كبحث، أو كموضوع إن سمّت موضوعاً.",
        "Any plain message is a search, or a topic digest when it names a topic.",
    ),
    # -- /lang ----------------------------------------------------------------
    "lang.choose": ("اختر لغة الردود:", "Choose the reply language:"),
    "lang.set": ("ستصلك الردود بالعربية.", "Replies will be in English."),
    # -- /about ---------------------------------------------------------------
    "about.title": ("موجز {version}", "Mujaz {version}"),
    "about.documents": ("عدد الوثائق: {count}", "Documents: {count}"),
    "about.ingest": ("آخر تحديث للوثائق: {when}", "Last ingest: {when}"),
    "about.never": ("لم تُحدَّث بعد", "never"),
    "about.english": ("الإنجليزية: {backend}", "English: {backend}"),
    "about.no_backend": (
        "لا يوجد نموذج ترجمة مثبّت؛ الردود الإنجليزية تعرض العنوان والأرقام والمواضيع والمصدر",
        "no translation model installed; English replies show titles, figures, topics and sources",
    ),
    # -- /digest --------------------------------------------------------------
    "list.title": ("الموجزات، الأحدث أولاً ({count})", "Briefings, newest first ({count})"),
    "list.page": ("الصفحة {page} من {pages}", "Page {page} of {pages}"),
    "list.hint": ("اختر وثيقة أو أرسل /digest 2", "Pick a document or send /digest 2"),
    "doc.fallback_title": ("الوثيقة رقم {id}", "Document {id}"),
    "doc.no_digest": ("لا يوجد موجز لهذه الوثيقة.", "There is no digest for this document."),
    "doc.figures": ("أرقام رئيسية", "Key figures"),
    "doc.more_figures": ("و{count} أرقام أخرى: /figures {id}", "{count} more: /figures {id}"),
    "doc.topics": ("المواضيع: {topics}", "Topics: {topics}"),
    "doc.source": ("المصدر: {source}", "Source: {source}"),
    "doc.no_link": ("لا يوجد رابط معروف لهذه الوثيقة", "no known link for this document"),
    "doc.no_english": (
        "",
        "The full English digest needs the translation model, which is not installed; "
        "/lang ar shows the Arabic digest.",
    ),
    "doc.english_by": ("", "English digest by {backend}."),
    # -- /topics and /topic --------------------------------------------------
    "topics.title": ("المواضيع وعدد وثائقها", "Topics and their documents"),
    "topics.count": ("{name}: {count}", "{name}: {count}"),
    "topics.hint": ("اختر موضوعاً أو أرسل /topic الأمن", "Pick a topic or send /topic security"),
    "topic.title": ("موضوع: {name}", "Topic: {name}"),
    "topic.covered": ("في {count} من الوثائق", "Covered by {count} document(s)"),
    "topic.empty": (
        "لا توجد وثيقة عن هذا الموضوع بعد.",
        "No document covers this topic yet.",
    ),
    "topic.documents": ("الوثائق، الأقوى صلة أولاً:", "Documents, strongest first:"),
    "topic.arabic_follows": (
        "",
        "The best sentences follow in the original Arabic; an English digest needs the "
        "translation model, which is not installed.",
    ),
    "topic.arabic_title": ("أهم الجمل بالعربية: {name}", ""),
    # -- /figures -------------------------------------------------------------
    "figures.title": ("الأرقام الرئيسية", "Key figures"),
    "figures.topic_title": ("أرقام موضوع: {name}", "Figures on: {name}"),
    "figures.topic_note": (
        "من الجمل عن الموضوع في أكثر الوثائق صلة به ({count})",
        "From the sentences on it in the documents most about it ({count})",
    ),
    "figures.none": ("لا توجد أرقام رئيسية.", "No key figures."),
    "figures.more": ("و{count} أرقام أخرى: /figures {id}", "{count} more: /figures {id}"),
    # -- /sources -------------------------------------------------------------
    "sources.title": ("مصادر الوثائق", "Where the documents come from"),
    "sources.publisher": ("الناشر: {value}", "Publisher: {value}"),
    "sources.authors": ("الكتّاب: {value}", "Authors: {value}"),
    "sources.authors_ar": (
        "",
        "Authors: {count}, named in Arabic (/lang ar shows them)",
    ),
    "sources.date": ("التاريخ: {value}", "Date: {value}"),
    "sources.unknown": ("غير معروف", "unknown"),
    # -- /search --------------------------------------------------------------
    "search.title": ("نتائج البحث عن «{query}»", "Search results for “{query}”"),
    "search.count": (
        "{sentences} جملة في {documents} وثيقة",
        "{sentences} sentence(s) in {documents} document(s)",
    ),
    "search.none": (
        "لا شيء يطابق «{query}». جرّب كلمات أخرى أو /topics.",
        "Nothing matches “{query}”. Try other words or /topics.",
    ),
    "search.arabic_follows": (
        "",
        "The matching sentences follow in the original Arabic.",
    ),
    "search.arabic_title": ("الجمل المطابقة: «{query}»", ""),
    # -- errors and usage -----------------------------------------------------
    "unknown.command": (
        "لا أعرف الأمر {command}. الأوامر المتاحة:",
        "I don't know the command {command}. The commands are:",
    ),
    "usage.digest": (
        "لا توجد وثيقة «{arg}». أرسل /digest لرؤية القائمة، أو رقم وثيقة مثل: /digest 2",
        "There is no document “{arg}”. Send /digest for the list, or a number such as: /digest 2",
    ),
    "usage.topic": (
        "اكتب موضوعاً بعد الأمر، مثل: /topic الكهرباء — أو أرسل /topics لرؤية المواضيع.",
        "Name a topic after the command, such as: /topic electricity — or send /topics.",
    ),
    "usage.unknown_topic": (
        "لا يطابق «{arg}» أي موضوع. مثال: /topic الكهرباء — المواضيع:",
        "No topic matches “{arg}”. Example: /topic electricity — the topics are:",
    ),
    "usage.figures": (
        "لا توجد وثيقة أو موضوع «{arg}». أمثلة: /figures 3 أو /figures الأمن",
        "There is no document or topic “{arg}”. Examples: /figures 3 or /figures security",
    ),
    "usage.sources": (
        "لا توجد وثيقة «{arg}». أرسل /sources للكل، أو رقماً مثل: /sources 1",
        "There is no document “{arg}”. Send /sources for all, or a number such as: /sources 1",
    ),
    "usage.search": (
        "اكتب كلمات البحث بعد الأمر، مثل: /search الانسحاب",
        "Write the words to look for after the command, such as: /search withdrawal",
    ),
    "usage.lang": (
        "اختر ar أو en، مثل: /lang en — أو استخدم الأزرار.",
        "Choose ar or en, such as: /lang ar — or use the buttons.",
    ),
    "button.stale": (
        "هذا الزر لم يعد صالحاً؛ أرسل الأمر من جديد.",
        "This button is no longer valid; send the command again.",
    ),
    "apology": (
        "عذراً، حدث خطأ أثناء تحضير الرد. سُجّل الخطأ، ويمكنك المحاولة مرة أخرى.",
        "Sorry, something went wrong while preparing the answer. It has been logged; "
        "please try again.",
    ),
    # -- daily push: subscriptions (issue 4) -----------------------------------
    # -- daily push: delivery (issue 4) ----------------------------------------
    # -- drop zone: admin reports, /docs, upload (issue 5) ---------------------
    # -- English briefings (issue 6) -------------------------------------------
}


def text(key: str, lang: str, **fields: object) -> str:
    """Return the fixed text key in lang ("ar" or anything else: English), fields filled in."""
    arabic, english = TEXTS[key]
    chosen = arabic if lang == "ar" else english
    return chosen.format(**fields) if fields else chosen


def language_of(code: str | None) -> str:
    """Return "ar" for a Telegram language_code starting with ar, else "en"."""
    return "ar" if (code or "").lower().split("-")[0] == "ar" else "en"
