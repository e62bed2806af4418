"""The store: schema and every query. Nothing outside this package touches the database engine.

SQLite by default, PostgreSQL (or any SQLAlchemy URL) on request.
"""

from raadsbrieven.store.database import DEFAULT_URL, ENV_VAR, Store, StoredDocument, resolve_url

__all__ = ["DEFAULT_URL", "ENV_VAR", "Store", "StoredDocument", "resolve_url"]
