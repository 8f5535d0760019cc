"""The image: two stages, a slim runtime with the installed venv only, non-root, healthy."""

import re

import pytest

import gateway.cli
from tests.deploy.files import (
    DEPLOY,
    Instruction,
    dockerfile_instructions,
    pyproject,
    stages,
    yaml_document,
)

ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - what a container must listen on
BUILD_TOOLS = re.compile(r"\b(gcc|g\+\+|clang|build-essential|make|cmake|[\w.-]+-dev)\b")


def final_stage() -> list[Instruction]:
    return stages(dockerfile_instructions())[-1]


def only(stage: list[Instruction], command: str) -> Instruction:
    found = [instruction for instruction in stage if instruction.command == command]
    assert len(found) == 1, f"expected one {command}, found {len(found)}"
    return found[0]


def environment(stage: list[Instruction]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for instruction in stage:
        if instruction.command == "ENV":
            values = instruction.value
            pairs |= dict(zip(values[::2], values[1::2], strict=True))
    return pairs


def test_builds_in_two_stages_onto_python_slim() -> None:
    all_stages = stages(dockerfile_instructions())
    assert len(all_stages) >= 2
    builder, runtime = all_stages[0][0], all_stages[-1][0]
    assert builder.value[0] == runtime.value[0] == "python:3.11-slim"
    assert [v.lower() for v in builder.value[1:]] == ["as", "builder"]


def test_final_stage_has_the_venv_and_nothing_from_the_build_context() -> None:
    copies = [i for i in final_stage() if i.command in {"COPY", "ADD"}]
    assert [(c.flags, c.value) for c in copies] == [
        (("--from=builder",), ("/opt/venv", "/opt/venv"))
    ]
    assert environment(final_stage())["PATH"].startswith("/opt/venv/bin:")


def test_no_build_tools_in_the_final_stage() -> None:
    for instruction in final_stage():
        if instruction.command == "RUN":
            command = " ".join(instruction.value)
            assert not BUILD_TOOLS.search(command), command
            assert not re.search(r"\b(apt-get|apt|apk|pip)\s+install\b", command), command


def test_runs_as_the_non_root_user_kubernetes_expects() -> None:
    user = only(final_stage(), "USER").value[0]
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) != 0, "a numeric uid lets Kubernetes check runAsNonRoot"
    pod = yaml_document(DEPLOY / "k8s" / "deployment.yaml")["spec"]["template"]["spec"]
    assert int(uid) == pod["securityContext"]["runAsUser"]
    assert int(gid) == pod["securityContext"]["runAsGroup"]


def test_data_dir_and_port() -> None:
    assert environment(final_stage())["SIMPUL_DATA_DIR"] == "/var/lib/simpul"
    assert only(final_stage(), "EXPOSE").value == ("8000",)


def test_healthcheck_requests_healthz_with_python() -> None:
    healthcheck = only(final_stage(), "HEALTHCHECK")
    assert healthcheck.value[:3] == ("CMD", "python", "-c")
    snippet = healthcheck.value[3]
    compile(snippet, "HEALTHCHECK", "exec")
    assert "urllib.request.urlopen('http://127.0.0.1:8000/healthz'" in snippet
    assert not re.search(r"\b(curl|wget)\b", healthcheck.original)


def test_entrypoint_serves_on_all_interfaces(monkeypatch: pytest.MonkeyPatch) -> None:
    entrypoint = only(final_stage(), "ENTRYPOINT").value
    assert entrypoint == ("simpul", "serve", "--host", ALL_INTERFACES, "--port", "8000")
    assert entrypoint[0] in pyproject()["project"]["scripts"]
    started: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.update(options, app=app))
    assert gateway.cli.main(list(entrypoint[1:])) == 0
    assert (started["app"], started["host"], started["port"]) == (
        "gateway.app:create_app",
        ALL_INTERFACES,
        8000,
    )


def test_builder_copies_every_package_the_project_installs() -> None:
    builder = stages(dockerfile_instructions())[0]
    copied = {i.value[0].rstrip("/") for i in builder if i.command == "COPY"}
    copied |= {v for i in builder if i.command == "COPY" for v in i.value[:-1]}
    packages = {
        p.rstrip("*") for p in pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    assert packages <= copied
    assert {"pyproject.toml", str(pyproject()["project"]["readme"])} <= copied
    ignore = [
        line.strip()
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ignore[0] == "*", "the build context should admit only what the image needs"
    for name in packages | {"pyproject.toml", "README.md"}:
        assert f"!{name}/" in ignore or f"!{name}" in ignore, name
