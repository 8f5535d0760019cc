"""nginx in front of the hub replicas, and the collector's traces pipeline into Jaeger."""

from typing import Any
from urllib.parse import urlsplit

from tests.deploy.files import COLLECTOR, Directive, compose, nginx_config, service, yaml_document


def http_block() -> Directive:
    return nginx_config().one("http")


def upstream(name: str) -> Directive:
    (found,) = [block for block in http_block().all("upstream") if block.args == (name,)]
    return found


def root_location() -> Directive:
    server = http_block().one("server")
    (found,) = [block for block in server.all("location") if block.args == ("/",)]
    return found


def test_proxy_balances_over_every_hub_replica() -> None:
    proxy_pass = root_location().one("proxy_pass").args[0]
    assert proxy_pass.startswith("http://")
    pool = upstream(proxy_pass.removeprefix("http://"))
    servers = [entry.args for entry in pool.all("server")]
    assert [args[0] for args in servers] == ["hub:8000"]
    # `hub` resolves to one address per replica; `resolve` (with a resolver and a shared zone)
    # keeps the pool in step with scaling and restarts.
    assert "resolve" in servers[0]
    assert pool.all("zone")
    assert http_block().one("resolver").args[0] == "127.0.0.11"
    assert service("hub")["deploy"]["replicas"] >= 2
    assert service("hub")["expose"] == ["8000"]


def test_proxy_passes_the_client_address() -> None:
    headers = {
        entry.args[0].lower(): entry.args[1] for entry in root_location().all("proxy_set_header")
    }
    assert headers["x-forwarded-for"] == "$proxy_add_x_forwarded_for"
    assert headers["x-forwarded-proto"] == "$scheme"
    # uvicorn only believes X-Forwarded-For from addresses it is told to trust.
    assert "FORWARDED_ALLOW_IPS" in service("hub")["environment"]


def test_proxy_healthcheck_path_is_answered_by_nginx_itself() -> None:
    server = http_block().one("server")
    listen = int(server.one("listen").args[0])
    test = service("proxy")["healthcheck"]["test"]
    url = urlsplit(test[-1])
    assert url.hostname == "127.0.0.1"
    path = url.path
    (location,) = [block for block in server.all("location") if block.args == ("=", path)]
    assert location.one("return").args[0] == "200"
    published = [str(port) for port in service("proxy")["ports"]]
    assert [port.rsplit(":", 1)[1] for port in published] == [str(listen)]


def collector() -> dict[str, Any]:
    return yaml_document(COLLECTOR)


def test_traces_flow_from_otlp_through_batch_to_jaeger_and_debug() -> None:
    config = collector()
    traces = config["service"]["pipelines"]["traces"]
    assert traces["receivers"] == ["otlp"]
    assert "http" in config["receivers"]["otlp"]["protocols"]
    assert "batch" in traces["processors"]
    # memory_limiter must see data first to be able to refuse it.
    assert traces["processors"][0] == "memory_limiter"
    otlp_exporters = [name for name in traces["exporters"] if name.split("/")[0] == "otlp"]
    assert len(otlp_exporters) == 1
    assert "debug" in traces["exporters"]
    host, port = config["exporters"][otlp_exporters[0]]["endpoint"].rsplit(":", 1)
    assert host == "viewer"
    assert host in compose()["services"]
    assert port in {str(p) for p in service("viewer")["expose"]}


def test_every_pipeline_component_is_defined() -> None:
    config = collector()
    sections = {"receivers": "receivers", "processors": "processors", "exporters": "exporters"}
    for name, pipeline in config["service"]["pipelines"].items():
        for section, defined in sections.items():
            for component in pipeline.get(section, []):
                assert component in config[defined], f"{name}: {component} is not defined"
    for extension in config["service"].get("extensions", []):
        assert extension in config["extensions"]
