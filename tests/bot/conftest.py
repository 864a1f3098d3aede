"""The bot tests use the session's fake Bot API fixtures from tests/conftest.py."""
