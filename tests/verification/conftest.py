"""A pool of fresh households, one per test, and the offices' tokens."""

from collections.abc import Callable

import pytest

from tests.conftest import GraphQLClient, SourceDatabases
from tests.verification.support import Caller, Household, HouseholdPool

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
