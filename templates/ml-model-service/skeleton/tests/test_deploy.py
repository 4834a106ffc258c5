"""The Kubernetes manifests and the Dockerfile agree with the app they run."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from support import wait_for_state

from ${{ values.package }}.app import create_app
from ${{ values.package }}.config import DEFAULT_MODEL_URI, DEFAULT_PORT, REGISTERED_MODEL, SERVICE_NAME

PROJECT = Path(__file__).resolve().parents[1]


def manifest(name: str) -> dict:
    [document] = list(yaml.safe_load_all((PROJECT / "deploy" / "k8s" / name).read_text()))
    return document


@pytest.fixture(scope="module")
def deployment() -> dict:
    return manifest("deployment.yaml")


@pytest.fixture(scope="module")
def container(deployment) -> dict:
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    return container


def app_paths(app) -> set[str]:
    return {route.path for route in app.routes}


def test_probes_point_at_routes_the_app_serves(container, settings):
    readiness = container["readinessProbe"]["httpGet"]
    liveness = container["livenessProbe"]["httpGet"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert readiness["port"] in ports and liveness["port"] in ports
    assert ports[readiness["port"]] == DEFAULT_PORT

    # A model that cannot load: readiness must fail, liveness must not (or pods restart in a loop).
    broken = replace(settings, model_uri=f"models:/{REGISTERED_MODEL}@no-such-alias")
    app = create_app(broken)
    assert {readiness["path"], liveness["path"]} <= app_paths(app)
    with TestClient(app) as client:
        wait_for_state(client, "failed")
        assert client.get(liveness["path"]).status_code == 200
        assert client.get(readiness["path"]).status_code == 503


def test_readiness_passes_once_the_model_is_loaded(container, client):
    assert client.get(container["readinessProbe"]["httpGet"]["path"]).status_code == 200


def test_liveness_tolerates_a_slow_start(container):
    liveness = container["livenessProbe"]
    # A restart only after the process stopped answering for a while.
    assert liveness.get("failureThreshold", 3) * liveness.get("periodSeconds", 10) >= 30


def cpu(quantity) -> float:
    text = str(quantity)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def memory(quantity) -> float:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "K": 1e3, "M": 1e6, "G": 1e9}
    number, unit = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(quantity)).groups()
    return float(number) * units.get(unit, 1)


def test_resources_are_requested_and_limited(container):
    resources = container["resources"]
    assert cpu(resources["requests"]["cpu"]) > 0
    assert cpu(resources["limits"]["cpu"]) >= cpu(resources["requests"]["cpu"])
    assert memory(resources["requests"]["memory"]) >= 256 * 2**20
    assert memory(resources["limits"]["memory"]) >= memory(resources["requests"]["memory"])


def test_runs_as_non_root_like_the_image(deployment, container):
    pod = deployment["spec"]["template"]["spec"]["securityContext"]
    assert pod["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    # MLflow downloads the model into /tmp: it must stay writable.
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]

    dockerfile = (PROJECT / "Dockerfile").read_text()
    [user] = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    # Numeric, so that Kubernetes can check runAsNonRoot against the image.
    assert user.isdigit() and int(user) != 0
    assert pod["runAsUser"] == int(user)
    assert re.search(rf"^EXPOSE {DEFAULT_PORT}$", dockerfile, re.M)


def test_serves_the_default_model_uri_without_secrets_in_the_manifest(container):
    env = {e["name"]: e for e in container["env"]}
    assert env["MODEL_URI"]["value"] == DEFAULT_MODEL_URI
    assert env["MLFLOW_TRACKING_URI"]["value"].startswith(("http://", "https://"))
    for name, entry in env.items():
        if re.search(r"TOKEN|PASSWORD|SECRET|KEY", name):
            assert "value" not in entry, f"{name} must come from a Secret (valueFrom), not the manifest"


def test_the_service_routes_to_the_pods(deployment, container):
    service = manifest("service.yaml")
    assert service["spec"]["type"] == "ClusterIP"
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    [port] = service["spec"]["ports"]
    assert port["targetPort"] in {p["name"] for p in container["ports"]}
    assert service["metadata"]["name"] == deployment["metadata"]["name"] == SERVICE_NAME
    assert 1 <= deployment["spec"]["replicas"] <= 10
