"""The compose stack, checked structurally: the Docker Compose CLI is not required (nor is an
engine), so these tests read the file the way Compose would and check what it wires up."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from resolvers.agencies import AGENCY_KEYS
from tests.deploy.files import (
    COLLECTOR,
    COMPOSE,
    DEPLOY,
    INIT_SQL,
    NGINX,
    Document,
    compose,
    environment,
    interpolated,
    project_version,
    service,
    yaml_document,
)

REQUIRED = {"hub", "proxy", "postgres", "redis", "collector", "viewer"}
WITH_HEALTHCHECK = {"hub", "proxy", "postgres", "redis"}
DEV_PASSWORD = "local-dev-only"


def hub_environment() -> dict[str, str]:
    return {key: interpolated(value) for key, value in environment(service("hub")).items()}


def depends_on(definition: Document) -> dict[str, Document]:
    raw = definition.get("depends_on", {})
    assert isinstance(raw, dict), "depends_on must use the long form with conditions"
    return raw


def bind_sources(definition: Document) -> list[Path]:
    sources = []
    for volume in definition.get("volumes", []):
        source = volume["source"] if isinstance(volume, dict) else str(volume).split(":", 1)[0]
        if source.startswith((".", "/")):
            sources.append((DEPLOY / interpolated(source)).resolve())
    return sources


def test_required_services_are_present() -> None:
    assert set(compose()["services"]) >= REQUIRED


def test_hub_runs_at_least_two_replicas_of_the_built_image() -> None:
    hub = service("hub")
    assert hub["deploy"]["replicas"] >= 2
    assert "container_name" not in hub, "a fixed container name prevents replicas"
    assert "ports" not in hub, "replicas are reached through the proxy, not published ports"
    assert hub["image"] == f"simpul:{project_version()}"
    build = hub["build"]
    context = (DEPLOY / build["context"]).resolve()
    assert (context / build["dockerfile"]).resolve() == (DEPLOY / "Dockerfile").resolve()
    assert (context / "pyproject.toml").is_file()


def test_services_use_pinned_images() -> None:
    for name, definition in compose()["services"].items():
        image = interpolated(definition["image"])
        assert re.fullmatch(r"[\w./-]+:[\w.-]+", image), f"{name}: image {image!r} has no tag"
        assert not image.endswith(":latest"), name


def test_healthchecks_are_defined_where_dependants_wait_for_health() -> None:
    services: dict[str, Document] = compose()["services"]
    for name in WITH_HEALTHCHECK:
        test = services[name]["healthcheck"]["test"]
        assert test[0] in {"CMD", "CMD-SHELL"} and len(test) > 1, name
    for name, definition in services.items():
        for dependency, rule in depends_on(definition).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            condition = rule["condition"]
            assert condition in {"service_started", "service_healthy"}, (name, dependency)
            if condition == "service_healthy":
                assert "healthcheck" in services[dependency], (name, dependency)


def test_start_order() -> None:
    hub = depends_on(service("hub"))
    assert hub["postgres"]["condition"] == "service_healthy"
    assert hub["redis"]["condition"] == "service_healthy"
    assert "collector" in hub
    assert depends_on(service("proxy"))["hub"]["condition"] == "service_healthy"
    assert "viewer" in depends_on(service("collector"))


def test_hub_healthcheck_asks_the_liveness_endpoint_without_curl() -> None:
    test = service("hub")["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    compile(test[3], "healthcheck", "exec")
    assert "urllib.request" in test[3]
    assert "http://127.0.0.1:8000/healthz" in test[3]


def test_hub_connects_to_postgres_redis_and_the_collector() -> None:
    env = hub_environment()
    for agency in (*AGENCY_KEYS, "hub"):
        url = urlsplit(env[f"SIMPUL_{agency.upper()}_URL"])
        assert url.scheme == "postgresql+asyncpg", agency
        assert (url.hostname, url.port) == ("postgres", 5432), agency
        assert url.path == f"/{agency}", agency
        assert url.username == service("postgres")["environment"]["POSTGRES_USER"], agency
        assert url.password == interpolated(service("postgres")["environment"]["POSTGRES_PASSWORD"])
    redis = urlsplit(env["SIMPUL_REDIS_URL"])
    assert (redis.scheme, redis.hostname) == ("redis", "redis")
    assert env["SIMPUL_TELEMETRY"] == "otlp"
    otlp = urlsplit(env["SIMPUL_OTLP_ENDPOINT"])
    receiver = yaml_document(COLLECTOR)["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    assert otlp.hostname == "collector"
    assert otlp.port == int(receiver.rsplit(":", 1)[1])
    assert env["SIMPUL_DATA_DIR"] == "/var/lib/simpul"


def test_init_script_creates_every_database_the_hub_uses() -> None:
    created = re.findall(r"CREATE DATABASE (\w+);", INIT_SQL.read_text(encoding="utf-8"), re.I)
    used = {
        urlsplit(v).path.lstrip("/") for k, v in hub_environment().items() if k.endswith("_URL")
    }
    used.discard("0")  # the Redis database number
    assert sorted(created) == sorted(used)
    mounts = [str(volume) for volume in service("postgres")["volumes"]]
    assert any(m.startswith("./postgres/init.sql:/docker-entrypoint-initdb.d/") for m in mounts)


def test_the_only_literal_password_is_the_marked_development_default() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    defaults = set(re.findall(r"\$\{SIMPUL_DB_PASSWORD:-([^}]*)\}", text))
    assert defaults == {DEV_PASSWORD}
    assert re.search(rf"{DEV_PASSWORD}.*LOCAL DEVELOPMENT DEFAULT", text, re.S | re.I)
    assert ".env" in (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()


def test_signing_keys_are_shared_by_the_replicas() -> None:
    mounts = [str(volume) for volume in service("hub")["volumes"]]
    named = [m for m in mounts if m.endswith(":/var/lib/simpul/keys")]
    assert len(named) == 1
    assert named[0].split(":", 1)[0] in compose()["volumes"]


def test_every_referenced_file_exists() -> None:
    referenced: list[Path] = []
    for definition in compose()["services"].values():
        referenced += bind_sources(definition)
        for env_file in definition.get("env_file", []):
            path = env_file["path"] if isinstance(env_file, dict) else env_file
            referenced.append((DEPLOY / interpolated(path)).resolve())
    assert {NGINX.resolve(), COLLECTOR.resolve(), INIT_SQL.resolve()} <= set(referenced)
    for path in referenced:
        assert path.exists(), f"{path} is referenced by compose.yaml but missing"


def test_collector_loads_the_mounted_configuration() -> None:
    collector = service("collector")
    (mount,) = [str(v) for v in collector["volumes"] if str(v).startswith("./otel-collector.yaml:")]
    target = mount.split(":")[1]
    assert collector["command"] == [f"--config={target}"]
