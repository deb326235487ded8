"""The web channel: the browser simulator of `dumas demo` (a citizen's phone and a staff group).

Browser posts become inbox rows through `bot.ingest.ingest`, exactly like Telegram
updates; the dispatcher, the flows and the officers' handlers are the same; the web
sender "delivers" outbox rows by accepting them, and the page reads what was delivered
back from the outbox (rows of channel "web" with status "sent"), so the store keeps the
conversation across restarts and nothing about the conversation lives in this package.
"""
