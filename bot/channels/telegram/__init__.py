"""Telegram through python-telegram-bot: parsing updates, polling, webhook, sending."""
