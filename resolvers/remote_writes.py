"""An agency's writes sent to its node (``agencyWrite``), and its keys asked of it
(``agencyKeyFree``).

The node runs the write's own transaction in its database, under the client and regions of
the caller-context token and the key and input fingerprint the hub sends, and answers with
the stored result, the refusal, or that the key was used for other input. Each write goes
under a caller-context token of its own, good for that operation and input only. A write
with a key is retried like a read when no answer came: the node replays it rather than writing it
again. One without a key is sent once. An answer the hub cannot read makes the agency
unavailable; whether the write happened is then for a retry with the same key to tell.
"""

from collections.abc import Mapping
from typing import Any

from resolvers.agency_writes import AgencyWrite
from resolvers.idempotency import KeyReused, Refused
from resolvers.remote import RemoteReader, RemoteUnusable
from resolvers.remote_reads import in_shape
from resolvers.remote_values import typed

WRITE = (
    "mutation Hub($operation: String!, $key: String, $fingerprint: String!,"
    " $arguments: JSON!) { agencyWrite(operation: $operation, key: $key,"
    " fingerprint: $fingerprint, arguments: $arguments) }"
)
KEY_FREE = (
    "query Hub($operation: String!, $key: String!, $fingerprint: String!)"
    " { agencyKeyFree(operation: $operation, key: $key, fingerprint: $fingerprint) }"
)


async def write_at_node(
    reader: RemoteReader,
    write: AgencyWrite,
    key: str | None,
    fingerprint: str,
    arguments: Mapping[str, Any],
) -> tuple[dict[str, Any], bool]:
    variables = {
        "operation": write.operation,
        "key": key,
        "fingerprint": fingerprint,
        "arguments": dict(arguments),
    }
    bound = (write.operation, fingerprint)
    answer = await reader.query(WRITE, variables, retried=key is not None, write=bound)
    with in_shape(write.agency):
        written = _field(answer, "agencyWrite")
        if not isinstance(written, dict):
            raise RemoteUnusable("a write's answer is not an object")
        if "refused" in written:
            raise Refused(typed(write.refusals, written["refused"]))
        if written.get("keyReused") is True:
            raise KeyReused(str(key))
        stored, replayed = written.get("stored"), written.get("replayed")
        if not isinstance(stored, dict) or not isinstance(replayed, bool):
            raise RemoteUnusable("a write's answer without its result")
        return stored, replayed


async def key_free_at_node(
    reader: RemoteReader, write: AgencyWrite, key: str, fingerprint: str
) -> bool:
    variables = {"operation": write.operation, "key": key, "fingerprint": fingerprint}
    answer = await reader.query(KEY_FREE, variables)
    with in_shape(write.agency):
        free = _field(answer, "agencyKeyFree")
        if not isinstance(free, bool):
            raise RemoteUnusable("not a yes or no")
        return free


def _field(answer: dict[str, Any], name: str) -> Any:
    """The field's value; an error from the node means it did not do as the hub asked."""
    if answer.get("errors"):
        raise RemoteUnusable(f"{name} refused: {answer['errors'][0].get('message')}")
    data = answer.get("data")
    if not isinstance(data, dict) or name not in data:
        raise RemoteUnusable(f"no {name} in the answer")
    return data[name]
