"""The node's root field ``agencyRows``: one of the agency's reads (``resolvers.agency_reads``)
run in its database and sent back as rows.

A confined read runs in the regions the hub asks for, within the caller's own regions from
the caller-context token, whatever the hub asks; a read that must see beyond them (coverage,
the public lookup) runs in the regions the hub gives. Each read names the scope its caller
needs (``oversight:read`` for the checks), or none for the public's reads.
"""

import re
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from auth.regions import NATIONAL, RegionScope
from resolvers.agency_index import AGENCY_READS
from resolvers.agency_reads import AgencyRead
from resolvers.errors import BadUserInput
from schema.node.common import admit
from schema.node.context import NodeCallInfo

_REGION = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


@strawberry.type(description="The rows of one of the agency's reads.")
class AgencyRows:
    rows: list[JSON]


@strawberry.type
class AgencyReadsQuery:
    @strawberry.field(
        description=(
            "The rows of one of the agency's reads (oversight checks, coverage, the public"
            " lookup), in the regions given within the caller's, for the hub."
        )
    )
    async def agency_rows(
        self, info: NodeCallInfo, read: str, regions: list[str], arguments: JSON
    ) -> AgencyRows:
        context = info.context
        chosen = AGENCY_READS.get((context.agency, read))
        if chosen is None:
            raise BadUserInput(f"The {context.agency} agency has no read {read!r}")
        admit(context.caller.principal, chosen.needs)
        if not isinstance(arguments, dict) or not all(
            code == NATIONAL or _REGION.fullmatch(code) for code in regions
        ):
            raise BadUserInput("Give the read's arguments as an object and region codes")
        asked = RegionScope.of(regions)
        scope = asked.meet(context.caller.principal.regions) if chosen.confined else asked
        found = await chosen.run(context.reader, scope, **_decoded(chosen, arguments))
        return AgencyRows(rows=cast(list[JSON], chosen.wired(found)))


def _decoded(read: AgencyRead, arguments: dict[str, Any]) -> dict[str, Any]:
    try:
        return read.decode(arguments)
    except (KeyError, TypeError, ValueError):
        raise BadUserInput(f"Malformed arguments for {read.name!r}") from None
