from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.scopes import read
from resolvers.wilayah import Level, Wilayah, gazetteer
from schema.context import Info
from schema.ids import keyed_by
from schema.protection import requires
from schema.scalars import RegionCode

if TYPE_CHECKING:
    from schema.regional import SocialOffice

strawberry.enum(Level, name="RegionLevel")


@strawberry.type(
    description="A Kemendagri region: province, regency/city, district or village.",
    directives=[keyed_by("code")],
)
class Region:
    code: RegionCode
    name: str
    level: Level
    kind: str | None = strawberry.field(
        description="kabupaten/kota for regencies, kelurahan/desa/desa adat for villages."
    )
    parent_code: strawberry.Private[str | None]

    @classmethod
    def of(cls, region: Wilayah) -> "Region":
        return cls(
            code=RegionCode(region.code),
            name=region.name,
            level=region.level,
            kind=region.kind,
            parent_code=region.parent_code,
        )

    @strawberry.field
    def parent(self) -> "Region | None":
        return region_or_none(self.parent_code)

    @strawberry.field(description="The regions directly below this one.")
    def children(self) -> list["Region"]:
        return [Region.of(child) for child in gazetteer().children(self.code)]

    @requires(read("regional"), description="The Dinas Sosial office of this province or regency.")
    async def social_office(
        self, info: Info
    ) -> Annotated["SocialOffice", strawberry.lazy("schema.regional")] | None:
        from schema.regional import SocialOffice

        row = await info.context.regional.office_by_region.load(self.code)
        return None if row is None else SocialOffice.of(row)


def region_or_none(code: str | None) -> Region | None:
    found = gazetteer().get(code) if code else None
    return None if found is None else Region.of(found)


def region_of(code: str) -> Region:
    """The region of a stored code; a code no longer in the list still names itself."""
    found = gazetteer().get(code)
    if found is not None:
        return Region.of(found)
    return Region(
        code=RegionCode(code), name=code, level=_level_of(code), kind=None, parent_code=None
    )


def _level_of(code: str) -> Level:
    return list(Level)[code.count(".")]


@strawberry.type
class RegionQuery:
    @strawberry.field(description="One region by its code.")
    def region(self, code: RegionCode) -> Region | None:
        return region_or_none(code)

    @strawberry.field(description="The regions under a parent; without one, the 38 provinces.")
    def regions(self, parent_code: RegionCode | None = None) -> list[Region]:
        return [Region.of(region) for region in gazetteer().children(parent_code)]
