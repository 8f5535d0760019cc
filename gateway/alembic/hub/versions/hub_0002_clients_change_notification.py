"""Clients announce their changes (PostgreSQL only)

Every insert, update or delete of a client row, by the CLI or by hand, notifies the channel
``simpul_clients`` with the client's id; a truncate notifies it with an empty payload. Hub
processes listening on it forget what they remembered of that client (``auth.client_cache``).
SQLite has no notifications; a hub on SQLite reads the client on every request instead.
"""

from alembic import op

revision = "hub_0002"
down_revision = "hub_0001"
branch_labels = None
depends_on = None

CHANNEL = "simpul_clients"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION simpul_client_changed() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                PERFORM pg_notify('{CHANNEL}', '');
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM pg_notify('{CHANNEL}', OLD.client_id);
            ELSE
                PERFORM pg_notify('{CHANNEL}', NEW.client_id);
                IF TG_OP = 'UPDATE' AND OLD.client_id <> NEW.client_id THEN
                    PERFORM pg_notify('{CHANNEL}', OLD.client_id);
                END IF;
            END IF;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER clients_changed AFTER INSERT OR UPDATE OR DELETE ON clients "
        "FOR EACH ROW EXECUTE FUNCTION simpul_client_changed()"
    )
    op.execute(
        "CREATE TRIGGER clients_truncated AFTER TRUNCATE ON clients "
        "FOR EACH STATEMENT EXECUTE FUNCTION simpul_client_changed()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER clients_truncated ON clients")
    op.execute("DROP TRIGGER clients_changed ON clients")
    op.execute("DROP FUNCTION simpul_client_changed()")
