"""The fuzz oracle: what no answer may contain.

The rules are written out here independently of the hub's code: the region rule from
DESIGN §6, the scope each field needs from the directives of the exported SDL.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import graphql

from tests.fuzz.truth import PLACES, Caller, Truth

SDL = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text(encoding="utf-8")
SCHEMA = graphql.build_schema(SDL)

# 405: a mutation sent by GET.
STATUSES = frozenset({200, 400, 401, 403, 405, 413, 429})
CODES = frozenset(
    {"UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "SOURCE_UNAVAILABLE", "QUERY_TOO_COMPLEX"}
    | {"RATE_LIMITED", "INTERNAL"}
)
# Server internals that must never reach a caller (the explain block aside).
INTERNALS = ("Traceback", 'File "', "SELECT ", "sqlalchemy", "aiosqlite")
PII_SCOPES = frozenset({"registry:pii", "regional:pii", "institutions:pii"})
# Records that may lie above the caller's regions (province offices, buffer stocks, events).
# Root fields whose answers name subjects by design (audit:read, national tokens only).
AUDIT_ROOTS = frozenset({"auditLog", "accessReport"})

_SIXTEEN = re.compile(r"(?<!\d)\d{16}(?!\d)")
_MASKED_NUMBER = re.compile(r"\d{4}\*{8}\d{4}")
_MASKED_WORD = re.compile(r"\S\**")

Path_ = tuple[str | int, ...]


# -- the rules each field carries in the SDL --------------------------------------------------


def _directive(node: Any, name: str) -> dict[str, Any] | None:
    for directive in getattr(node, "directives", None) or ():
        if directive.name.value == name:
            return {
                arg.name.value: graphql.value_from_ast_untyped(arg.value)
                for arg in directive.arguments
            }
    return None


def _field_rules() -> tuple[dict[tuple[str, str], frozenset[str]], dict[tuple[str, str], str]]:
    required: dict[tuple[str, str], frozenset[str]] = {}
    masked: dict[tuple[str, str], str] = {}
    for type_ in SCHEMA.type_map.values():
        if not isinstance(type_, graphql.GraphQLObjectType):
            continue
        for name, definition in type_.fields.items():
            if scopes := _directive(definition.ast_node, "requiresScopes"):
                required[type_.name, name] = frozenset(scopes["scopes"])
            if mask := _directive(definition.ast_node, "maskedWithout"):
                masked[type_.name, name] = str(mask["scope"])
    return required, masked


REQUIRED, MASKED = _field_rules()


# -- witnesses --------------------------------------------------------------------------------


# Fields added to every selection of a record: where it lies and each personal field, so the
# oracle sees them whatever else the generated document asked for; and the type name of
# anything abstract (the router's `_Entity`), so the oracle knows which record it reads.
def _witnesses(type_: Any) -> list[str]:
    if not isinstance(type_, graphql.GraphQLObjectType):
        return ["__typename"]
    placed = ["id", "villageCode", "regionCode"] if type_.name in PLACES else []
    return [f for f in type_.fields if f in placed or (type_.name, f) in MASKED]


def with_witnesses(document: graphql.DocumentNode) -> str:
    """The document, printed, with the witness fields of each record type selected."""
    definitions = [
        replace(node, selection_set=_witnessed(node.selection_set, SCHEMA.query_type))
        if isinstance(node, graphql.OperationDefinitionNode)
        else node
        for node in document.definitions
    ]
    return graphql.print_ast(replace(document, definitions=tuple(definitions)))


def _witnessed(selection_set: graphql.SelectionSetNode, type_: Any) -> graphql.SelectionSetNode:
    selections: list[graphql.SelectionNode] = []
    for node in selection_set.selections:
        if isinstance(node, graphql.FieldNode) and node.selection_set is not None:
            child = graphql.get_named_type(type_.fields[node.name.value].type)
            node = replace(node, selection_set=_witnessed(node.selection_set, child))
        elif isinstance(node, graphql.InlineFragmentNode) and node.type_condition is not None:
            target = SCHEMA.get_type(node.type_condition.name.value)
            node = replace(node, selection_set=_witnessed(node.selection_set, target))
        selections.append(node)
    chosen = {node.name.value for node in selections if isinstance(node, graphql.FieldNode)}
    selections += [
        graphql.FieldNode(name=graphql.NameNode(value=name), arguments=(), directives=())
        for name in _witnesses(type_)
        if name not in chosen
    ]
    return replace(selection_set, selections=tuple(selections))


# -- the oracle ---------------------------------------------------------------------------------


@dataclass
class Exchange:
    """One request and its response, as the oracle sees them."""

    caller: Caller
    request: str
    status: int
    text: str

    @cached_property
    def body(self) -> dict[str, Any]:
        body = json.loads(self.text)
        assert isinstance(body, dict), self.text[:300]
        return body

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or [])

    @property
    def codes(self) -> set[str]:
        return {str((error.get("extensions") or {}).get("code")) for error in self.errors}

    def error_at(self, path: Path_) -> str | None:
        for error in self.errors:
            if tuple(error.get("path") or ()) == path:
                return str(error["extensions"]["code"])
        return None


def check(exchange: Exchange, truth: Truth) -> None:
    """Everything that must hold for any request, valid or not, from anyone."""
    assert exchange.status in STATUSES, (exchange.status, exchange.text[:500])
    body = exchange.body
    assert "data" in body or "errors" in body, exchange.text[:500]
    _check_errors(exchange, truth)
    shown = {key: value for key, value in body.items() if key != "extensions"}
    scrubbed = json.dumps(shown, ensure_ascii=False)
    for marker in INTERNALS:
        assert marker.lower() not in scrubbed.lower(), (marker, scrubbed[:2000])
    extensions = body.get("extensions") or {}
    assert set(extensions) <= {"sources", "execution"}, extensions
    data = body.get("data")
    if isinstance(data, dict):
        _check_data(exchange, truth, data)


def _check_errors(exchange: Exchange, truth: Truth) -> None:
    for error in exchange.errors:
        assert isinstance(error.get("message"), str), error
        code = (error.get("extensions") or {}).get("code")
        assert code in CODES, error
        assert code != "INTERNAL", ("INTERNAL error", error, exchange.request[:2000])
        # The test hub's sources are all up and its breakers never open.
        assert code != "SOURCE_UNAVAILABLE", ("a source failed", error, exchange.request[:2000])
        for number in _SIXTEEN.findall(error["message"]):
            assert number not in truth.numbers or number in exchange.request, error


def _check_data(exchange: Exchange, truth: Truth, data: dict[str, Any]) -> None:
    caller = exchange.caller
    ordinary = {key: value for key, value in data.items() if key not in AUDIT_ROOTS}
    values = list(_strings(ordinary))
    if not caller.scopes & PII_SCOPES:
        for value in values:
            for number in _SIXTEEN.findall(value):
                assert number not in truth.numbers, f"unmasked NIK/No. KK {number}"
    if "registry:pii" not in caller.scopes:
        for value in values:
            assert value not in truth.names, f"unmasked name {value!r}"
            assert value not in truth.addresses, f"unmasked address {value!r}"
    query_type = SCHEMA.query_type
    assert query_type is not None
    _walk(exchange, truth, data, query_type, ())


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _walk(exchange: Exchange, truth: Truth, value: Any, type_: Any, path: Path_) -> None:
    """Follow the answer along the schema; keys that are not field names (aliases) are
    left to the untyped scans."""
    type_ = type_.of_type if isinstance(type_, graphql.GraphQLNonNull) else type_
    if value is None:
        return
    if isinstance(type_, graphql.GraphQLList):
        assert isinstance(value, list), (path, value)
        for index, item in enumerate(value):
            _walk(exchange, truth, item, type_.of_type, (*path, index))
        return
    if isinstance(type_, graphql.GraphQLUnionType):
        assert isinstance(value, dict), (path, value)
        type_ = SCHEMA.get_type(value["__typename"])
    if not isinstance(type_, graphql.GraphQLObjectType):
        return
    assert isinstance(value, dict), (path, value)
    _check_object(exchange, truth, type_.name, value, path)
    for key, child in value.items():
        definition = type_.fields.get(key)
        if definition is not None:
            _walk(exchange, truth, child, definition.type, (*path, key))


def _check_object(
    exchange: Exchange, truth: Truth, kind: str, record: dict[str, Any], path: Path_
) -> None:
    caller = exchange.caller
    for key, value in record.items():
        where = (*path, key)
        needed = REQUIRED.get((kind, key))
        if needed is not None and not needed <= caller.scopes:
            assert value is None, f"{kind}.{key} shown without {sorted(needed)} at {where}"
            expected = "UNAUTHENTICATED" if caller.anonymous else "FORBIDDEN"
            assert exchange.error_at(where) == expected, (where, exchange.errors)
        scope = MASKED.get((kind, key))
        if scope is not None and value is not None:
            _check_masked(truth, kind, key, value, scope in caller.scopes, where)
    # Records written by other tests after the truth was read are judged by their codes only.
    codes = truth.placed.get(kind, {}).get(str(record.get("id")))
    if codes is not None:
        assert caller.shows(kind, codes), f"{kind} {record['id']} in {codes} leaked at {path}"
    for key in ("villageCode", "regionCode"):
        if isinstance(record.get(key), str) and kind != "Region":
            assert caller.shows(kind, (record[key],)), f"{kind}.{key} {record[key]} at {path}"
    if kind == "DisasterEvent":
        for region in record.get("regions") or ():
            if isinstance(region, dict) and "code" in region:
                assert caller.touches(region["code"]), f"event region {region} at {path}"
    node = kind.removesuffix("Connection")
    if node != kind and node in truth.placed and isinstance(record.get("totalCount"), int):
        assert record["totalCount"] <= truth.visible(node, caller), (path, record["totalCount"])
    if kind == "Person" and "id" in record and isinstance(record.get("recordsWithSameNik"), int):
        nik = truth.nik_of_person[str(record["id"])]
        assert record["recordsWithSameNik"] <= truth.same_nik_visible(nik, caller), path
    if kind == "Person" and "registry:pii" in caller.scopes and isinstance(record.get("nik"), str):
        villages = truth.nik_villages.get(record["nik"], set())
        assert any(caller.sees(v) for v in villages), f"NIK of another region at {path}"


def _check_masked(
    truth: Truth, kind: str, key: str, value: Any, granted: bool, where: Path_
) -> None:
    owner = SCHEMA.get_type(kind)
    assert isinstance(owner, graphql.GraphQLObjectType)
    if graphql.get_named_type(owner.fields[key].type).name == "NIK" or key == "noKk":
        shown = value.isdigit() and len(value) == 16 if granted else _MASKED_NUMBER.fullmatch(value)
        assert shown, f"{kind}.{key} is {value!r} at {where}"
    elif key == "name":
        words = value.split()
        assert granted or (words and all(map(_MASKED_WORD.fullmatch, words))), (where, value)
    elif key == "address":
        assert granted or value not in truth.addresses, (where, value)
    else:
        assert granted, f"{kind}.{key} should be null without its scope, at {where}: {value!r}"
