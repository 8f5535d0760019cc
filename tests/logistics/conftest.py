"""Every logistics query test runs twice: against the hub reading the agency's database,
and against the hub calling the agency's own node; the expectations are the same."""

import pytest

from tests.source_modes import caller, client, database_caller, served, source_mode

__all__ = ["caller", "client", "database_caller", "served", "source_mode"]


@pytest.fixture(scope="session")
def node_hub() -> str:
    return "federated"
