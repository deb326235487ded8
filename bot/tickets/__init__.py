"""Tickets: the one `Ticket` type, its statuses and allowed moves, and references.

Pure on purpose: nothing here imports SQL, a platform or the rest of bot/, so every
layer (the store, the officers' desk, the dispatcher) can share the type. The SQL that
stores tickets lives in bot/store/tickets.py.
"""
