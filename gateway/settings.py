"""Configuration from ``SIMPUL_*`` environment variables, optionally over a TOML file."""

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from resolvers.agencies import AGENCY_KEYS

DEFAULT_SOURCE_TIMEOUT = 5.0
SourceKind = Literal["sql", "graphql"]
SOURCE_KINDS = ("sql", "graphql")
TelemetryExporter = Literal["none", "console", "otlp"]
TELEMETRY_EXPORTERS = ("none", "console", "otlp")


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """An agency's source: a database the hub reads (``sql``) or the agency's own node, a
    federation subgraph the hub calls over HTTP (``graphql``)."""

    url: str
    timeout: float = DEFAULT_SOURCE_TIMEOUT
    pool_size: int = 10
    breaker_threshold: int = 5
    breaker_cooldown: float = 10.0
    kind: SourceKind = "sql"
    retries: int = 1
    audience: str = ""
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None


@dataclass(frozen=True, slots=True)
class NodeSettings:
    """How an agency node (``simpul agency serve``) recognises the hub's calls."""

    hub_issuer: str
    hub_jwks_url: str
    audience: str | None = None


@dataclass(frozen=True, slots=True)
class ExternalIssuer:
    issuer: str
    jwks_url: str
    audience: str = "simpul"


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path("var")
    sources: Mapping[str, SourceSettings] = field(default_factory=dict)
    hub_url: str = ""
    explain: bool = False
    access_log: bool = True
    dev_mode: bool = False
    ui_dir: Path = Path("build/graphiql")
    issuer: str = "http://127.0.0.1:8000"
    token_ttl: int = 3600
    external_issuers: tuple[ExternalIssuer, ...] = ()
    redis_url: str | None = None
    telemetry: TelemetryExporter = "none"
    otlp_endpoint: str | None = None
    node: NodeSettings | None = None

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    def source(self, agency: str) -> SourceSettings:
        configured = self.sources.get(agency)
        if configured is not None:
            return configured
        return SourceSettings(sqlite_url(self.data_dir / f"{agency}.db"))

    def with_sources(self, **sources: SourceSettings) -> "Settings":
        return replace(self, sources={**self.sources, **sources})

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        config: dict[str, Any] = {}
        if path := env.get("SIMPUL_CONFIG"):
            config = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        data_dir = Path(env.get("SIMPUL_DATA_DIR") or config.get("data_dir") or "var")
        sources_config: Mapping[str, Any] = config.get("sources", {})
        sources = {}
        for agency in AGENCY_KEYS:
            table = sources_config.get(agency, {})
            url = env.get(f"SIMPUL_{agency.upper()}_URL") or table.get("url")
            prefix = f"SIMPUL_{agency.upper()}_"

            def setting(
                name: str, default: float, prefix: str = prefix, table: Any = table
            ) -> float:
                value = env.get(prefix + name.upper()) or table.get(name)
                return float(value) if value else default

            def text(name: str, prefix: str = prefix, table: Any = table) -> str | None:
                value = env.get(prefix + name.upper()) or table.get(name)
                return str(value) if value else None

            url = url or sqlite_url(data_dir / f"{agency}.db")
            sources[agency] = SourceSettings(
                url,
                timeout=setting("timeout", DEFAULT_SOURCE_TIMEOUT),
                pool_size=int(setting("pool_size", 10)),
                breaker_threshold=int(setting("breaker_threshold", 5)),
                breaker_cooldown=setting("breaker_cooldown", 10.0),
                kind=_kind(agency, text("kind"), url),
                retries=int(setting("retries", 1)),
                audience=text("audience") or default_audience(agency),
                ca_file=text("ca_file"),
                client_cert=text("client_cert"),
                client_key=text("client_key"),
            )
        issuer = env.get("SIMPUL_ISSUER") or config.get("issuer") or "http://127.0.0.1:8000"
        node_config: Mapping[str, Any] = config.get("node", {})
        hub_issuer = env.get("SIMPUL_NODE_HUB_ISSUER") or node_config.get("hub_issuer") or issuer
        return cls(
            data_dir=data_dir,
            sources=sources,
            hub_url=env.get("SIMPUL_HUB_URL")
            or config.get("hub_url")
            or sqlite_url(data_dir / "hub.db"),
            explain=_flag(env.get("SIMPUL_EXPLAIN"), config.get("explain", False)),
            access_log=_flag(env.get("SIMPUL_ACCESS_LOG"), config.get("access_log", True)),
            dev_mode=_flag(env.get("SIMPUL_DEV"), config.get("dev_mode", False)),
            ui_dir=Path(env.get("SIMPUL_UI_DIR") or config.get("ui_dir") or "build/graphiql"),
            issuer=issuer,
            token_ttl=int(env.get("SIMPUL_TOKEN_TTL") or config.get("token_ttl") or 3600),
            redis_url=env.get("SIMPUL_REDIS_URL") or config.get("redis_url"),
            telemetry=_exporter(env.get("SIMPUL_TELEMETRY") or config.get("telemetry") or "none"),
            otlp_endpoint=env.get("SIMPUL_OTLP_ENDPOINT") or config.get("otlp_endpoint"),
            external_issuers=tuple(
                ExternalIssuer(entry["issuer"], entry["jwks_url"], entry.get("audience", "simpul"))
                for entry in config.get("issuers", [])
            ),
            node=NodeSettings(
                hub_issuer,
                env.get("SIMPUL_NODE_HUB_JWKS_URL")
                or node_config.get("hub_jwks_url")
                or f"{hub_issuer.rstrip('/')}/.well-known/jwks.json",
                env.get("SIMPUL_NODE_AUDIENCE") or node_config.get("audience"),
            ),
        )


def default_audience(agency: str) -> str:
    """The ``aud`` of the caller-context tokens the hub sends to an agency's node."""
    return f"simpul:{agency}"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return bool(default)
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _kind(agency: str, configured: str | None, url: str) -> SourceKind:
    """``graphql`` for an agency node's URL, ``sql`` for a database URL, unless configured."""
    name = (configured or ("graphql" if url.startswith(("http://", "https://")) else "sql")).lower()
    if name not in SOURCE_KINDS:
        raise ValueError(f"SIMPUL_{agency.upper()}_KIND must be one of {', '.join(SOURCE_KINDS)}")
    return cast(SourceKind, name)


def _exporter(value: str) -> TelemetryExporter:
    name = value.strip().lower()
    if name not in TELEMETRY_EXPORTERS:
        raise ValueError(f"SIMPUL_TELEMETRY must be one of {', '.join(TELEMETRY_EXPORTERS)}")
    return cast(TelemetryExporter, name)
