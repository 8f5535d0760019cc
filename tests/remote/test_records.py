"""Records from a node read as database rows do, and values out of shape are refused."""

import datetime

import pytest

from resolvers.logistics.remote_shapes import EVENT
from resolvers.remote import RemoteUnusable
from resolvers.remote_records import RemoteRecord

STORED = {
    "id": "7",
    "name": "Banjir Kota Surabaya",
    "kind": "banjir",
    "status": "pemulihan",
    "startedOn": "2026-05-25",
    "endedOn": None,
}


def test_a_record_reads_by_attribute_name_and_position() -> None:
    record = EVENT.record(STORED)
    assert isinstance(record, RemoteRecord)
    assert (record.id, record.started_on, record.ended_on) == (7, datetime.date(2026, 5, 25), None)
    assert record._mapping["name"] == "Banjir Kota Surabaya"
    assert record[record._fields.index("kind")] == "banjir"
    with pytest.raises(AttributeError):
        _ = record.village_code


@pytest.mark.parametrize(
    "broken",
    [
        {**STORED, "id": True},
        {**STORED, "startedOn": "25/05/2026"},
        {**STORED, "name": None},
        {key: value for key, value in STORED.items() if key != "status"},
        ["not", "a", "record"],
    ],
    ids=["boolean id", "foreign date", "null name", "missing status", "a list"],
)
def test_a_value_out_of_shape_is_refused(broken: object) -> None:
    with pytest.raises(RemoteUnusable):
        EVENT.record(broken)
