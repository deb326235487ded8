"""Triage in the runtime: flags and links in the store, duplicates, the officers' view.

The classifier itself is pure and lives in flows/triage.py (the flows use it too)."""
