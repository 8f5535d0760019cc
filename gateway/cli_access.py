"""``simpul client``, ``token``, ``keys`` and ``audit``: access administration from the shell."""

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from graphql import GraphQLError, parse

from auth.clients import POLICY_COLUMNS
from auth.regions import NATIONAL
from auth.scopes import UnknownScope, parse_scopes
from auth.tokens import MAX_TTL, Grant
from gateway.security import Security
from gateway.settings import Settings
from gateway.sources import engine_for
from resolvers.wilayah import gazetteer


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    client = commands.add_parser("client", help="manage OAuth clients").add_subparsers(
        dest="action", required=True
    )
    add = client.add_parser("add", help="register a client; prints its secret once")
    add.add_argument("name")
    add.add_argument("--scopes", required=True, help='space-separated, e.g. "registry:read"')
    add.add_argument("--regions", required=True, help='space-separated prefixes, or "*"')
    add.add_argument("--purpose", help="the declared purpose of processing")
    add.set_defaults(handler=_client_add)
    client.add_parser("list", help="list registered clients").set_defaults(handler=_client_list)
    configure = client.add_parser("set", help="change a client's limits and switches")
    configure.add_argument("client_id")
    configure.add_argument("--max-cost", type=int, help="query cost budget")
    configure.add_argument("--max-depth", type=int, help="query depth limit")
    configure.add_argument("--rate", type=int, dest="requests_per_minute", help="requests a minute")
    switch = argparse.BooleanOptionalAction
    configure.add_argument("--introspection", action=switch, help="allow schema introspection")
    configure.add_argument(
        "--trusted-documents-only", action=switch, help="run registered documents only"
    )
    configure.set_defaults(handler=_client_set)
    disable = client.add_parser("disable", help="disable a client and its tokens at once")
    disable.add_argument("client_id")
    disable.set_defaults(handler=_client_disable)

    token = commands.add_parser("token", help="sign an access token with the hub's key")
    token.add_argument("--scopes", required=True)
    token.add_argument("--regions", required=True)
    token.add_argument("--purpose")
    token.add_argument("--ttl", type=int, default=3600, help=f"seconds, at most {MAX_TTL}")
    token.add_argument("--subject", default="simpul-operator", help="the token's sub claim")
    token.set_defaults(handler=_token)

    keys = commands.add_parser("keys", help="manage the hub's signing keys").add_subparsers(
        dest="action", required=True
    )
    keys.add_parser(
        "rotate", help="sign with a new key; old keys verify until expiry"
    ).set_defaults(handler=_keys_rotate)

    documents = commands.add_parser("documents", help="trusted documents").add_subparsers(
        dest="action", required=True
    )
    add_documents = documents.add_parser("add", help="register GraphQL files by their SHA-256")
    add_documents.add_argument("files", nargs="+", type=Path)
    add_documents.set_defaults(handler=_documents_add)

    audit = commands.add_parser("audit", help="the audit log").add_subparsers(
        dest="action", required=True
    )
    audit.add_parser("verify", help="check the hash chain").set_defaults(handler=_audit_verify)


class UsageError(Exception):
    pass


def parse_regions(text: str) -> tuple[str, ...]:
    regions = tuple(text.split())
    if not regions:
        raise UsageError("give at least one region prefix, or '*'")
    unknown = [code for code in regions if code != NATIONAL and code not in gazetteer()]
    if unknown:
        raise UsageError(f"unknown region code(s): {', '.join(unknown)}")
    return regions


def _scopes(text: str) -> frozenset[str]:
    try:
        return parse_scopes(text)
    except UnknownScope as error:
        raise UsageError(str(error)) from error


def _with_security(settings: Settings, work: Callable[[Security], Awaitable[int]]) -> int:
    async def run() -> int:
        security = Security(settings, engine_for(settings.hub_url, create=True))
        try:
            await security.prepare()
            return await work(security)
        finally:
            await security.hub_engine.dispose()

    return asyncio.run(run())


def _client_add(args: argparse.Namespace, settings: Settings) -> int:
    scopes, regions = _scopes(args.scopes), parse_regions(args.regions)

    async def work(security: Security) -> int:
        created = await security.clients.add(args.name, scopes, regions, args.purpose)
        print(f"client_id:     {created.client.client_id}")
        print(f"client_secret: {created.secret}")
        print("The secret is shown only now; it is stored hashed.")
        return 0

    return _with_security(settings, work)


def _client_list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(security: Security) -> int:
        for client in await security.clients.all():
            state = "active" if client.active else f"disabled {client.disabled_at:%Y-%m-%d %H:%M}"
            scopes = " ".join(sorted(client.scopes))
            print(
                f"{client.client_id}  {client.name}  [{state}]  scopes={scopes}"
                f"  regions={' '.join(client.regions)}  purpose={client.purpose or '-'}"
            )
        return 0

    return _with_security(settings, work)


def _client_disable(args: argparse.Namespace, settings: Settings) -> int:
    async def work(security: Security) -> int:
        if await security.clients.disable(args.client_id):
            print(f"disabled {args.client_id}; its tokens are refused from now on")
            return 0
        print(f"no active client {args.client_id}")
        return 1

    return _with_security(settings, work)


def _client_set(args: argparse.Namespace, settings: Settings) -> int:
    overrides = {
        name: getattr(args, name) for name in POLICY_COLUMNS if getattr(args, name) is not None
    }
    if not overrides:
        raise UsageError("nothing to change: give at least one setting")

    async def work(security: Security) -> int:
        if await security.clients.configure(args.client_id, **overrides):
            print(f"updated {args.client_id}: {overrides}")
            return 0
        print(f"no client {args.client_id}")
        return 1

    return _with_security(settings, work)


def _documents_add(args: argparse.Namespace, settings: Settings) -> int:
    texts = {}
    for path in args.files:
        text = path.read_text(encoding="utf-8")
        try:
            parse(text)
        except GraphQLError as error:
            raise UsageError(f"{path}: not a GraphQL document ({error.message})") from error
        texts[path] = text

    async def work(security: Security) -> int:
        for path, text in texts.items():
            sha256 = await security.documents.add(text, "simpul-operator", path.name, trusted=True)
            print(f"{sha256}  {path}")
        return 0

    return _with_security(settings, work)


def _token(args: argparse.Namespace, settings: Settings) -> int:
    grant = Grant(args.subject, _scopes(args.scopes), parse_regions(args.regions), args.purpose)
    security = Security(settings, engine_for(settings.hub_url, create=True))
    try:
        print(security.issuer.issue(grant, args.ttl))
    except ValueError as error:
        raise UsageError(str(error)) from error
    return 0


def _keys_rotate(args: argparse.Namespace, settings: Settings) -> int:
    key = Security(settings, engine_for(settings.hub_url)).keyring.rotate(
        retire_after=MAX_TTL + 300
    )
    print(f"new signing key {key.kid}; earlier keys still verify the tokens they signed")
    return 0


def _audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    async def work(security: Security) -> int:
        broken = await security.audit.verify()
        if broken is None:
            print("audit chain intact")
            return 0
        print(f"audit chain broken at row {broken.row_id}: {broken.reason}")
        return 1

    return _with_security(settings, work)
