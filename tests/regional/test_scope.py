"""The caller's region scope inside every regional statement, seen through the loaders."""

from sqlalchemy import select

from auth.regions import RegionScope
from resolvers.paging import MAX_PAGE_SIZE, PageRequest
from resolvers.regional.filters import ComplaintFilter, KubeGroupFilter, OfficeFilter, VisitFilter
from resolvers.regional.loaders import RegionalLoaders
from resolvers.regional.tables import complaints, kube_groups, social_offices, verification_visits
from resolvers.source import Reader
from tests.regional.support import SeededDatabase, region_holding_some

_WHOLE_LIST = PageRequest("any", MAX_PAGE_SIZE, None)


def _loaders(regional_db: SeededDatabase, *prefixes: str) -> RegionalLoaders:
    return RegionalLoaders(Reader("regional", regional_db.engine, 5.0), RegionScope.of(prefixes))


async def test_scoped_caller_lists_and_counts_only_visits_in_its_region(
    regional_db: SeededDatabase,
) -> None:
    rows = await regional_db.rows(select(verification_visits))
    region = region_holding_some([row.village_code for row in rows])
    expected = sorted(row.id for row in rows if row.village_code.startswith(region + "."))
    listing = _loaders(regional_db, region).visit_list(VisitFilter())

    page = await listing.page(_WHOLE_LIST)

    assert [row.id for row in page.items] == expected
    assert await listing.count() == len(expected)


async def test_regency_caller_sees_its_own_office_and_its_province_office_only(
    regional_db: SeededDatabase,
) -> None:
    regency = (await regional_db.rows(select(verification_visits)))[0].village_code[:5]
    listing = _loaders(regional_db, regency).office_list(OfficeFilter())

    page = await listing.page(_WHOLE_LIST)

    assert sorted(row.region_code for row in page.items) == [regency[:2], regency]


async def test_regency_caller_cannot_load_the_office_of_another_regency(
    regional_db: SeededDatabase,
) -> None:
    offices = await regional_db.rows(select(social_offices).order_by(social_offices.c.id))
    regency = next(row for row in offices if row.region_code.count(".") == 1)
    elsewhere = next(
        row for row in offices if not row.region_code.startswith(regency.region_code[:2])
    )
    loaders = _loaders(regional_db, regency.region_code)

    found = await loaders.office.load_many([regency.id, elsewhere.id])

    assert [row.id if row else None for row in found] == [regency.id, None]


async def test_region_filter_outside_the_callers_scope_lists_nothing(
    regional_db: SeededDatabase,
) -> None:
    rows = await regional_db.rows(select(complaints))
    region = region_holding_some([row.village_code for row in rows])
    outside = next(row.village_code for row in rows if not row.village_code.startswith(region))
    listing = _loaders(regional_db, region).complaint_list(ComplaintFilter(region_code=outside))

    assert (await listing.page(_WHOLE_LIST)).items == []
    assert await listing.count() == 0


async def test_scoped_caller_loads_no_members_or_grants_of_a_group_outside_its_region(
    regional_db: SeededDatabase,
) -> None:
    groups = await regional_db.rows(select(kube_groups).order_by(kube_groups.c.id))
    region = region_holding_some([row.village_code for row in groups])
    inside = next(row.id for row in groups if row.village_code.startswith(region + "."))
    outside = next(row.id for row in groups if not row.village_code.startswith(region + "."))
    loaders = _loaders(regional_db, region)

    members = await loaders.kube_members.load_many([inside, outside])
    grants = await loaders.kube_grants.load_many([inside, outside])

    assert members[0]
    assert members[1] == []
    assert grants[0]
    assert grants[1] == []


async def test_scoped_caller_lists_no_kube_group_outside_its_region(
    regional_db: SeededDatabase,
) -> None:
    groups = await regional_db.rows(select(kube_groups))
    region = region_holding_some([row.village_code for row in groups])
    expected = sorted(row.id for row in groups if row.village_code.startswith(region + "."))

    page = await _loaders(regional_db, region).kube_group_list(KubeGroupFilter()).page(_WHOLE_LIST)

    assert [row.id for row in page.items] == expected
