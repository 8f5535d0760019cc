"""One HTTP call per agency per level of a query.

Every read a request makes of a remote agency goes through one batch: whatever the
resolvers of one level ask for — entities of several types by key (``_entities``), lists
(root fields with arguments) — is sent as one GraphQL document of aliased fields, and the
answer is split back per request. Each answer is kept for the rest of the request.

A DataLoader sends its batch one turn of the event loop after the first request; the
resolvers of one level reach a remote through lists nested to different depths, each a few
turns apart, so this batch waits ``SETTLE_TURNS`` turns before it sends.
"""

import asyncio
import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from resolvers.errors import SourceUnavailable
from resolvers.remote import RemoteReader, logger

SETTLE_TURNS = 10


@dataclass(frozen=True, slots=True)
class Entities:
    """Entities of one type, by their ``id`` key, each with the same selection."""

    typename: str
    selection: str


@dataclass(frozen=True, slots=True)
class RootField:
    """A root field of the node, with its arguments' GraphQL types, and a selection."""

    name: str
    arguments: tuple[tuple[str, str], ...]
    selection: str


Fetch = Entities | RootField


def probe_document(fetch: Fetch) -> str:
    """A document asking for ``fetch`` alone: what the node's schema must accept."""
    document, _ = _compose([(fetch, ["0"] if isinstance(fetch, Entities) else ["{}"])])
    return document


Wanted = tuple[Fetch, str]


class RemoteBatch:
    def __init__(self, reader: RemoteReader) -> None:
        self._reader = reader
        self._answers: dict[Wanted, asyncio.Future[Any]] = {}
        self._pending: list[Wanted] = []
        # Batches on their way; held here so that none is collected before it is answered.
        self._sending: set[asyncio.Task[None]] = set()

    async def entity(self, fetch: Entities, key: int | str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._ask((fetch, str(key)))
        return found

    async def root(self, fetch: RootField, **arguments: Any) -> Any:
        return await self._ask((fetch, json.dumps(arguments, sort_keys=True)))

    def forget(self) -> None:
        """Drop the answers kept so far (a write changed what they say); the next asker of
        each sends for it again. Answers still on their way are kept for their askers."""
        self._answers = {
            wanted: answer for wanted, answer in self._answers.items() if not answer.done()
        }

    async def _ask(self, wanted: Wanted) -> Any:
        answer = self._answers.get(wanted)
        if answer is None:
            answer = self._answers[wanted] = asyncio.get_running_loop().create_future()
            self._pending.append(wanted)
            if len(self._pending) == 1:
                task = asyncio.create_task(self._send())
                self._sending.add(task)
                task.add_done_callback(self._sending.discard)
        return await answer

    async def _send(self) -> None:
        for _ in range(SETTLE_TURNS):
            await asyncio.sleep(0)
        wanted, self._pending = self._pending, []
        try:
            found = await self._load(wanted)
        except Exception as error:  # each asker gets the failure, as its own error
            found = [error] * len(wanted)
        for request, value in zip(wanted, found, strict=True):
            if isinstance(value, Exception):
                self._answers[request].set_exception(value)
            else:
                self._answers[request].set_result(value)

    async def _load(self, wanted: list[Wanted]) -> list[Any]:
        groups: dict[Fetch, list[str]] = {}
        for fetch, key in wanted:
            groups.setdefault(fetch, []).append(key)
        plan = list(groups.items())
        document, variables = _compose(plan)
        answer = await self._reader.query(document, variables)
        failed = _failed_fields(answer.get("errors"))
        if failed:
            logger.warning("%s source answered with errors at %s", self._reader.agency, failed)
        data = answer.get("data") or {}
        if failed is _EVERY_FIELD or not isinstance(data, dict):
            return [SourceUnavailable(self._reader.agency)] * len(wanted)
        found: dict[Wanted, Any] = {}
        for index, (fetch, keys) in enumerate(plan):
            for position, key in enumerate(keys):
                alias = _alias(fetch, index, position)
                if alias in failed or alias not in data:
                    found[fetch, key] = SourceUnavailable(self._reader.agency)
                elif isinstance(fetch, Entities):
                    found[fetch, key] = self._nth(data[alias], position)
                else:
                    found[fetch, key] = data[alias]
        return [found[request] for request in wanted]

    def _nth(self, values: Any, position: int) -> Any:
        if not isinstance(values, list) or position >= len(values):
            return SourceUnavailable(self._reader.agency)
        return values[position]


_EVERY_FIELD: frozenset[str] = frozenset({"*"})


def _failed_fields(errors: Any) -> frozenset[str]:
    """The aliases the node reports errors under; an error it does not place (or a list
    that is not one) fails them all."""
    if not errors:
        return frozenset()
    if not isinstance(errors, list):
        return _EVERY_FIELD
    failed = set()
    for error in errors:
        path = error.get("path") if isinstance(error, dict) else None
        if not isinstance(path, list) or not path:
            return _EVERY_FIELD
        failed.add(str(path[0]))
    return frozenset(failed)


def _alias(fetch: Fetch, index: int, position: int) -> str:
    # Entities of one group share a field; each list request has a field of its own.
    return f"e{index}" if isinstance(fetch, Entities) else f"f{index}_{position}"


def _compose(plan: Sequence[tuple[Fetch, Sequence[Hashable]]]) -> tuple[str, dict[str, Any]]:
    definitions: list[str] = []
    fields: list[str] = []
    variables: dict[str, Any] = {}
    for index, (fetch, keys) in enumerate(plan):
        if isinstance(fetch, Entities):
            name = f"r{index}"
            definitions.append(f"${name}: [_Any!]!")
            variables[name] = [{"__typename": fetch.typename, "id": key} for key in keys]
            fields.append(
                f"e{index}: _entities(representations: ${name})"
                f" {{ ... on {fetch.typename} {{ {fetch.selection} }} }}"
            )
            continue
        for position, key in enumerate(keys):
            alias = _alias(fetch, index, position)
            values = json.loads(str(key))
            passed = []
            for argument, kind in fetch.arguments:
                name = f"{alias}_{argument}"
                definitions.append(f"${name}: {kind}")
                variables[name] = values.get(argument)
                passed.append(f"{argument}: ${name}")
            arguments = f"({', '.join(passed)})" if passed else ""
            fields.append(f"{alias}: {fetch.name}{arguments} {{ {fetch.selection} }}")
    heading = f"({', '.join(definitions)})" if definitions else ""
    return f"query Hub{heading} {{ {' '.join(fields)} }}", variables
