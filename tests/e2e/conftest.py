"""End-to-end fixtures: the real seeds plus one HTML-hostile document, ingested once.

The store is built once per module (ingest is the slow part); every test
builds its own Application against the session's fake Bot API and uses its
own chat id, so language choices and flood control never leak between tests.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.store import BotStore
from summaries import Pipeline, ingest
from summaries import Settings as LibrarySettings
from tests.conftest import ENGINES, SEEDS
from tests.fake_bot_api import FakeBotApi, polling

# An Arabic report whose text holds what breaks naive HTML: tags that Telegram
# knows (<b>, </b>), one it refuses (<script>), bare and escaped ampersands,
# and "<" ">" as comparison signs. Its long paragraphs all speak of electricity
# and of the ministry, so "/search الوزارة" returns ten sentences from five
# documents, several of them the report's long ones: an answer that must split.
# (bm25 ranks short sentences first: "/search الكهرباء" now fits one message.)
HOSTILE_NAME = "hostile_report.txt"
HOSTILE = Path(__file__).parent / "data" / HOSTILE_NAME


@dataclass(frozen=True, slots=True)
class Served:
    """A store ingested from seeds/ plus the hostile document, and how it was built."""

    store: BotStore
    pipeline: Pipeline
    seeds_dir: Path
    db_path: Path | str  # a SQLite file or a PostgreSQL URL
    hostile_id: int


@pytest.fixture(scope="module", params=ENGINES)
def served(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real seeds and the hostile report, ingested once for the module, on each engine."""
    root = tmp_path_factory.mktemp("served")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    shutil.copyfile(HOSTILE, seeds / HOSTILE_NAME)
    pipeline = Pipeline.build()
    if request.param == "sqlite":
        db_path: Path | str = root / "mujaz.sqlite3"
    else:
        cluster = request.getfixturevalue("postgres")
        db_path = cluster.create_database(template=request.getfixturevalue("postgres_template"))
    with BotStore.open(db_path) as store:
        results = ingest(seeds, store, pipeline)
        hostile = next(r for r in results if r.name == HOSTILE_NAME)
        yield Served(store, pipeline, seeds, db_path, hostile.doc_id)


def settings_for(api: FakeBotApi, served: Served) -> Settings:
    """Return bot settings pointing at the fake Bot API and the served store."""
    library = LibrarySettings(seeds_dir=served.seeds_dir, db_path=served.db_path)
    return Settings(token=api.token, api_root=api.root, library=library)


@pytest.fixture
async def bot(bot_api: FakeBotApi, served: Served) -> AsyncIterator[object]:
    """The real Application, polling the fake Bot API, command menus set as at start-up."""
    app = build_application(settings_for(bot_api, served), served.store, pipeline=served.pipeline)
    async with polling(app):
        await app.post_init(app)
        yield app
