from alembic import context

from gateway.schema_migrations import run_environment

run_environment(context)
