"""Every logistics query test runs twice: against the hub reading the agency's database,
and against the hub calling the agency's own node; the expectations are the same."""

from tests.served_modes import caller, client, database_caller, served_by

__all__ = ["caller", "client", "database_caller", "served"]

served = served_by("federated")
