"""Everything Dumas keeps, behind explicit SQL: the database, migrations and queries.

`database` opens SQLite (the default) and runs transactions, `postgres` gives PostgreSQL
the same interface (`open_store` picks one from DUMAS_DATABASE_URL); the other modules
hold the queries for one table each, written once for both. No SQL lives outside this
package.
"""

from bot.store.database import Database, StoreFullError, iso, parse_iso, utcnow

__all__ = ["Database", "StoreFullError", "iso", "parse_iso", "utcnow"]
