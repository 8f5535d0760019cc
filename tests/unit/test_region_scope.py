import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert, select

from auth.regions import RegionScope

_metadata = MetaData()
_places = Table("places", _metadata, Column("code", String, primary_key=True))
_CODES = ["32", "32.04", "32.04.05", "32.04.05.2001", "32.40", "32.40.01", "32.041", "35.78", "3"]


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://")
    _metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(_places), [{"code": code} for code in _CODES])
    return engine


def _visible(engine, scope: RegionScope, overlap: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    clause = scope.overlap_clause(_places.c.code) if overlap else scope.clause(_places.c.code)
    with engine.connect() as conn:
        return sorted(conn.execute(select(_places.c.code).where(clause)).scalars())


def test_prefix_covers_itself_and_codes_below_a_dot_boundary_only(engine) -> None:  # type: ignore[no-untyped-def]
    assert _visible(engine, RegionScope.of(["32.04"])) == ["32.04", "32.04.05", "32.04.05.2001"]


def test_sql_and_memory_checks_agree_for_every_code(engine) -> None:  # type: ignore[no-untyped-def]
    for prefixes in (["32.04"], ["32"], ["32.40", "35"], ["*"], []):
        scope = RegionScope.of(prefixes)
        assert _visible(engine, scope) == sorted(c for c in _CODES if scope.allows(c)), prefixes


def test_national_scope_sees_everything(engine) -> None:  # type: ignore[no-untyped-def]
    assert _visible(engine, RegionScope.of(["*", "32"])) == sorted(_CODES)


def test_empty_scope_sees_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    assert _visible(engine, RegionScope.of([])) == []


def test_overlap_adds_the_regions_above_but_not_their_other_children(engine) -> None:  # type: ignore[no-untyped-def]
    visible = _visible(engine, RegionScope.of(["32.04.05"]), overlap=True)
    assert visible == ["32", "32.04", "32.04.05", "32.04.05.2001"]


def test_covered_prefixes_are_folded() -> None:
    assert RegionScope.of(["32.04.05", "32.04", "35"]).prefixes == ("32.04", "35")


def test_narrowing_keeps_only_what_lies_under_the_filter() -> None:
    scope = RegionScope.of(["32.04", "35.78"])
    assert scope.narrowed("32").prefixes == ("32.04",)
    assert scope.narrowed("32.04.05").prefixes == ("32.04.05",)
    assert scope.narrowed("33").prefixes == ()
    assert RegionScope.of(["*"]).narrowed("33").prefixes == ("33",)
