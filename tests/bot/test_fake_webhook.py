"""The stand-in's webhook side answers like Telegram: set, refuse, deliver, retry, delete."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.fake_bot_api import SECRET_HEADER, FakeBotApi, polling

CHAT = 515151


async def call(api: FakeBotApi, method: str, **params) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"{api.base_url}{api.token}/{method}", json=params)


class Receiver:
    """A webhook endpoint in the test's loop: answers the given statuses in turn, then 200."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.seen: list[tuple[str | None, dict]] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._runner.cleanup()


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"url": "http://bot.example.org/hook"}, "An HTTPS URL must be provided"),
        ({"url": "https://bot.example.org:8080/hook"}, "only on ports 80, 88, 443 or 8443"),
        ({"url": "https://bot.example.org/hook", "secret_token": "no spaces"}, "unallowed"),
    ],
)
async def test_stand_in_refuses_a_webhook_telegram_would_refuse(bot_api, params, error):
    response = await call(bot_api, "setWebhook", **params)

    assert response.status_code == 400 and error in response.json()["description"]
    assert bot_api.webhook is None


async def test_stand_in_delivers_with_the_secret_and_retries_a_refused_update(bot_api):
    async with Receiver([500]) as receiver:
        assert (await call(bot_api, "setWebhook", url=receiver.url, secret_token="s3")).is_success
        bot_api.send_text(CHAT, "/help")
        delivered = await bot_api.wait_for(
            lambda: [d.status for d in bot_api.webhook_deliveries] == [500, 200] or None
        )

    assert delivered
    assert [secret for secret, _ in receiver.seen] == ["s3", "s3"]
    assert receiver.seen[0][1] == receiver.seen[1][1]  # the same update, sent again
    assert receiver.seen[0][1]["message"]["text"] == "/help"
    info = (await call(bot_api, "getWebhookInfo")).json()["result"]
    assert info["url"] == receiver.url and info["pending_update_count"] == 0
    assert "500" in info["last_error_message"]


async def test_stand_in_refuses_get_updates_while_a_webhook_is_set_and_polling_deletes_it(
    bot_api,
):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    await call(bot_api, "setWebhook", url="https://bot.example.org/hook", secret_token="s")
    refused = await call(bot_api, "getUpdates")
    app = ApplicationBuilder().token(bot_api.token).base_url(bot_api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with polling(app):  # PTB deletes the webhook before its first getUpdates
        bot_api.send_text(CHAT, "back to polling")
        [reply] = await bot_api.wait_for_messages(CHAT, 1)

    assert refused.status_code == 409 and "webhook is active" in refused.json()["description"]
    assert reply.text == "back to polling" and bot_api.webhook is None
    assert [c.method for c in bot_api.requests].count("deleteWebhook") == 1
