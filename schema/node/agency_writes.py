"""The node's mutation ``agencyWrite`` and query ``agencyKeyFree``: the agency's writes
(``resolvers.agency_writes``) run in its own database for the hub.

A write runs as the caller of the caller-context token: its client id keys the idempotency
key, its regions bound what it may touch, and it must hold the scope the write asks
(``logistics:write``…; none for the public's complaint). The token must have been made for
this write — its operation and the fingerprint of its input — so that a token seen on the
way can at most repeat the write it was made for, which its key then replays. The hub
sends the key and the fingerprint of the caller's input; the answer is the stored result
and whether it was a replay, the refusal the write came to, or that the key was used for
other input.
"""

from collections.abc import Mapping
from typing import cast

import strawberry
from strawberry.scalars import JSON

from auth.caller_context import PUBLIC_CALLER
from resolvers.agency_index import AGENCY_WRITES
from resolvers.agency_reads import jsonable
from resolvers.agency_writes import AgencyWrite, Author, key_free, write_in
from resolvers.errors import BadUserInput
from resolvers.idempotency import KeyReused, Refused
from resolvers.remote_values import plain
from schema.node.common import admit
from schema.node.context import NodeCall, NodeCallInfo
from schema.protection import Forbidden


def _chosen(context: NodeCall, operation: str) -> AgencyWrite:
    chosen = AGENCY_WRITES.get((context.agency, operation))
    if chosen is None:
        raise BadUserInput(f"The {context.agency} agency has no write {operation!r}")
    admit(context.caller.principal, chosen.needs)
    return chosen


def _author(context: NodeCall) -> Author:
    principal = context.caller.principal
    client_id = None if principal.client_id == PUBLIC_CALLER else principal.client_id
    return Author(client_id, principal.regions)


@strawberry.type
class AgencyWritesMutation:
    @strawberry.mutation(
        description="Runs one of the agency's writes for the hub, at most once per key."
    )
    async def agency_write(
        self,
        info: NodeCallInfo,
        operation: str,
        key: str | None,
        fingerprint: str,
        arguments: JSON,
    ) -> JSON:
        context = info.context
        chosen = _chosen(context, operation)
        if context.caller.write != (operation, fingerprint):
            # A token the hub made for another write (or for reads) cannot make this one.
            raise Forbidden("The caller-context token is not for this write")
        author = _author(context)
        token_id = context.caller.principal.token_id
        if key is None and (token_id is None or not context.spent.spend(token_id)):
            # Without a key a second run could not be told from the first: once only.
            raise Forbidden("The caller-context token was taken for a write already")
        if not isinstance(arguments, Mapping) or (key is not None and author.client_id is None):
            raise BadUserInput("Give the write's arguments as an object, and a key with a client")
        try:
            work = chosen.work(author, arguments)
        except (KeyError, TypeError, ValueError):
            raise BadUserInput(f"Malformed arguments for {operation!r}") from None
        try:
            stored, replayed = await write_in(
                context.reader, chosen, author, key, fingerprint, work
            )
        except Refused as refused:
            return cast(JSON, {"refused": plain(refused.outcome)})
        except KeyReused:
            return cast(JSON, {"keyReused": True})
        return cast(JSON, {"stored": jsonable(stored), "replayed": replayed})


@strawberry.type
class AgencyKeysQuery:
    @strawberry.field(
        description="Whether the caller's key is unused, or used for this write and input."
    )
    async def agency_key_free(
        self, info: NodeCallInfo, operation: str, key: str, fingerprint: str
    ) -> bool:
        context = info.context
        chosen = _chosen(context, operation)
        client_id = _author(context).client_id
        if client_id is None:
            raise BadUserInput("A key needs a client")
        return await key_free(context.reader, chosen, client_id, key, fingerprint)
