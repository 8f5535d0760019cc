"""Typed access to the deployment files under ``deploy/`` for the tests beside this module."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

import crossplane  # type: ignore[import-untyped]
import dockerfile  # type: ignore[import-not-found]
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE = DEPLOY / "compose.yaml"
DOCKERFILE = DEPLOY / "Dockerfile"
NGINX = DEPLOY / "nginx.conf"
COLLECTOR = DEPLOY / "otel-collector.yaml"
INIT_SQL = DEPLOY / "postgres" / "init.sql"

Document = dict[str, Any]

# Compose interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}.
_INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def yaml_documents(path: Path) -> list[Document]:
    with path.open(encoding="utf-8") as handle:
        documents = [doc for doc in yaml.safe_load_all(handle) if doc is not None]
    for doc in documents:
        assert isinstance(doc, dict), f"{path.name}: a document is not a mapping"
    return cast(list[Document], documents)


def yaml_document(path: Path) -> Document:
    documents = yaml_documents(path)
    assert len(documents) == 1, f"{path.name}: expected one YAML document"
    return documents[0]


def manifest_paths() -> list[Path]:
    return sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


def manifests() -> list[tuple[Path, Document]]:
    return [(path, doc) for path in manifest_paths() for doc in yaml_documents(path)]


def manifest(kind: str) -> Document:
    found = [doc for _, doc in manifests() if doc["kind"] == kind]
    assert len(found) == 1, f"expected exactly one {kind}, found {len(found)}"
    return found[0]


def compose() -> Document:
    return yaml_document(COMPOSE)


def service(name: str) -> Document:
    services: dict[str, Document] = compose()["services"]
    assert name in services, f"compose service {name!r} missing"
    return services[name]


def interpolated(value: str) -> str:
    """``value`` as Compose would expand it with no variable set: defaults apply, and a
    required variable without a value fails the test."""

    def expand(match: re.Match[str]) -> str:
        op, arg = match.group("op"), match.group("arg")
        assert op is None or "?" not in op, f"{match.group(0)} requires a variable to be set"
        return arg if op is not None else ""

    return _INTERPOLATION.sub(expand, value)


def interpolation_defaults(text: str) -> set[str]:
    return {m.group("arg") for m in _INTERPOLATION.finditer(text) if m.group("op") in {":-", "-"}}


def environment(definition: Document) -> dict[str, str]:
    """A compose service's ``environment``, whether written as a mapping or a list."""
    raw = definition.get("environment", {})
    if isinstance(raw, list):
        pairs = (str(item).split("=", 1) for item in raw)
        return {key: value for key, value in pairs}
    return {str(key): str(value) for key, value in raw.items()}


@cache
def pyproject() -> Document:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def project_version() -> str:
    return str(pyproject()["project"]["version"])


@dataclass(frozen=True)
class Instruction:
    command: str
    value: tuple[str, ...]
    flags: tuple[str, ...]
    original: str


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """Instructions as the Docker (BuildKit) parser reads them, continuations joined."""
    return [
        Instruction(str(c.cmd).upper(), tuple(c.value), tuple(c.flags), str(c.original))
        for c in dockerfile.parse_file(str(path))
    ]


def stages(instructions: list[Instruction]) -> list[list[Instruction]]:
    """The build stages, each starting with its FROM."""
    result: list[list[Instruction]] = []
    for instruction in instructions:
        if instruction.command == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


@dataclass(frozen=True)
class Directive:
    name: str
    args: tuple[str, ...]
    block: tuple["Directive", ...]

    def all(self, name: str) -> list["Directive"]:
        return [child for child in self.block if child.name == name]

    def one(self, name: str) -> "Directive":
        found = self.all(name)
        assert len(found) == 1, f"expected one {name!r} in {self.name}, found {len(found)}"
        return found[0]


def _directive(raw: dict[str, Any]) -> Directive:
    return Directive(
        str(raw["directive"]),
        tuple(str(arg) for arg in raw.get("args", [])),
        tuple(_directive(child) for child in raw.get("block", [])),
    )


def nginx_config(path: Path = NGINX) -> Directive:
    """The nginx configuration as nginx's own grammar reads it (crossplane), as a tree."""
    parsed = crossplane.parse(str(path), single=True, comments=False)
    errors = [error["error"] for error in parsed["errors"]]
    assert parsed["status"] == "ok", f"nginx.conf does not parse: {errors}"
    return Directive("main", (), tuple(_directive(d) for d in parsed["config"][0]["parsed"]))


# Password-like values: credentials inside URLs, and values of keys named like secrets.
_URL_CREDENTIALS = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/:@]*:(?P<value>[^\s@/]+)@", re.I)
_SECRET_KEY = re.compile(
    r"(?<![\w.{-])[\w.-]*(?:password|passwd|pwd|api[_-]?key|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret|auth[_-]?token)[\"']?\s*[:=]\s*[\"']?(?P<value>[^\s\"'#,]+)",
    re.I,
)
_PRIVATE_MATERIAL = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----|\"d\"\s*:\s*\"[\w-]{20,}")
_PLACEHOLDER = re.compile(r"[A-Z][A-Z0-9_]*")


def literal_secrets(text: str) -> list[str]:
    """Password-like literals in ``text``. A reference (``${VAR}``, ``$(command)``, a file
    path) is not one, but the default of ``${VAR:-default}`` is: it is what runs when nobody
    sets the variable. ALL_CAPS placeholders in examples are not literals either."""
    found: list[str] = []
    for pattern in (_URL_CREDENTIALS, _SECRET_KEY):
        for match in pattern.finditer(text):
            value = match.group("value")
            if reference := _INTERPOLATION.fullmatch(value):
                if reference.group("op") in {":-", "-"} and reference.group("arg"):
                    found.append(reference.group("arg"))
            elif not value.startswith(("$", "/")) and not _PLACEHOLDER.fullmatch(value):
                found.append(value)
    found += [match.group(0) for match in _PRIVATE_MATERIAL.finditer(text)]
    return found
