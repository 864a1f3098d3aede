"""Mujaz summaries: Arabic documents in, briefings out (no Telegram here)."""

__version__ = "0.1.0"
