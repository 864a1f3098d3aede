"""`mujaz db copy`: a whole deployment, documents to delivery log, moved into an empty store."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.cli import main as mujaz
from bot.model import ChatType, PartStatus
from bot.store import BotStore
from bot.store.copy import copied_tables, copy_store
from summaries import Pipeline, StoreError, ingest
from tests.conftest import SEEDS
from tests.summaries.test_store import briefing

INGESTED = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
DAY = date(2026, 12, 1)
GROUP, READER, GONE = -1001234567890, 987654321012, 4242
# Words with a handful of matches in the seeds, all within search()'s limit of ten (so
# the ranking of each engine cannot change which come back), and English names
# (found through the names index).
QUERIES = ("الكهرباء", "النفط", "بلينكن", "Blinken", "Stroul")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Path:
    """A SQLite store as a running bot leaves it: the seeds, users, subscribers, a push's log."""
    path = tmp_path_factory.mktemp("deployment") / "mujaz.sqlite3"
    with BotStore.open(path) as store:
        ingest(SEEDS, store, Pipeline.build(), now=lambda: INGESTED)
        store.set_user_language(READER, "en", now=INGESTED)
        for chat, kind, tz in (
            (GROUP, ChatType.SUPERGROUP, "Asia/Baghdad"),
            (READER, "private", "UTC"),
        ):
            store.subscribe(
                chat,
                chat_type=kind,
                time=time(8, 0),
                tz=tz,
                lang="ar",
                next_send=INGESTED + timedelta(days=1),
                now=INGESTED,
            )
        store.update_subscription(GROUP, topics=("security",), silent=True)
        store.subscribe(
            GONE, chat_type="private", time=time(7, 0), tz="UTC", lang="en", next_send=INGESTED
        )
        store.deactivate_subscription(GONE, "blocked by the user")
        run = store.begin_push_run(now=INGESTED)
        store.claim_part(GROUP, DAY, 0, now=INGESTED)
        store.mark_part_sent(GROUP, DAY, 0, message_id=77, now=INGESTED)
        store.claim_part(GROUP, DAY, 1, now=INGESTED)
        store.mark_part_uncertain(GROUP, DAY, 1, "timed out", now=INGESTED)
        store.count_push(run, deliveries=1, sent=1, uncertain=1, waited_seconds=1.5)
        store.end_push_run(run, now=INGESTED)
    return path


@pytest.fixture
def source(deployment, tmp_path) -> Path:
    """A private copy of the deployment's file (a copy must leave its source as it was)."""
    path = tmp_path / "source.sqlite3"
    shutil.copyfile(deployment, path)
    return path


@pytest.fixture
def target(db_target) -> Path | str:
    """Where the copy goes: a new SQLite file, or an empty migrated PostgreSQL database."""
    return db_target


def snapshot(store: BotStore) -> dict[str, object]:
    """Return what the bot shows of a store: documents, briefings, search, subscribers, log."""
    documents = store.documents(status=None)
    return {
        "documents": documents,
        "briefings": [store.briefing(d.id) for d in store.documents()],
        "search": {q: {(p.document.id, p.sentence.id) for p in store.search(q)} for q in QUERIES},
        "key_facts": store.corpus_key_facts(10),
        "subscriptions": [store.subscription(chat) for chat in (GROUP, READER, GONE)],
        "due": store.due_subscriptions(INGESTED + timedelta(days=2)),
        "log": store.delivery_log(GROUP, DAY),
        "push": store.push_stats(),
        "language": store.user_language(READER),
        "last_ingest": store.get_meta("last_ingest"),
    }


def test_db_copy_moves_documents_briefings_search_subscribers_and_log_across(source, target):
    with BotStore.open(source) as old:
        before = snapshot(old)

    copied = copy_store(source, target)

    with BotStore.open(target) as new:
        after = snapshot(new)
        assert new.count_documents() == len(before["briefings"]) == copied.indexed
    assert after == before
    assert all(before["search"].values())  # every query finds something to compare
    assert [p.status for p in after["log"]] == [PartStatus.SENT, PartStatus.UNCERTAIN]
    assert after["log"][1].in_doubt and after["log"][0].message_id == 77
    with BotStore.open(source) as old:
        assert snapshot(old) == before  # the source is only read


def test_db_copy_counts_every_row_of_every_table_it_copies(source, target):
    copied = copy_store(source, target)

    with BotStore.open(source) as old:
        names = [t.name for t in copied_tables(old)]
        counts = {
            n: old._db.execute(f'SELECT COUNT(*) AS n FROM "{n}"').fetchone()["n"] for n in names
        }
    assert [t.name for t in copied.tables] == names
    assert {t.name: t.rows for t in copied.tables} == counts
    for table in ("documents", "sentences", "figures", "doc_topics", "doc_names", "corpus_facts"):
        assert copied.rows(table) > 0, table
    assert (copied.rows("users"), copied.rows("subscriptions"), copied.rows("deliveries")) == (
        1,
        3,
        2,
    )
    assert copied.rows("push_runs") == 1 and copied.rows("meta") == 1
    # Parents before children: each document before its sentences, each fact before its statements.
    assert names.index("documents") < names.index("sentences")
    assert names.index("corpus_facts") < names.index("fact_statements")
    assert not {"alembic_version", "schema_version", "sentence_search", "name_search"} & set(names)


def test_db_copy_keeps_ids_and_new_rows_continue_after_them(source, target):
    copy_store(source, target)

    with BotStore.open(source) as old, BotStore.open(target) as new:
        assert [d.id for d in new.documents()] == [d.id for d in old.documents()]
        assert new.begin_push_run() == old.begin_push_run() == 2
        added = new.save_briefing(
            "new.txt",
            content_hash="n",
            text_hash="n",
            size=1,
            pipeline_version="t",
            briefing=briefing(title="new"),
        )
        assert added.id == max(d.id for d in old.documents(status=None)) + 1


def test_db_copy_refuses_a_target_that_holds_data_and_leaves_it_as_it_was(source, target):
    copy_store(source, target)
    with BotStore.open(target) as new:
        before = snapshot(new)

    with pytest.raises(StoreError, match="is not empty .*copy only into a new, empty database"):
        copy_store(source, target)

    with BotStore.open(target) as new:
        assert snapshot(new) == before


def test_db_copy_goes_back_from_the_copy_to_a_new_sqlite_file(source, target, tmp_path):
    copy_store(source, target)
    back = tmp_path / "back.sqlite3"

    copy_store(target, back)

    with BotStore.open(source) as old, BotStore.open(back) as new:
        assert snapshot(new) == snapshot(old)


def test_db_copy_that_fails_half_way_leaves_the_target_empty_so_it_can_run_again(
    source, target, monkeypatch
):
    def broken(self, doc_id):
        raise RuntimeError("the index broke")

    with monkeypatch.context() as patch:
        patch.setattr(BotStore, "_index_document", broken)  # after every row is in
        with pytest.raises(RuntimeError, match="the index broke"):
            copy_store(source, target)
    with BotStore.open(target) as new:
        assert new.count_documents() == 0 and new.subscription(GROUP) is None

    copied = copy_store(source, target)

    assert copied.rows("documents") == 5 and copied.indexed == 5


def test_db_copy_refuses_a_source_written_by_a_newer_mujaz_naming_the_source(source, target):
    with sqlite3.connect(source) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")

    with pytest.raises(StoreError) as refused:
        copy_store(source, target)

    message = str(refused.value)
    assert message.startswith(f"db copy: the source store {source}: ")
    assert "schema revision 9999" in message and "upgrade Mujaz" in message


def test_db_copy_command_prints_the_rows_of_each_table(source, target, capsys):
    code = mujaz(["db", "copy", str(source), str(target)])

    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("copied ") and out[-1] == "search index rebuilt for 5 served documents"
    rows = dict(line.split() for line in out[1:-1])
    assert rows["documents"] == "5" and rows["subscriptions"] == "3" and rows["deliveries"] == "2"


def test_db_copy_command_refuses_a_second_copy_in_one_line_with_exit_2(source, target, capsys):
    assert mujaz(["db", "copy", str(source), str(target)]) == 0
    capsys.readouterr()

    code = mujaz(["db", "copy", str(source), str(target)])

    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("mujaz: db copy: the target store ") and "is not empty" in err


def test_db_copy_command_names_a_missing_source_and_creates_nothing(tmp_path, capsys):
    missing, target = tmp_path / "nowhere.sqlite3", tmp_path / "new.sqlite3"

    code = mujaz(["db", "copy", str(missing), str(target)])

    err = capsys.readouterr().err
    assert code == 2
    assert err == f"mujaz: db copy: there is no store at {missing} (the source must exist)\n"
    assert not missing.exists() and not target.exists()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://mujaz:s3cr3t@127.0.0.1:1/mujaz", "postgresql://mujaz:***@127.0.0.1:1/mujaz"),
        ("mysql://mujaz:s3cr3t@localhost/mujaz", "mysql://mujaz:***@localhost/mujaz"),
    ],
)
def test_db_copy_command_names_an_unusable_target_without_its_password(source, url, shown, capsys):
    code = mujaz(["db", "copy", str(source), url])

    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(
        f"mujaz: db copy: the target {'store ' if 'postgres' in url else ''}{shown}"
    )
    assert "s3cr3t" not in err


def test_db_copy_command_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        mujaz(["db", "copy", "--help"])

    assert "example: mujaz db copy var/mujaz.sqlite3" in capsys.readouterr().out
