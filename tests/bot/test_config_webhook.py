"""Webhook settings: MUJAZ_WEBHOOK_URL, _SECRET and _LISTEN, checked once at start-up."""

import logging

import pytest

from bot.config import DEFAULT_WEBHOOK_LISTEN, Settings, Webhook
from summaries import ConfigError

SECRET = "Hook_secret-0123456789"
URL = "https://bot.example.org/mujaz/telegram"


def webhook(**env: str) -> Webhook | None:
    return Settings.from_env(env).webhook


def test_settings_poll_when_no_webhook_url_is_set():
    assert webhook() is None
    assert webhook(MUJAZ_WEBHOOK_URL="  ") is None


def test_settings_read_webhook_url_secret_and_default_listen_address():
    hook = webhook(MUJAZ_WEBHOOK_URL=URL, MUJAZ_WEBHOOK_SECRET=SECRET)

    assert hook == Webhook(URL, SECRET, "127.0.0.1", 8443)
    assert DEFAULT_WEBHOOK_LISTEN == "127.0.0.1:8443"
    assert hook.path == "mujaz/telegram"
    assert SECRET not in repr(hook) and SECRET not in repr(Settings.from_env({}))


@pytest.mark.parametrize(
    ("listen", "host", "port"),
    [("0.0.0.0:8080", "0.0.0.0", 8080), ("[::1]:443", "::1", 443), ("mujaz:80", "mujaz", 80)],
)
def test_settings_read_the_listen_address_as_host_and_port(listen, host, port):
    hook = webhook(MUJAZ_WEBHOOK_URL=URL, MUJAZ_WEBHOOK_SECRET=SECRET, MUJAZ_WEBHOOK_LISTEN=listen)

    assert (hook.host, hook.port) == (host, port)


def test_settings_serve_the_root_path_when_the_url_has_none():
    assert (
        webhook(MUJAZ_WEBHOOK_URL="https://hook.example.org", MUJAZ_WEBHOOK_SECRET="s").path == ""
    )


@pytest.mark.parametrize("secret", ["", "has space", "semi;colon", "x" * 257, "عربي"])
def test_settings_refuse_a_webhook_url_without_a_usable_secret_and_never_echo_it(secret):
    with pytest.raises(ConfigError, match="^MUJAZ_WEBHOOK_SECRET ") as error:
        webhook(MUJAZ_WEBHOOK_URL=URL, MUJAZ_WEBHOOK_SECRET=secret)

    message = str(error.value)
    assert "\n" not in message and "A-Z, a-z, 0-9, _ and -" in message
    assert not secret.strip() or secret not in message


@pytest.mark.parametrize(
    "url", ["bot.example.org/hook", "ftp://bot.example.org/", "https://", "https://x.org/?a=1"]
)
def test_settings_refuse_a_webhook_url_that_is_not_an_http_url(url):
    with pytest.raises(ConfigError, match="^MUJAZ_WEBHOOK_URL must be the public https:// URL"):
        webhook(MUJAZ_WEBHOOK_URL=url, MUJAZ_WEBHOOK_SECRET=SECRET)


@pytest.mark.parametrize("listen", ["8443", "127.0.0.1", "127.0.0.1:0", "host:70000", ":8443"])
def test_settings_refuse_a_listen_address_that_is_not_host_and_port(listen):
    with pytest.raises(ConfigError, match="^MUJAZ_WEBHOOK_LISTEN must be host:port"):
        webhook(MUJAZ_WEBHOOK_URL=URL, MUJAZ_WEBHOOK_SECRET=SECRET, MUJAZ_WEBHOOK_LISTEN=listen)


@pytest.mark.parametrize("name", ["MUJAZ_WEBHOOK_SECRET", "MUJAZ_WEBHOOK_LISTEN"])
def test_settings_refuse_webhook_details_without_the_url(name):
    with pytest.raises(ConfigError, match=f"^{name} is set but MUJAZ_WEBHOOK_URL is not"):
        webhook(**{name: "127.0.0.1:8443"})


def test_log_lines_mask_the_webhook_secret_as_they_mask_the_token():
    from bot.cli import _Masking

    formatter = _Masking("%(message)s", "123:TOKEN", SECRET)
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "t=%s s=%s", ("123:TOKEN", SECRET), None
    )

    assert formatter.format(record) == "t=<token> s=<token>"
