"""Every registry query test here runs twice: against the hub reading the registry's
database, and against the hub calling the registry's own node; the expectations are the
same."""

from tests.source_modes import source_modes

source_mode, served, client, caller, database_caller = source_modes("federated_registry")
