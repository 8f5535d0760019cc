from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.complaints.operations import NOTE, RESOLVE_COMPLAINT, resolution
from tests.complaints.support import (
    Household,
    error_code,
    insert_complaint,
    outcome,
    today,
)
from tests.conftest import GraphQLClient, SourceDatabases


async def resolve(client: GraphQLClient, variables: dict[str, Any]) -> dict[str, Any]:
    return outcome(await client.post(RESOLVE_COMPLAINT, variables), "resolveComplaint")


@pytest.mark.parametrize("status", ["diterima", "diproses"])
@pytest.mark.parametrize("to", ["SELESAI", "DITOLAK"])
async def test_office_resolves_an_open_complaint(
    office: Callable[..., GraphQLClient],
    listed: Household,
    regional_store: AsyncEngine,
    status: str,
    to: str,
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, status)

    resolved = await resolve(office(listed.regency), resolution(complaint_id, to))

    assert resolved["__typename"] == "ComplaintResolved"
    assert resolved["complaint"] == {
        "id": str(complaint_id),
        "status": to,
        "resolvedOn": today().isoformat(),
    }


async def test_resolution_keeps_the_note(
    office: Callable[..., GraphQLClient],
    listed: Household,
    regional_store: AsyncEngine,
    databases: SourceDatabases,
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, "diterima")

    await resolve(office(listed.regency), resolution(complaint_id))

    note = "SELECT resolution_note FROM complaints WHERE id = :id"
    assert await databases.value("regional", note, id=complaint_id) == NOTE


@pytest.mark.parametrize("status", ["selesai", "ditolak"])
async def test_resolving_a_closed_complaint_is_an_illegal_transition(
    office: Callable[..., GraphQLClient],
    listed: Household,
    regional_store: AsyncEngine,
    status: str,
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, status)

    refused = await resolve(office(listed.regency), resolution(complaint_id, "DITOLAK"))

    assert refused["__typename"] == "IllegalTransition"
    assert (refused["code"], refused["state"]) == ("ILLEGAL_TRANSITION", status.upper())


async def test_second_resolution_with_a_new_key_is_an_illegal_transition(
    office: Callable[..., GraphQLClient], listed: Household, regional_store: AsyncEngine
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, "diterima")
    resolver = office(listed.regency)
    await resolve(resolver, resolution(complaint_id, "SELESAI"))

    again = await resolve(resolver, resolution(complaint_id, "DITOLAK"))

    assert (again["__typename"], again["state"]) == ("IllegalTransition", "SELESAI")


async def test_retried_resolution_answers_the_first_result_as_a_replay(
    office: Callable[..., GraphQLClient], listed: Household, regional_store: AsyncEngine
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, "diterima")
    resolver = office(listed.regency)
    variables = resolution(complaint_id)

    first = await resolve(resolver, variables)
    retry = await resolve(resolver, variables)

    assert (first["replayed"], retry["replayed"]) == (False, True)
    assert retry["complaint"] == first["complaint"]


async def test_office_cannot_resolve_a_complaint_outside_its_regions(
    office: Callable[..., GraphQLClient],
    listed: Household,
    elsewhere: str,
    regional_store: AsyncEngine,
    databases: SourceDatabases,
) -> None:
    complaint_id = await insert_complaint(regional_store, elsewhere, "diterima")

    refused = await resolve(office(listed.regency), resolution(complaint_id))

    assert (refused["__typename"], refused["code"]) == ("NotFound", "NOT_FOUND")
    status = "SELECT status FROM complaints WHERE id = :id"
    assert await databases.value("regional", status, id=complaint_id) == "diterima"


async def test_blank_note_is_refused(
    office: Callable[..., GraphQLClient], listed: Household, regional_store: AsyncEngine
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, "diterima")

    refused = await resolve(office(listed.regency), resolution(complaint_id, note="   "))

    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "note")


async def test_public_cannot_resolve_a_complaint(
    public: GraphQLClient, listed: Household, regional_store: AsyncEngine
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, "diterima")

    body = await public.post(RESOLVE_COMPLAINT, resolution(complaint_id))

    assert error_code(body) == "UNAUTHENTICATED"
