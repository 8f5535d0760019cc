"""The ``simpul`` command."""

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence

from gateway.cli_access import UsageError
from gateway.cli_access import add_commands as add_access_commands
from gateway.schema_migrations import HUB
from gateway.serving import DEFAULT_GRACEFUL_TIMEOUT, ServeOptions, serve
from gateway.settings import Settings
from resolvers.agencies import AGENCY_KEYS
from schema.node.build import NODE_AGENCIES

DEFAULT_HOUSEHOLDS = 20_000
DEFAULT_SEED = 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="simpul", description="Simpul federation hub")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the GraphQL hub over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="worker processes, each binding the port with SO_REUSEPORT (default 1: in-process)",
    )
    serve.add_argument(
        "--graceful-timeout",
        type=_positive,
        default=DEFAULT_GRACEFUL_TIMEOUT,
        metavar="SECONDS",
        help="on SIGTERM, how long requests in flight may take to finish",
    )
    serve.set_defaults(handler=_serve)

    seed = commands.add_parser("seed", help="(re)build the embedded demo databases")
    seed.add_argument("--households", type=_positive, default=DEFAULT_HOUSEHOLDS)
    seed.add_argument("--seed", type=int, default=DEFAULT_SEED)
    seed.add_argument(
        "--if-empty", action="store_true", help="only seed when no demo database exists yet"
    )
    seed.set_defaults(handler=_seed)

    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="action", required=True
    )
    db_upgrade = db.add_parser("upgrade", help="migrate databases to the current schema")
    db_upgrade.add_argument(
        "--agency", choices=[*AGENCY_KEYS, HUB], help="only this agency's database (or the hub's)"
    )
    db_upgrade.set_defaults(handler=_db_upgrade)

    agency = commands.add_parser("agency", help="an agency's own node").add_subparsers(
        dest="action", required=True
    )
    agency_serve = agency.add_parser(
        "serve", help="serve one agency as a federation subgraph over its own database"
    )
    agency_serve.add_argument("agency", choices=sorted(NODE_AGENCIES))
    agency_serve.add_argument("--host", default="127.0.0.1")
    agency_serve.add_argument("--port", type=int, default=8100)
    agency_serve.set_defaults(handler=_agency_serve)

    add_access_commands(commands)

    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, Settings.load()))
    except UsageError as error:
        parser.error(str(error))


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return number


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    options = ServeOptions(
        args.host, args.port, args.workers, args.graceful_timeout, access_log=settings.access_log
    )
    return serve(options, settings)


def _agency_serve(args: argparse.Namespace, settings: Settings) -> int:
    import logging

    import uvicorn

    from gateway.agency_node import create_node_app

    try:
        app = create_node_app(args.agency, settings)
    except ValueError as error:
        raise UsageError(str(error)) from error
    # The node's log of who asked what (request id, client, purpose, regions) is its record.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.seeding import seed_all
    from gateway.sources import Sources

    if args.if_empty and all((settings.data_dir / f"{a}.db").exists() for a in AGENCY_KEYS):
        print(f"demo data present in {settings.data_dir}/, not seeding")
        return 0

    async def run() -> None:
        sources = Sources.open(settings, create=True)
        try:
            await seed_all(sources.engines(), args.households, args.seed)
        finally:
            await sources.close()

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    print(f"seeded {args.households} households (seed {args.seed}) in {elapsed:.1f} s")
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.schema_migrations import upgrade
    from gateway.sources import engine_for

    databases = [agency for agency in AGENCY_KEYS if settings.source(agency).kind == "sql"]
    urls = {agency: settings.source(agency).url for agency in databases} | {HUB: settings.hub_url}
    if args.agency and args.agency not in urls:
        raise UsageError(f"{args.agency} is an agency node: its database is the agency's own")
    chosen = [args.agency] if args.agency else list(urls)

    async def run() -> None:
        for history in chosen:
            engine = engine_for(urls[history], create=True)
            try:
                await upgrade(engine, history)
            finally:
                await engine.dispose()
            print(f"{history}: at the current schema")

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
