"""Mujaz Telegram bot: serves the briefings the summaries package stored."""
