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
COMMANDS += ("subscribe", "unsubscribe", "settings")
COMMANDS += ("timeline",)  # issue 12

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
        "لا توجد وثائق بعد: أضف ملفات إلى مجلد seeds وستظهر هنا خلال ثوانٍ.",
        "No documents yet: add files to the seeds folder and they appear here within seconds.",
    ),
    "start.commands": ("الأوامر الرئيسية:", "Main commands:"),
    "start.subscribe": (
        "للموجز اليومي في الوقت الذي تختاره: /subscribe (مثل /subscribe 07:30 Asia/Baghdad)؛ "
        "ويعرض /digest أحدث الموجزات و/help كل الأوامر.",
        "For a daily briefing at the time you choose: /subscribe (such as /subscribe 07:30 "
        "Europe/London); /digest shows the latest briefings and /help every command.",
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
        "/figures — أبرز الأرقام في كل الوثائق ومصادرها؛ /figures 3 — أرقام الوثيقة 3؛ "
        "/figures الأمن — أرقام موضوع",
        "/figures — key figures across the documents, with their sources; "
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
    "doc.no_digest": ("لا يوجد موجز لهذه الوثيقة.", "There is no digest for this document."),
    "doc.figures": ("أرقام رئيسية", "Key figures"),
    "doc.more_figures": ("و{count} أرقام أخرى: /figures {id}", "{count} more: /figures {id}"),
    "doc.topics": ("المواضيع: {topics}", "Topics: {topics}"),
    "doc.source": ("المصدر: {source}", "Source: {source}"),
    "doc.no_link": ("لا يوجد رابط معروف لهذه الوثيقة", "no known link for this document"),
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
    # -- /figures -------------------------------------------------------------
    "figures.title": ("الأرقام الرئيسية", "Key figures"),
    "figures.topic_title": ("أرقام موضوع: {name}", "Figures on: {name}"),
    "figures.topic_note": (
        "من الجمل عن الموضوع في أكثر الوثائق صلة به ({count})",
        "From the sentences on it in the documents most about it ({count})",
    ),
    "figures.none": ("لا توجد أرقام رئيسية.", "No key figures."),
    "figures.more": ("و{count} أرقام أخرى: /figures {id}", "{count} more: /figures {id}"),
    # -- /figures: corpus key facts (issue 12) ---------------------------------
    "facts.title": ("أبرز الأرقام في الوثائق", "Key figures across the documents"),
    "facts.note": (
        "من {count} وثيقة، مع عدد المصادر التي تذكر كل رقم",
        "From {count} document(s), with how many sources state each",
    ),
    "facts.none": ("لا توجد أرقام رئيسية في الوثائق بعد.", "No key figures in the documents yet."),
    "facts.disputed": ("⚠️ تختلف المصادر", "⚠️ sources disagree"),
    "facts.rival": ("مصادر أخرى: {value}", "other sources: {value}"),
    "facts.hint": (
        "اضغط رقم السطر لترى مصادره، أو /figures 3 لأرقام وثيقة، أو /figures الأمن لأرقام موضوع.",
        "Press a line's number for its sources; /figures 3 for one document, "
        "/figures security for a topic.",
    ),
    "facts.all": ("كل الأرقام حسب الوثيقة", "All figures by document"),
    "facts.stated_by": ("تذكره {sources}:", "Stated by {sources}:"),
    "facts.rivals_head": (
        "⚠️ مصادر أخرى تذكر قيمة مختلفة للشيء نفسه في الوقت نفسه:",
        "⚠️ Other sources give another value for the same thing at the same time:",
    ),
    "facts.more": ("و{count} مصادر أخرى تذكره.", "{count} more sources state it."),
    "facts.single": (
        "مصدر واحد فقط يذكر هذا الرقم.",
        "Only one source states this figure.",
    ),
    "facts.gone": (
        "تغيّر هذا الرقم منذ عرضه (أضيفت وثيقة أو سُحبت). أرسل /figures من جديد.",
        "This figure changed since it was shown (a document was added or withdrawn). "
        "Send /figures again.",
    ),
    # -- /timeline (issue 12) -------------------------------------------------
    "menu.timeline": ("الأحداث المؤرخة عبر الوثائق", "Dated events across the documents"),
    "help.timeline": (
        "/timeline — الخط الزمني للأحداث؛ /timeline الانتخابات — أحداث موضوع أو كلمات",
        "/timeline — the dated events; /timeline elections — on a topic or words",
    ),
    "timeline.title": ("الخط الزمني", "Timeline"),
    "timeline.topic_title": ("الخط الزمني: {name}", "Timeline: {name}"),
    "timeline.words_title": ("الخط الزمني: «{words}»", "Timeline: “{words}”"),
    "timeline.none": (
        "لا أحداث مؤرخة بعد في الوثائق.",
        "No dated events in the documents yet.",
    ),
    "timeline.no_match": (
        "لا أحداث مؤرخة عن «{words}». جرّب /timeline وحده.",
        "No dated events on “{words}”. Try /timeline alone.",
    ),
    "timeline.disputed": ("⚠ تاريخ مختلف: {dates}", "⚠ dates differ: {dates}"),
    "timeline.more_sources": ("و{count} مصادر أخرى", "{count} more"),
    "timeline.more": (
        "و{count} أحداث أخرى؛ ضيّق البحث بكلمات: /timeline الكاظمي",
        "{count} more events; narrow it with words: /timeline Kadhimi",
    ),
    "timeline.arabic_only": ("(بالعربية فقط: /lang ar)", "(in Arabic only: /lang ar)"),
    "push.timeline": ("جديد على الخط الزمني", "New on the timeline"),
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
    # Where a title came from, when Mujaz made it (summaries TitleOrigin values).
    "sources.title_origin.heading": (
        "العنوان مأخوذ من عنوان فرعي في النص (لا عنوان للوثيقة)",
        "Title taken from a section heading (the document has none)",
    ),
    "sources.title_origin.lead": (
        "العنوان مستخلص من الجملة الأولى (لا عنوان للوثيقة)",
        "Title derived from the lead sentence (the document has none)",
    ),
    "sources.title_origin.translated": (
        "",
        "Title machine-translated from the Arabic",
    ),
    "sources.title_origin.described": (
        "",
        "Title describes the document: no English title is known",
    ),
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
    "apology.store": (  # the database is down or unreachable (issue 13)
        "عذراً، قاعدة بيانات موجز غير متاحة الآن. لم يضِع شيء مما حُفظ؛ حاول مرة أخرى بعد دقائق.",
        "Sorry, Mujaz's database cannot be reached right now. Nothing stored has been lost; "
        "please try again in a few minutes.",
    ),
    # -- daily push: subscriptions (issue 4) -----------------------------------
    "menu.subscribe": ("الاشتراك في الموجز اليومي", "Subscribe to the daily briefing"),
    "menu.unsubscribe": ("إيقاف الموجز اليومي", "Stop the daily briefing"),
    "menu.settings": ("موعد الموجز اليومي ولغته ومواضيعه", "Daily briefing time, language, topics"),
    "help.subscribe": (
        "/subscribe 07:30 Asia/Baghdad — موجز يومي في الوقت والمنطقة الزمنية التي تختارها",
        "/subscribe 07:30 Europe/London — a daily briefing at your time, in your time zone",
    ),
    "help.unsubscribe": ("/unsubscribe — إيقاف الموجز اليومي", "/unsubscribe — stop it"),
    "help.settings": (
        "/settings — الوقت والمنطقة الزمنية واللغة والمواضيع",
        "/settings — time, time zone, language, topics",
    ),
    "when.today": ("اليوم الساعة {clock} بتوقيت {place}", "today at {clock} {place} time"),
    "when.tomorrow": ("غداً الساعة {clock} بتوقيت {place}", "tomorrow at {clock} {place} time"),
    "when.later": (
        "يوم {date} الساعة {clock} بتوقيت {place}",
        "on {date} at {clock} {place} time",
    ),
    "sub.done": (
        "اشتركت في الموجز اليومي. يصل الموجز القادم {when} ({zone}).",
        "You are subscribed to the daily briefing. The next one arrives {when} ({zone}).",
    ),
    "sub.updated": (
        "عُدّل الاشتراك. يصل الموجز القادم {when} ({zone}).",
        "Subscription updated. The next briefing arrives {when} ({zone}).",
    ),
    "sub.back": (
        "عاد الاشتراك بكل إعداداته. يصل الموجز القادم {when} ({zone}).",
        "Welcome back: the subscription is active again with all its settings. "
        "The next briefing arrives {when} ({zone}).",
    ),
    "sub.hint": (
        "غيّر الوقت والمنطقة الزمنية واللغة والمواضيع من /settings، وأوقف الموجز بـ /unsubscribe.",
        "Change time, time zone, language and topics with /settings; stop with /unsubscribe.",
    ),
    "usage.subscribe": (
        "لم أفهم «{arg}». اكتب الوقت بصيغة HH:MM والمنطقة الزمنية باسمها الدولي، مثل: "
        "/subscribe 07:30 Asia/Baghdad أو /subscribe 20:00 Europe/London أو /subscribe 08:00",
        "I could not read “{arg}”. Give the time as HH:MM and the time zone by its IANA name, "
        "such as: /subscribe 07:30 Asia/Baghdad, /subscribe 20:00 Europe/London "
        "or /subscribe 08:00",
    ),
    "unsub.done": (
        "أُلغي الاشتراك في الموجز اليومي. إعداداتك محفوظة، وتعود بها مع: /subscribe",
        "You are unsubscribed from the daily briefing. Your settings are kept; "
        "/subscribe brings it back with them.",
    ),
    "unsub.none": (
        "لا يوجد اشتراك فعّال لإلغائه. للاشتراك: /subscribe",
        "There is no active subscription to cancel. To subscribe: /subscribe",
    ),
    "sub.admins_only": (
        "في المجموعات يغيّر الاشتراك وإعداداته مشرفو المجموعة فقط.",
        "In groups, only the group's administrators change its subscription and settings.",
    ),
    "settings.title": ("إعدادات الموجز اليومي", "Daily briefing settings"),
    "settings.none": (
        "لا يوجد اشتراك بعد. أرسل /subscribe أو /subscribe 07:30 Asia/Baghdad",
        "No subscription yet. Send /subscribe or /subscribe 07:30 Europe/London",
    ),
    "settings.time": ("الوقت: {value}", "Time: {value}"),
    "settings.zone": ("المنطقة الزمنية: {value}", "Time zone: {value}"),
    "settings.lang": ("لغة الموجز: {value}", "Briefing language: {value}"),
    "settings.topics": ("المواضيع: {value}", "Topics: {value}"),
    "settings.all_topics": ("كل المواضيع", "all topics"),
    "settings.skip": ("أيام بلا جديد: {value}", "Days with nothing new: {value}"),
    "settings.skip_on": ("لا يُرسل شيء", "nothing is sent"),
    "settings.skip_off": ("ملاحظة قصيرة بالأرقام الرئيسية", "a short note with the key figures"),
    "settings.silent": ("الإشعار: {value}", "Notification: {value}"),
    "settings.silent_on": ("صامت", "silent"),
    "settings.silent_off": ("بصوت", "with sound"),
    "settings.next": ("الموجز القادم: {when}", "Next briefing: {when}"),
    "settings.paused": (
        "الاشتراك متوقف ({reason}). أرسل /subscribe لاستئنافه بالإعدادات نفسها.",
        "The subscription is paused ({reason}). Send /subscribe to resume it as it was.",
    ),
    "settings.pick_time": (
        "اختر ساعة الموجز بتوقيت {place}، أو أرسل /subscribe HH:MM لدقائق أخرى:",
        "Pick the hour of the briefing, {place} time, or send /subscribe HH:MM for other minutes:",
    ),
    "settings.pick_zone": (
        "اختر المنطقة الزمنية، أو أرسل /subscribe 08:00 Area/City لغيرها:",
        "Pick the time zone, or send /subscribe 08:00 Area/City for another one:",
    ),
    "settings.pick_topics": (
        "اختر مواضيع الموجز (✓ مختار)؛ بلا اختيار تصل كل المواضيع:",
        "Pick the briefing's topics (✓ chosen); with none chosen, all topics come:",
    ),
    "settings.saved": ("حُفظ", "Saved"),
    "button.time": ("الوقت", "Time"),
    "button.zone": ("المنطقة الزمنية", "Time zone"),
    "button.topics": ("المواضيع", "Topics"),
    "button.skip_on": ("أيام بلا جديد: تخطَّ", "Days with nothing new: skip"),
    "button.skip_off": ("أيام بلا جديد: ملاحظة", "Days with nothing new: note"),
    "button.silent_on": ("الإشعار: صامت", "Notification: silent"),
    "button.silent_off": ("الإشعار: بصوت", "Notification: sound"),
    "button.all_topics": ("كل المواضيع", "All topics"),
    "button.back": ("رجوع", "Back"),
    "push.title": ("موجزك اليومي — {date}", "Your daily briefing — {date}"),
    "push.new": (
        "وثائق جديدة منذ موجزك السابق: {count}",
        "New since your last briefing: {count}",
    ),
    "push.top_figure": ("الرقم الأبرز: {figure}", "Top figure: {figure}"),
    "push.more": ("و{count} وثائق جديدة أخرى: /digest", "{count} more new document(s): /digest"),
    "push.topics": ("أبرز مواضيع اليوم", "The day's main topics"),
    "push.nothing": ("لا جديد منذ موجزك السابق.", "Nothing new since your last briefing."),
    "push.standing": ("أرقام رئيسية قائمة", "Standing key figures"),
    "push.no_english": (
        "الموجزات الإنجليزية تحتاج نموذج الترجمة، وهو غير مثبّت؛ يثبّته المشرف بالأمر: "
        "mujaz models install FILE",
        "The full English digests need the translation model, which is not installed here; "
        "an admin installs it with: mujaz models install FILE (an Argos Translate ar→en "
        ".argosmodel package). Until then titles, figures, names, topics and links are shown; "
        "/settings switches the briefing to Arabic.",
    ),
    "push.english_unchecked": (
        "بعض الترجمات الإنجليزية لم تجتز الفحص فلم تُعرض.",
        "Some English digests failed the translation checks (Arabic words left "
        "untranslated), so they are not shown; /settings switches the briefing to Arabic.",
    ),
    "push.topic_documents": ("في {count} من الوثائق الجديدة", "in {count} new document(s)"),
    "push.footer": (
        "الوقت والمواضيع: /settings — الإيقاف: /unsubscribe",
        "Time and topics: /settings — stop: /unsubscribe",
    ),
    "stats.title": ("إحصاءات موجز", "Mujaz statistics"),
    "stats.subscribers": (
        "المشتركون: {active} نشط، {inactive} متوقف",
        "Subscribers: {active} active, {inactive} inactive",
    ),
    "stats.documents": ("الوثائق: {count}", "Documents: {count}"),
    "stats.ingest": ("آخر تحديث للوثائق: {when}", "Last ingest: {when}"),
    "stats.push": ("آخر دفعة: {when}", "Last push: {when}"),
    "stats.push_counts": (
        "أُرسل {sent}، فشل {failed}، متوقف {inactive}، معلّق {pending}",
        "sent {sent}, failed {failed}, inactive {inactive}, pending {pending}",
    ),
    "stats.waits": (
        "انتظار 429: {count} مرة، {seconds} ثانية",
        "429s waited: {count}, {seconds} s",
    ),
    "stats.no_push": ("لم تجرِ أي دفعة بعد", "no push yet"),
    "stats.running": ("جارية", "running"),
    "stats.refused": (
        "عذراً، هذا الأمر لمشرفي موجز فقط.",
        "Sorry, this command is for Mujaz's administrators only.",
    ),
    # -- daily push: delivery (issue 4) ----------------------------------------
    # -- drop zone: admin reports, /docs, upload (issue 5) ---------------------
    "drop.title": ("تحديث مجلد seeds: {count} ملف", "seeds/ update: {count} file(s)"),
    "drop.new": ("جديدة ({count}):", "New ({count}):"),
    "drop.updated": ("محدَّثة ({count}):", "Updated ({count}):"),
    "drop.withdrawn": ("سُحبت من الردود ({count}):", "Withdrawn ({count}):"),
    "drop.rejected": ("مرفوضة ({count}):", "Rejected ({count}):"),
    "drop.duplicate": (
        "مكررة، لن تُعرض مرتين ({count}):",
        "Duplicates, not listed twice ({count}):",
    ),
    "drop.served": ("{name} — الوثيقة {id}: {title}", "{name} — document {id}: {title}"),
    "drop.because": ("{name} — {reason}", "{name} — {reason}"),
    "drop.served_because": (
        "{name} — الوثيقة {id}: {title} ({reason})",
        "{name} — document {id}: {title} ({reason})",
    ),
    "drop.hint": ("كل الملفات وحالاتها: /docs", "Every file and its status: /docs"),
    "docs.title": ("ملفات مجلد seeds ({count})", "Files in seeds/ ({count})"),
    "docs.summary": (
        "{ok} معروضة، {rejected} مرفوضة، {duplicate} مكررة، {withdrawn} مسحوبة، "
        "{superseded} مستبدلة",
        "{ok} served, {rejected} rejected, {duplicate} duplicate, {withdrawn} withdrawn, "
        "{superseded} replaced",
    ),
    "docs.line": ("{name} — {status} · {size} · {when}", "{name} — {status} · {size} · {when}"),
    "docs.reason": ("السبب: {reason}", "Reason: {reason}"),
    "docs.empty": (
        "لا ملفات بعد. ضع ملفاً في مجلد seeds أو أرسله إليّ هنا.",
        "No files yet. Drop one into seeds/, or send it to me here.",
    ),
    "status.ok": ("معروضة (الوثيقة {id})", "served (document {id})"),
    "status.rejected": ("مرفوضة", "rejected"),
    "status.withdrawn": ("مسحوبة", "withdrawn"),
    "status.duplicate": ("مكررة", "duplicate"),
    "status.superseded": ("استُبدلت بنسخة محدَّثة", "replaced by an update"),
    "admin.only": (
        "عذراً، هذا الأمر لمشرفي موجز فقط.",
        "Sorry, this command is for Mujaz's administrators only.",
    ),
    "upload.refused": (
        "شكراً لك، لكن إضافة الوثائق متاحة لمشرفي موجز فقط؛ لم يُحفظ الملف.",
        "Thank you, but only Mujaz's administrators can add documents; the file was not saved.",
    ),
    "upload.no_name": (
        "لا أستطيع استخدام اسم هذا الملف؛ أرسله باسم وامتداد مثل report.txt",
        "I can't use this file's name; send it with a name and an extension such as report.txt",
    ),
    "upload.unsupported": (
        "صيغة غير مدعومة: {suffix}. الصيغ المقبولة: {formats}",
        "Unsupported format: {suffix}. I take: {formats}",
    ),
    "upload.too_big_telegram": (
        "حجم الملف {size}، وتليجرام لا يسمح للبوتات بتنزيل أكثر من 20 MB؛ "
        "ضعه في مجلد seeds مباشرة.",
        "The file is {size}, and Telegram lets bots download at most 20 MB; "
        "put it into the seeds/ folder directly.",
    ),
    "upload.too_big": (
        "حجم الملف {size} والحد {limit} (MUJAZ_MAX_FILE_MB)؛ لم يُحفظ.",
        "The file is {size} and the limit is {limit} (MUJAZ_MAX_FILE_MB); it was not saved.",
    ),
    "upload.exists": (
        "في مجلد seeds ملف اسمه «{name}» من قبل. ماذا أفعل؟",
        "seeds/ already has a file named “{name}”. What shall I do?",
    ),
    "upload.overwrite": ("استبدال الملف", "Overwrite"),
    "upload.keep_both": ("الاحتفاظ بالاثنين", "Keep both (rename)"),
    "upload.cancel": ("إلغاء", "Cancel"),
    "upload.cancelled": ("أُلغي الأمر؛ لم يُحفظ شيء.", "Cancelled; nothing was saved."),
    "upload.saved": (
        "حُفظ في مجلد seeds باسم «{name}». جارٍ تحليله…",
        "Saved to seeds/ as “{name}”. Processing it…",
    ),
    "upload.unchanged": ("«{name}»: {status}", "“{name}”: {status}"),
    "upload.failed": (
        "تعذّر تنزيل الملف من تليجرام ({error})؛ لم يُحفظ شيء.",
        "Telegram would not give me the file ({error}); nothing was saved.",
    ),
    # -- English briefings (issue 6) -------------------------------------------
    # English-only lines: an Arabic reply never needs them.
    "en.needs_model": (
        "",
        "The full English digest needs the translation model, which is not installed here; "
        "an admin installs it with: mujaz models install FILE (an Argos Translate ar→en "
        ".argosmodel package).",
    ),
    "en.machine": ("", "Machine translation from the Arabic by {backend}."),
    "en.unchecked": (
        "",
        "{backend} translated this document, but its English digest failed the checks "
        "(Arabic words left untranslated), so it is not shown; /lang ar shows the Arabic digest.",
    ),
    "en.people": ("", "People: {names}"),
    "en.organisations": ("", "Organisations: {names}"),
    "en.places": ("", "Places: {names}"),
    "en.named": ("", "Named: {names}"),
    "en.translated": ("", "The best sentences, machine-translated from the Arabic:"),
    "en.topic_figures": ("", "Key figures on this topic:"),
    "en.matches_translated": ("", "Matching sentences, machine-translated from the Arabic:"),
    "en.arabic_original": (
        "",
        "Arabic original, not translated ({count} sentence(s)), for readers of Arabic:",
    ),
    "en.arabic_on_request": (
        "",
        "The supporting sentences exist only in Arabic: /lang ar shows them.",
    ),
    "en.arabic_follows": (
        "",
        "The sentences themselves are in Arabic only; they follow in one separate message, "
        "marked as the Arabic original.",
    ),
    "about.no_model": ("بلا نموذج ترجمة ({count})", "no translation model ({count})"),
    # -- inline mode: briefings to share (issue 11) ------------------------------
    "help.inline": (
        "في أي محادثة اكتب {bot} وكلمات لمشاركة موجز، أو اضغط «مشاركة» تحت الموجز",
        "In any chat, type {bot} and words to share a briefing, or press Share under one",
    ),
    "help.inline_off": (
        "المشاركة من أي محادثة ({bot} وكلمات) معطّلة: "
        "يفعّلها المشرف في {botfather} بالأمر /setinline",
        "Sharing from any chat ({bot} and words) is off: the admin turns it on in {botfather} "
        "with /setinline",
    ),
    "en.shared_machine": ("", "Machine translation from the Arabic."),
    "en.shared_no_digest": (
        "",
        "No English digest: this Mujaz has no translation model installed.",
    ),
    "inline.nothing": ("لا موجز يطابق بحثك: افتح موجز", "No briefing matches: open Mujaz"),
    "inline.gone": ("هذه الوثيقة لم تعد متاحة: افتح موجز", "That document is gone: open Mujaz"),
}


def text(key: str, lang: str, **fields: object) -> str:
    """Return the fixed text key in lang ("ar" or anything else: English), fields filled in."""
    arabic, english = TEXTS[key]
    chosen = arabic if lang == "ar" else english
    return chosen.format(**fields) if fields else chosen


def language_of(code: str | None) -> str:
    """Return "ar" for a Telegram language_code starting with ar, else "en"."""
    return "ar" if (code or "").lower().split("-")[0] == "ar" else "en"
