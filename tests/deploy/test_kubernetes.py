"""The Kubernetes manifests: schema-valid for a pinned Kubernetes version, and the hub's
operational policies (probes, non-root, secrets by reference, scaling, network) in place."""

import copy
import re
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest

from tests.deploy.files import (
    DEPLOY,
    K8S,
    Document,
    literal_secrets,
    manifest,
    manifest_paths,
    manifests,
    project_version,
    yaml_document,
)

# Schemas bundled with kubernetes-validate: validation needs no network and no cluster.
KUBERNETES_VERSION = "1.33"
NAMESPACE = "simpul"
TMP = "/tmp"  # noqa: S108 - the emptyDir mount point, not a file this test writes
EXPECTED_KINDS = {
    "Namespace",
    "ServiceAccount",
    "ConfigMap",
    "Deployment",
    "Service",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "NetworkPolicy",
}


def validate(document: Document) -> str:
    return str(kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True))


def _ids() -> list[str]:
    return [f"{path.name}:{doc['kind']}/{doc['metadata']['name']}" for path, doc in manifests()]


def pod_spec() -> Document:
    spec: Document = manifest("Deployment")["spec"]["template"]["spec"]
    return spec


def hub_container() -> Document:
    containers: list[Document] = pod_spec()["containers"]
    assert len(containers) == 1
    return containers[0]


def pod_labels() -> dict[str, str]:
    labels: dict[str, str] = manifest("Deployment")["spec"]["template"]["metadata"]["labels"]
    return labels


def selects_hub_pods(selector: dict[str, str]) -> bool:
    return bool(selector) and selector.items() <= pod_labels().items()


def config() -> dict[str, str]:
    data: dict[str, str] = manifest("ConfigMap")["data"]
    return data


@pytest.mark.parametrize(("path", "document"), manifests(), ids=_ids())
def test_manifest_is_valid_for_the_pinned_kubernetes_version(
    path: Path, document: Document
) -> None:
    assert validate(document) == KUBERNETES_VERSION


def test_validation_is_strict_and_offline() -> None:
    """A misspelt field and a wrong type are caught, so the test above means something."""
    deployment = manifest("Deployment")
    misspelt = copy.deepcopy(deployment)
    container = misspelt["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbes"] = container.pop("readinessProbe")
    wrong_type = copy.deepcopy(deployment)
    wrong_type["spec"]["replicas"] = "two"
    for broken in (misspelt, wrong_type):
        with pytest.raises(kubernetes_validate.ValidationError):
            validate(broken)


def test_every_kind_is_present_once_in_the_namespace() -> None:
    kinds = [doc["kind"] for _, doc in manifests()]
    assert sorted(kinds) == sorted(EXPECTED_KINDS)
    for _, doc in manifests():
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == NAMESPACE
    assert manifest("Namespace")["metadata"]["name"] == NAMESPACE


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml_document(K8S / "kustomization.yaml")
    assert kustomization["namespace"] == NAMESPACE
    assert sorted(kustomization["resources"]) == [path.name for path in manifest_paths()]
    assert kustomization["images"] == [{"name": "simpul", "newTag": project_version()}]


def test_namespace_enforces_the_restricted_pod_security_standard() -> None:
    labels = manifest("Namespace")["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"


def test_image_is_pinned_to_the_package_version() -> None:
    image = hub_container()["image"]
    name, _, tag = image.rpartition(":")
    assert name == "simpul"
    assert tag == project_version()
    assert tag != "latest"


def test_probes_use_the_health_endpoints_on_the_served_port() -> None:
    container = hub_container()
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {"http": 8000}
    expected = {
        "livenessProbe": "/healthz",
        "readinessProbe": "/readyz",
        "startupProbe": "/healthz",
    }
    for probe, path in expected.items():
        action = container[probe]["httpGet"]
        assert action["path"] == path, probe
        assert ports.get(action["port"], action["port"]) == 8000, probe


def test_runs_as_non_root_with_a_read_only_root_filesystem() -> None:
    pod = pod_spec()["securityContext"]
    assert pod["runAsNonRoot"] is True
    assert pod["runAsUser"] != 0
    assert pod["runAsGroup"] != 0
    assert pod["seccompProfile"]["type"] == "RuntimeDefault"
    container = hub_container()["securityContext"]
    assert container["allowPrivilegeEscalation"] is False
    assert container["readOnlyRootFilesystem"] is True
    assert container["capabilities"]["drop"] == ["ALL"]
    assert "privileged" not in container or container["privileged"] is False
    assert pod_spec()["automountServiceAccountToken"] is False


def test_only_tmp_and_the_keys_are_mounted() -> None:
    volumes = {volume["name"]: volume for volume in pod_spec()["volumes"]}
    mounts = {mount["mountPath"]: mount for mount in hub_container()["volumeMounts"]}
    assert set(mounts) == {TMP, f"{config()['SIMPUL_DATA_DIR']}/keys"}
    assert "emptyDir" in volumes[mounts[TMP]["name"]]
    keys = mounts[f"{config()['SIMPUL_DATA_DIR']}/keys"]
    assert keys["readOnly"] is True
    # Secret files are owned by root with the pod's fsGroup: the group must be able to read.
    secret = volumes[keys["name"]]["secret"]
    assert secret["defaultMode"] & 0o040
    assert not secret["defaultMode"] & 0o007


def test_resources_are_requested_and_limited() -> None:
    resources = hub_container()["resources"]
    for bound in ("requests", "limits"):
        assert set(resources[bound]) == {"cpu", "memory"}, bound


def test_termination_is_graceful() -> None:
    pre_stop = hub_container()["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    pause = int(pre_stop[1])
    assert pause > 0
    # The pause plus time for uvicorn to drain must fit in the grace period.
    assert pod_spec()["terminationGracePeriodSeconds"] >= pause + 15


def test_rolling_update_never_drops_below_the_replica_count() -> None:
    spec = manifest("Deployment")["spec"]
    assert spec["replicas"] == 2
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert selects_hub_pods(spec["selector"]["matchLabels"])


def test_secrets_come_from_secrets_the_manifests_do_not_contain() -> None:
    assert "Secret" not in {doc["kind"] for _, doc in manifests()}
    env_from = hub_container()["envFrom"]
    assert {"configMapRef": {"name": "simpul-config"}} in env_from
    assert {"secretRef": {"name": "simpul-secrets"}} in env_from
    secret_volumes = [v["secret"]["secretName"] for v in pod_spec()["volumes"] if "secret" in v]
    assert secret_volumes == ["simpul-signing-keys"]
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for name in ("simpul-secrets", "simpul-signing-keys"):
        assert f"create secret generic {name}" in readme, (
            f"README does not say how to create {name}"
        )


def test_configmap_holds_settings_but_no_connection_strings() -> None:
    data = config()
    assert data["SIMPUL_DATA_DIR"] == "/var/lib/simpul"
    assert data["SIMPUL_TELEMETRY"] == "otlp"
    assert not [key for key in data if re.fullmatch(r"SIMPUL_\w+_URL", key)]
    for value in data.values():
        assert "@" not in value


@pytest.mark.parametrize(
    "path", sorted(p for p in DEPLOY.rglob("*") if p.is_file()), ids=lambda p: p.name
)
def test_no_literal_secrets_outside_the_compose_dev_default(path: Path) -> None:
    found = literal_secrets(path.read_text(encoding="utf-8"))
    if path.name == "compose.yaml":
        assert set(found) <= {"local-dev-only"}
    else:
        assert found == []


def test_secret_scan_finds_passwords() -> None:
    sample = "password: hunter2\nurl: postgresql+asyncpg://u:s3cret@db/x\nX_PWD=${P:-fallback}\n"
    assert sorted(literal_secrets(sample)) == ["fallback", "hunter2", "s3cret"]
    assert literal_secrets("password: ${DB_PASSWORD}\nurl: redis://:PASSWORD@HOST/0\n") == []


def test_service_routes_to_the_hub_port() -> None:
    spec = manifest("Service")["spec"]
    assert selects_hub_pods(spec["selector"])
    assert [(p["port"], p["targetPort"]) for p in spec["ports"]] == [(8000, "http")]


def test_autoscaler_scales_the_deployment_on_cpu() -> None:
    spec = manifest("HorizontalPodAutoscaler")["spec"]
    target = spec["scaleTargetRef"]
    assert (target["kind"], target["name"]) == (
        "Deployment",
        manifest("Deployment")["metadata"]["name"],
    )
    assert spec["minReplicas"] >= 2
    assert spec["maxReplicas"] > spec["minReplicas"]
    (metric,) = spec["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert 0 < metric["resource"]["target"]["averageUtilization"] <= 100


def test_disruption_budget_keeps_one_replica() -> None:
    spec = manifest("PodDisruptionBudget")["spec"]
    assert spec["minAvailable"] == 1
    assert selects_hub_pods(spec["selector"]["matchLabels"])


def _ports(rule: dict[str, Any]) -> set[tuple[str, int]]:
    return {(port.get("protocol", "TCP"), port["port"]) for port in rule["ports"]}


def test_network_policy_admits_only_the_ingress_controller() -> None:
    spec = manifest("NetworkPolicy")["spec"]
    assert selects_hub_pods(spec["podSelector"]["matchLabels"])
    assert sorted(spec["policyTypes"]) == ["Egress", "Ingress"]
    (rule,) = spec["ingress"]
    assert rule["from"] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}
    ]
    assert _ports(rule) == {("TCP", 8000)}


def test_network_policy_allows_only_dns_databases_and_the_collector() -> None:
    egress = manifest("NetworkPolicy")["spec"]["egress"]
    for rule in egress:
        assert rule.get("to"), "an egress rule without destinations allows everywhere"
        assert rule.get("ports"), "an egress rule without ports allows every port"
    allowed = set().union(*(_ports(rule) for rule in egress))
    collector_port = int(config()["SIMPUL_OTLP_ENDPOINT"].rsplit(":", 1)[1])
    assert allowed == {
        ("UDP", 53),
        ("TCP", 53),
        ("TCP", 5432),
        ("TCP", 6379),
        ("TCP", collector_port),
    }
