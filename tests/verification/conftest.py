"""A pool of fresh households, one per test, and the offices' tokens. Every test runs
twice: against the hub writing into the agencies' databases, and against a hub every agency
of which runs its own node (the visit written at the regional node, the proposal filed and
decided at the registry's)."""

from collections.abc import Callable

import pytest

from tests.conftest import GraphQLClient, SourceDatabases
from tests.source_modes import source_modes
from tests.verification.support import Caller, Household, HouseholdPool

source_mode, served, client, caller, database_caller = source_modes("federated_everywhere")

PROVINCE_SCOPES = ("registry:read", "registry:write", "registry:pii", "regional:read")


@pytest.fixture(scope="session")
def pool(databases: SourceDatabases) -> HouseholdPool:
    return HouseholdPool(databases)


@pytest.fixture
async def household(pool: HouseholdPool) -> Household:
    return await pool.take()


@pytest.fixture
def province_office(caller: Caller) -> Callable[[Household], GraphQLClient]:
    """The provincial registry owner of a household's province."""
    return lambda household: caller(scopes=PROVINCE_SCOPES, regions=[household.province])
