"""OAuth 2.0 endpoints: the client-credentials token endpoint, JWKS and RFC 8414 metadata.

authlib's grant machinery is synchronous while clients live in an async database, so the
endpoint looks the client up first and hands authlib a server that knows only that client.
"""

import base64
import binascii
from collections import defaultdict
from typing import Any
from urllib.parse import unquote

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.errors import InsecureTransportError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from auth.clients import RegisteredClient, secret_matches
from auth.regions import RegionScope
from auth.scopes import SCOPES
from auth.tokens import Grant
from gateway.hub import Hub
from gateway.requests import RequestRefused, read_capped_body

MAX_FORM_BYTES = 8192
GRANT_TYPE = "client_credentials"
AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class _Client(ClientMixin):  # type: ignore[misc]
    def __init__(self, registered: RegisteredClient) -> None:
        self.registered = registered

    def get_client_id(self) -> str:
        return self.registered.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(sorted(set(scope.split()) & self.registered.scopes))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return secret_matches(client_secret, self.registered.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == GRANT_TYPE


class _FormPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, form: dict[str, list[str]]) -> None:
        self._form = form

    @property
    def data(self) -> dict[str, str]:
        return {key: values[0] for key, values in self._form.items()}

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return defaultdict(list, self._form)


class _TokenRequest(OAuth2Request):  # type: ignore[misc]
    def __init__(self, request: Request, form: dict[str, list[str]]) -> None:
        super().__init__(request.method, str(request.url), headers=request.headers)
        self.payload = _FormPayload(form)
        self._form = form

    @property
    def args(self) -> dict[str, str]:
        return {}

    @property
    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in self._form.items()}


class _ClientCredentials(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def validate_token_request(self) -> None:
        super().validate_token_request()
        registered: RegisteredClient = self.request.client.registered
        data = self.request.payload.data
        requested = set((data.get("scope") or "").split())
        if not requested <= registered.scopes:
            raise InvalidScopeError(description="A requested scope was not granted to this client")
        regions = (data.get("regions") or "").split()
        if regions and not all(RegionScope.of(registered.regions).allows(r) for r in regions):
            raise InvalidScopeError(description="A requested region was not granted to this client")
        purpose = data.get("purpose")
        if purpose and purpose != registered.purpose:
            raise InvalidRequestError(description="This client is registered for another purpose")


class _Server(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, hub: Hub, client: RegisteredClient | None) -> None:
        super().__init__(scopes_supported=sorted(SCOPES))
        self.hub = hub
        self.client = client
        self.register_grant(_ClientCredentials)
        self.register_token_generator(GRANT_TYPE, self._generate)

    def query_client(self, client_id: str) -> _Client | None:
        if self.client is None or self.client.client_id != client_id or not self.client.active:
            return None
        return _Client(self.client)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Tokens are self-contained JWTs; nothing to store."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No listeners."""

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request

    def handle_response(self, status: int, body: Any, headers: Any) -> Response:
        return JSONResponse(body, status_code=status, headers=dict(headers))

    def _generate(self, *, client: _Client, scope: str | None, **_: Any) -> dict[str, Any]:
        registered = client.registered
        data = self._request_data
        regions = tuple((data.get("regions") or "").split()) or registered.regions
        scopes = frozenset(scope.split()) if scope else registered.scopes
        ttl = self.hub.settings.token_ttl
        grant = Grant(registered.client_id, scopes, regions, registered.purpose)
        return {
            "access_token": self.hub.security.issuer.issue(grant, ttl),
            "token_type": "Bearer",
            "expires_in": ttl,
            "scope": " ".join(sorted(scopes)),
            "regions": " ".join(regions),
        }

    def respond(self, request: _TokenRequest) -> Response:
        self._request_data = request.payload.data
        response: Response = self.create_token_response(request)
        return response


async def token_endpoint(request: Request) -> Response:
    hub: Hub = request.app.state.hub
    try:
        await read_capped_body(request, MAX_FORM_BYTES)
    except RequestRefused:
        return JSONResponse({"error": "invalid_request"}, status_code=413)
    form: dict[str, list[str]] = defaultdict(list)
    async with request.form(max_files=0, max_fields=20) as parsed:
        for key, value in parsed.multi_items():
            if isinstance(value, str):
                form[key].append(value)
    await hub.security.prepare()
    client_id = _client_id(request, form)
    if client_id is None and request.headers.get("authorization", "").lower().startswith("basic"):
        return JSONResponse(
            {"error": "invalid_client"},
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="simpul"'},
        )
    client = await hub.security.clients.get(client_id) if client_id else None
    try:
        token_request = _TokenRequest(request, dict(form))
    except InsecureTransportError:
        # Plain HTTP to a non-loopback host: behind a TLS proxy, the proxy's
        # X-Forwarded-Proto must be trusted (FORWARDED_ALLOW_IPS) for the hub to see HTTPS.
        described = {"error": "invalid_request", "error_description": "HTTPS is required"}
        return JSONResponse(described, status_code=400, headers={"Cache-Control": "no-store"})
    response = _Server(hub, client).respond(token_request)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _client_id(request: Request, form: dict[str, list[str]]) -> str | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return unquote(decoded.partition(":")[0]) or None
    values = form.get("client_id")
    return values[0] if values else None


async def jwks_endpoint(request: Request) -> Response:
    hub: Hub = request.app.state.hub
    return JSONResponse(hub.security.keyring.jwks(), headers={"Cache-Control": "max-age=300"})


async def metadata_endpoint(request: Request) -> Response:
    hub: Hub = request.app.state.hub
    issuer = hub.settings.issuer.rstrip("/")
    return JSONResponse(
        {
            "issuer": hub.settings.issuer,
            "token_endpoint": f"{issuer}/oauth/token",
            "jwks_uri": f"{issuer}/.well-known/jwks.json",
            "grant_types_supported": [GRANT_TYPE],
            "token_endpoint_auth_methods_supported": AUTH_METHODS,
            "scopes_supported": sorted(SCOPES),
            "response_types_supported": [],
        }
    )
