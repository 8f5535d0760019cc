"""Every oversight test runs twice: against the hub reading the agencies' databases, and
against a hub every agency of which runs its own node; the findings are the same."""

from tests.source_modes import source_modes

source_mode, served, client, caller, database_caller = source_modes("federated_everywhere")
