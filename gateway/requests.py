"""What the GraphQL endpoint accepts before any GraphQL work: size caps, CSRF rules,
persisted and trusted documents. Each refusal is a typed JSON error."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from strawberry.http import GraphQLRequestData

from auth.principal import Principal
from gateway.documents import TrustedDocuments, document_hash
from gateway.responses import refusal

MAX_BODY_BYTES = 256 * 1024
MAX_VARIABLES_BYTES = 64 * 1024
# Headers a browser cannot send cross-site without a CORS preflight; one of them on a GET
# (or a trusted document) shows the request is not a forged simple request.
PREFLIGHT_HEADERS = ("authorization", "x-simpul-csrf", "apollo-require-preflight")
PERSISTED_QUERY_NOT_FOUND = "PersistedQueryNotFound"


@dataclass
class RequestRefused(Exception):
    status: int
    code: str
    message: str
    headers: Mapping[str, str] = field(default_factory=dict)

    def response(self, media: str) -> JSONResponse:
        return refusal(media, self.status, self.code, self.message, self.headers)


def _too_large(limit: int) -> RequestRefused:
    return RequestRefused(413, "BAD_USER_INPUT", f"The request body exceeds {limit} bytes")


async def read_capped_body(request: Request, limit: int = MAX_BODY_BYTES) -> None:
    """Read the body, refusing it as soon as it passes the cap (declared or streamed)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    # Starlette keeps a read body here; later readers (strawberry) take it from there.
    request._body = b"".join(chunks)


def check_get_is_not_forgeable(headers: Any, persisted: bool) -> None:
    if persisted or any(name in headers for name in PREFLIGHT_HEADERS):
        return
    raise RequestRefused(
        400,
        "BAD_USER_INPUT",
        "A GET query needs a non-simple header (Authorization or X-Simpul-CSRF) or a trusted"
        " document",
    )


def check_variables_size(data: GraphQLRequestData) -> None:
    if data.variables and len(json.dumps(data.variables)) > MAX_VARIABLES_BYTES:
        raise RequestRefused(413, "BAD_USER_INPUT", f"Variables exceed {MAX_VARIABLES_BYTES} bytes")


def persisted_hash(extensions: dict[str, Any] | None) -> str | None:
    persisted = (extensions or {}).get("persistedQuery")
    if not isinstance(persisted, dict):
        return None
    sha256 = persisted.get("sha256Hash")
    if persisted.get("version") != 1 or not isinstance(sha256, str) or len(sha256) != 64:
        raise RequestRefused(400, "BAD_USER_INPUT", "Unsupported persistedQuery extension")
    return sha256.lower()


async def resolve_document(
    data: GraphQLRequestData, principal: Principal, documents: TrustedDocuments
) -> None:
    """Fill in a persisted document, store one by APQ, and hold trusted-only clients to
    trusted documents."""
    sha256 = persisted_hash(data.extensions)
    trusted_only = principal.policy.trusted_documents_only
    if sha256 is None:
        stored = (
            await documents.get(document_hash(data.query)) if trusted_only and data.query else None
        )
        if trusted_only and (stored is None or not stored.trusted):
            raise RequestRefused(403, "FORBIDDEN", "This client may run trusted documents only")
        return
    stored = await documents.get(sha256)
    if stored is not None:
        if data.query is not None and data.query != stored.text:
            raise RequestRefused(400, "BAD_USER_INPUT", "provided sha does not match query")
        if trusted_only and not stored.trusted:
            raise RequestRefused(403, "FORBIDDEN", "This client may run trusted documents only")
        data.query = stored.text
        return
    if data.query is None:
        raise RequestRefused(200, "BAD_USER_INPUT", PERSISTED_QUERY_NOT_FOUND)
    if document_hash(data.query) != sha256:
        raise RequestRefused(400, "BAD_USER_INPUT", "provided sha does not match query")
    if not principal.registered or trusted_only:
        raise RequestRefused(403, "FORBIDDEN", "Only registered clients may store documents")
    await documents.add(data.query, added_by=principal.client_id or "unknown", trusted=False)
