"""Triage in the runtime: the duplicate check (bot/triage/duplicates.py).

Its queries, with the ticket flags, citizen flags, consents and links, are in
bot/store/triage.py; the officers' view of triage is in bot/officers/cards.py. The
classifier itself is pure and lives in flows/triage.py (the flows use it too)."""
