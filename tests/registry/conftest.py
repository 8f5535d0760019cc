"""Every registry query test here runs twice: against the hub reading the registry's
database, and against the hub calling the registry's own node; the expectations are the
same."""

from tests.served_modes import caller, client, database_caller, served_by

__all__ = ["caller", "client", "database_caller", "served"]

served = served_by("registry_federated")
