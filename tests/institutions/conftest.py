"""Every institutions query test runs twice: against the hub reading the agency's database,
and against the hub calling the agency's own node; the expectations are the same."""

from tests.source_modes import source_modes

source_mode, served, client, caller, database_caller = source_modes("federated_institutions")
