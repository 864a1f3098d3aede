"""Fixtures for the bot tests: one fake Bot API server for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_bot_api import FakeBotApi


@pytest.fixture(scope="session")
def fake_bot_api_server() -> Iterator[FakeBotApi]:
    """A fake Bot API listening on 127.0.0.1 for the whole test session."""
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def bot_api(fake_bot_api_server: FakeBotApi) -> FakeBotApi:
    """The session's fake Bot API, emptied and with default limits for this test."""
    fake_bot_api_server.reset()
    return fake_bot_api_server
