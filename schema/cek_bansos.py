"""cekBansos: the public asks whether someone in their district or village receives aid.

Built against enumeration: a district or village only, a name of whole words (no
wildcards, at least three characters), a cap on matches, and a few lookups a minute per
address. The answer is masked by the registry before it gets here, so nothing in it is
personal data to audit.
"""

import strawberry

from resolvers.errors import BadUserInput, RateLimited
from resolvers.registry import enums
from resolvers.registry.public_lookup import MAX_MATCHES, Lookup, Match, Standing, look_up
from resolvers.wilayah import Level, gazetteer
from schema.context import Info
from schema.scalars import RegionCode

LOOKUPS_PER_MINUTE = 10
NAME_MIN, NAME_MAX = 3, 120
_WILDCARDS = frozenset("%_*?")
_AREAS = (Level.DISTRICT, Level.VILLAGE)


@strawberry.type(description="A household's place in one programme.")
class BansosProgramme:
    programme: enums.Programme
    enrolment_status: enums.EnrolmentStatus
    latest_period: str | None = strawberry.field(
        description="The period of the latest disbursement, if any: YYYY-MM, or YYYY-Qn for PKH."
    )
    latest_disbursement_status: enums.DisbursementStatus | None

    @classmethod
    def of(cls, standing: Standing) -> "BansosProgramme":
        return cls(
            programme=standing.programme,
            enrolment_status=standing.enrolment,
            latest_period=standing.latest_period,
            latest_disbursement_status=standing.latest_disbursement,
        )


@strawberry.type(description="A person whose name matched, as the public may see them.")
class BansosMatch:
    name: str = strawberry.field(description="Masked: each word keeps its initial.")
    village: str = strawberry.field(description="The name of the household's village.")
    programmes: list[BansosProgramme] = strawberry.field(
        description="Programmes the household is enrolled in; empty when it receives none."
    )

    @classmethod
    def of(cls, match: Match) -> "BansosMatch":
        region = gazetteer().get(match.village_code)
        return cls(
            name=match.masked_name,
            village=region.name if region else match.village_code,
            programmes=[BansosProgramme.of(standing) for standing in match.standings],
        )


@strawberry.type(description="The answer of a Cek Bansos lookup.")
class CekBansosResult:
    matches: list[BansosMatch]
    capped: bool = strawberry.field(
        description=f"More than {MAX_MATCHES} people matched and only the first are shown:"
        " give the full name or a village."
    )

    @classmethod
    def of(cls, lookup: Lookup) -> "CekBansosResult":
        return cls(
            matches=[BansosMatch.of(match) for match in lookup.matches], capped=lookup.capped
        )


@strawberry.type
class CekBansosQuery:
    @strawberry.field(
        description=(
            "Public, no token needed: who of this name in a district or village receives social"
            f" assistance. Whole words of the name, at least {NAME_MIN} characters, no"
            f" wildcards; at most {MAX_MATCHES} matches; {LOOKUPS_PER_MINUTE} lookups a minute."
        )
    )
    async def cek_bansos(
        self, info: Info, region_code: RegionCode, name: str
    ) -> CekBansosResult | None:
        wait = await info.context.throttle("cek-bansos", LOOKUPS_PER_MINUTE)
        if wait is not None:
            raise RateLimited(wait)
        _check_area(region_code)
        words = _checked_name(name)
        return CekBansosResult.of(await look_up(info.context.ask, region_code, words))


def _check_area(code: str) -> None:
    region = gazetteer().get(code)
    if region is None or region.level not in _AREAS:
        raise BadUserInput(
            "Argument 'regionCode' must be a district or a village", argument="regionCode"
        )


def _checked_name(name: str) -> str:
    words = " ".join(name.split())
    if _WILDCARDS.intersection(words):
        raise BadUserInput("Argument 'name' must not contain wildcards", argument="name")
    if not NAME_MIN <= len(words) <= NAME_MAX:
        raise BadUserInput(
            f"Argument 'name' has {NAME_MIN} to {NAME_MAX} characters", argument="name"
        )
    return words
