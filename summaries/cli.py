"""The `mujaz` command line: thin wrappers over the library, errors as one line.

Exit codes: 0 done; 1 a bad file, argument or setting; 2 the store MUJAZ_DB
names cannot be used (not a SQLite path or postgresql:// URL, login refused,
no such database, server down). `mujaz health` exits 1 when unhealthy:
Docker reserves 2 in health checks.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from db import health
from summaries import report
from summaries.config import Settings, db_path
from summaries.digest.registry import DEFAULT_DIGESTER, DIGESTERS
from summaries.errors import BadStoreTarget, MujazError, StoreError, UnknownTopic
from summaries.model import Outcome
from summaries.pipeline import Pipeline, ingest
from summaries.store import Store
from summaries.topics import resolve_topic
from summaries.translate import (
    INDEX_URL,
    NO_MODEL_HINT,
    download_package,
    install_package,
    load_translator,
    model_layout,
    model_source,
)

logger = logging.getLogger(__name__)

STORE_UNUSABLE = 2  # the exit code when the store cannot be opened or reached


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of every subcommand; the bot adds its own to it."""
    parser = argparse.ArgumentParser(
        prog="mujaz", description="Mujaz: short briefings on Arabic policy documents."
    )
    parser.add_argument(
        "--seeds", help="folder of documents (default: $MUJAZ_SEEDS_DIR or ./seeds)"
    )
    parser.add_argument("--db", help="SQLite store (default: $MUJAZ_DB or ./var/mujaz.sqlite3)")
    parser.add_argument(
        "--digester", help="digest method, see `mujaz digesters` (default: the measured best)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what every stage does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, example: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, epilog=f"example: {example}")

    command(
        "ingest", "summarise new and changed files in seeds/, one line per file", "mujaz ingest"
    )
    show = command(
        "show", "print one stored briefing, or list them without DOC", "mujaz show 2 --lang ar"
    )
    show.add_argument("doc", nargs="?", help="short id (as listed) or file name")
    show.add_argument("--lang", choices=("ar", "en"), default="ar")
    figures = command(
        "figures",
        "print the corpus key figures with their sources, then every document's; or one document's",
        "mujaz figures 3",
    )
    figures.add_argument("doc", nargs="?", help="short id or file name")
    figures.add_argument(
        "--key", type=int, default=10, metavar="N", help="corpus key figures shown (default 10)"
    )
    figures.add_argument("--lang", choices=("ar", "en"), default="ar")
    topics = command(
        "topics", "list topics, or print a topic digest across documents", "mujaz topics الكهرباء"
    )
    topics.add_argument("query", nargs="*", help="topic id, name (Arabic or English) or free words")
    timeline = command(
        "timeline",
        "print dated events across documents in date order, all or on a topic or words",
        "mujaz timeline الكاظمي --lang en",
    )
    timeline.add_argument("query", nargs="*", help="topic id, name (Arabic or English) or words")
    timeline.add_argument("--lang", choices=("ar", "en"), default="ar")
    command("digesters", "list the digest methods", "mujaz digesters")
    command(
        "health",
        "check that the store answers and is migrated: exit 0, else one line and exit 1",
        "mujaz health",
    )
    _add_models_command(command("models", MODELS_HELP, "mujaz models show"))
    command("run", "ingest seeds/ and print every briefing", "mujaz run")
    return parser


MODELS_HELP = "show, install or download the Arabic→English translation model"


def _add_models_command(models: argparse.ArgumentParser) -> None:
    actions = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")

    def action(name: str, help: str, example: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, help=help, description=help, epilog=f"example: {example}")

    action(
        "show",
        "print the translation backend in use (name:version, folder), or none and how to get one",
        "mujaz models show",
    )
    install = action(
        "install",
        "install an Argos Translate ar→en package file (.argosmodel) into the data folder",
        "mujaz models install translate-ar_en-1_0.argosmodel",
    )
    install.add_argument("file", help="the .argosmodel file")
    action(
        "download",
        "download the ar→en package from Argos Translate's package index and install it",
        "mujaz models download",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; return the exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return COMMANDS[args.command](args, _settings(args))
    except MujazError as error:
        print(f"mujaz: {error}", file=sys.stderr)
        return 1 if args.command == "health" else exit_code(error)  # Docker reserves 2


def exit_code(error: MujazError) -> int:
    """Return the exit code for error: STORE_UNUSABLE when the store cannot be used, else 1."""
    return STORE_UNUSABLE if isinstance(error, (StoreError, BadStoreTarget)) else 1


def _settings(args: argparse.Namespace) -> Settings:
    return with_overrides(Settings.from_env(), args)


def with_overrides(settings: Settings, args: argparse.Namespace) -> Settings:
    """Return settings with the command line's --seeds, --db and --digester applied."""
    overrides = {
        "seeds_dir": Path(args.seeds) if args.seeds else None,
        "db_path": db_path(args.db, "--db") if args.db else None,
        "digester": args.digester,
    }
    return replace(settings, **{k: v for k, v in overrides.items() if v})


def _pipeline(settings: Settings, *, translate: bool = False) -> Pipeline:
    """Return the settings' pipeline; with translate, the translation model is loaded (once)."""
    if translate:
        return Pipeline.from_settings(settings)
    return Pipeline.build(
        settings.digester or DEFAULT_DIGESTER, settings.taxonomy_path, settings.max_bytes
    )


def pipeline_for(settings: Settings) -> Pipeline:
    """Return the pipeline ingest uses: the settings' digester, taxonomy and translation model."""
    return _pipeline(settings, translate=True)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    return ingest_and_report(settings, pipeline_for(settings))


def ingest_and_report(settings: Settings, pipeline: Pipeline) -> int:
    """Ingest seeds/ with pipeline and print one line per file (`mujaz ingest`); return 0."""
    with Store.open(settings.db_path) as store:
        results = ingest(settings.seeds_dir, store, pipeline)
    for result in results:
        print(report.ingest_line(result))
    if not results:
        print(f"no documents in {settings.seeds_dir}")
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    pipeline = _pipeline(settings)
    with Store.open(settings.db_path) as store:
        if not args.doc:
            for document in store.documents():
                sources = store.briefing(document.id).briefing.sources
                print(report.document_line(document, sources, args.lang))
            return 0
        print(report.briefing_text(store.briefing(args.doc), pipeline.taxonomy, args.lang))
    return 0


def cmd_figures(args: argparse.Namespace, settings: Settings) -> int:
    with Store.open(settings.db_path) as store:
        documents = [store.find_document(args.doc)] if args.doc else store.documents()
        key = [] if args.doc else store.corpus_key_facts(args.key)
        items = []
        for document in documents:
            stored = store.briefing(document.id)
            items.append((document, stored.briefing.sources, stored.briefing.figures))
    if not args.doc:
        print(report.key_facts_text(key, args.lang) + "\n")
    print(report.figures_text(items, args.lang))
    return 0


def cmd_topics(args: argparse.Namespace, settings: Settings) -> int:
    pipeline = _pipeline(settings)
    with Store.open(settings.db_path) as store:
        if not args.query:
            counts = store.topic_counts()
            for topic in pipeline.taxonomy:
                count = counts.get(topic.id, 0)
                print(f"{topic.id:<12} {count:>3}  {topic.name_ar} / {topic.name_en}")
            return 0
        query = " ".join(args.query)
        topic = resolve_topic(query, pipeline.taxonomy)
        if topic is None:
            raise UnknownTopic(f"no topic matches {query!r}; `mujaz topics` lists them")
        print(
            report.passages_text(
                f"{topic.name_ar} / {topic.name_en}", store.topic_passages(topic.id)
            )
        )
    return 0


def cmd_models(args: argparse.Namespace, settings: Settings) -> int:
    if args.models_command == "install":
        installed = install_package(Path(args.file), settings.data_root)
        print(f"installed {model_layout(installed).version} in {installed}")
    elif args.models_command == "download":
        print(f"fetching the ar→en package listed in {INDEX_URL}", flush=True)
        installed = download_package(settings.data_root)
        print(f"installed {model_layout(installed).version} in {installed}")
    else:
        translator = load_translator(settings)
        if translator is None:
            print(f"none: {NO_MODEL_HINT}")
        else:
            print(f"{translator.name}:{translator.version} ({model_source(settings)})")
    return 0


def cmd_digesters(args: argparse.Namespace, settings: Settings) -> int:
    for name in sorted(DIGESTERS):
        print(f"{name}{'  (default)' if name == DEFAULT_DIGESTER else ''}")
    return 0


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    """Print whether the store answers and is migrated; 0 if so, else 1 (never 2: Docker)."""
    try:
        found = health.check(settings.db_path)
    except StoreError as error:
        print(f"mujaz: unhealthy: {error}", file=sys.stderr)
        return 1
    print(found.describe(), file=sys.stdout if found.ok else sys.stderr)
    return 0 if found.ok else 1


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest, then print every stored briefing (the bot replaces this once it exists)."""
    pipeline = pipeline_for(settings)
    with Store.open(settings.db_path) as store:
        results = ingest(settings.seeds_dir, store, pipeline)
        for result in results:
            print(report.ingest_line(result))
        for result in results:
            if (
                result.outcome in (Outcome.NEW, Outcome.UPDATED, Outcome.UNCHANGED)
                and result.doc_id
            ):
                document = store.document_by_name(result.name)
                if document and document.status.value == "ok":
                    print("\n" + "=" * 72)
                    print(
                        report.briefing_text(store.briefing(document.id), pipeline.taxonomy, "ar")
                    )
    return 0


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    """Print the timeline (issue 12): by a topic id or name, else by words."""
    query = " ".join(args.query).strip()
    taxonomy = _pipeline(settings).taxonomy if query else ()
    topic = resolve_topic(query, taxonomy) if query else None
    exact = topic is not None and query.lower() in (topic.id, topic.name_en.lower(), topic.name_ar)
    with Store.open(settings.db_path) as store:
        if exact:
            events = store.timeline(topic_id=topic.id)
        else:
            events = store.timeline(words=query or None)
            if not events and topic is not None:
                events = store.timeline(topic_id=topic.id)
    print(report.timeline_text(events, args.lang))
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "timeline": cmd_timeline,
    "show": cmd_show,
    "figures": cmd_figures,
    "topics": cmd_topics,
    "digesters": cmd_digesters,
    "health": cmd_health,
    "models": cmd_models,
    "run": cmd_run,
}
