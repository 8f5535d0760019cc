"""The hub's own database: registered clients and the audit log."""

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData()

clients = Table(
    "clients",
    metadata,
    Column("client_id", String(64), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("secret_hash", String(200), nullable=False),
    Column("scopes", Text, nullable=False),
    Column("regions", Text, nullable=False),
    Column("purpose", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
    # Overrides of the default limits and switches; NULL keeps the default.
    Column("max_depth", Integer),
    Column("max_cost", Integer),
    Column("requests_per_minute", Integer),
    Column("introspection", Boolean),
    Column("trusted_documents_only", Boolean),
)

# Persisted operations, addressed by the SHA-256 of their text. Those an operator added
# are trusted; those registered by clients through APQ are only a cache of their text.
trusted_documents = Table(
    "trusted_documents",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("document", Text, nullable=False),
    Column("trusted", Boolean, nullable=False, server_default="0"),
    Column("name", String(200)),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("added_by", String(64), nullable=False),
)

# One row per subject per request; each row carries the hash of the row before it.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    # UTC, fixed width ISO 8601 with a Z, so that text order is time order on every engine.
    Column("at", String(27), nullable=False, index=True),
    Column("client_id", String(64), nullable=False, index=True),
    Column("purpose", String(200)),
    Column("request_id", String(64), nullable=False),
    Column("agency", String(32), nullable=False),
    Column("subject_kind", String(16), nullable=False),
    Column("subject", String(32), nullable=False, index=True),
    Column("fields", Text, nullable=False),
    # "read" for personal data seen; a mutation's name for a change.
    Column("action", String(64), nullable=False, server_default="read"),
    Column("idempotency_key", String(128)),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# The head of the chain: one row, locked by each writer so appends are serialised.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_hash", String(64), nullable=False),
    Column("appended", Integer, nullable=False),
)
