"""Everything Dumas keeps, behind explicit SQL: the database, migrations and queries.

`database` opens SQLite and runs transactions; the other modules hold the queries for
one table each. No SQL lives outside this package.
"""

from bot.store.database import Database, StoreFullError, iso, parse_iso, utcnow

__all__ = ["Database", "StoreFullError", "iso", "parse_iso", "utcnow"]
