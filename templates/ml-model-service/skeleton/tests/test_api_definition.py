"""openapi.yaml, the catalog API entity's definition, describes the app as it is."""

from pathlib import Path

import yaml

from ${{ values.package }}.__main__ import openapi_yaml
from ${{ values.package }}.app import create_app
from ${{ values.package }}.config import MODEL_REF, SERVICE_NAME, Settings

PROJECT = Path(__file__).resolve().parents[1]
REGENERATE = "regenerate it: PYTHONPATH=src python -m ${{ values.package }} openapi > openapi.yaml"


def committed() -> dict:
    return yaml.safe_load((PROJECT / "openapi.yaml").read_text())


def generated() -> dict:
    # Through YAML, as the committed file went: the same types (lists, not tuples).
    return yaml.safe_load(openapi_yaml())


def test_the_committed_spec_has_the_apps_paths():
    spec, app = committed(), generated()
    assert spec["info"]["title"] == SERVICE_NAME
    assert spec["paths"] == app["paths"], f"openapi.yaml is out of date; {REGENERATE}"


def test_the_committed_spec_has_the_apps_bodies():
    spec, app = committed(), generated()
    # FastAPI's own schemas may differ between FastAPI versions; ours must not.
    ours = set(app["components"]["schemas"]) - {"HTTPValidationError", "ValidationError"}
    assert {"PredictRequest", "PredictResponse", "HealthResponse", "ReadyResponse"} <= ours
    for name in ours:
        assert name in spec["components"]["schemas"], f"openapi.yaml has no {name}; {REGENERATE}"
        expected = set(app["components"]["schemas"][name].get("properties", {}))
        actual = set(spec["components"]["schemas"][name].get("properties", {}))
        assert actual == expected, f"{name} in openapi.yaml is out of date; {REGENERATE}"


def test_the_spec_documents_the_routes_and_errors():
    paths = committed()["paths"]
    assert set(paths) == {"/health", "/ready", "/predict"}
    assert {"200", "413", "422", "503"} <= set(paths["/predict"]["post"]["responses"])
    assert {route.path for route in create_app(Settings()).routes} >= set(paths)


def test_the_catalog_entities_point_at_the_spec_and_the_model():
    documents = list(yaml.safe_load_all((PROJECT / "catalog-info.yaml").read_text()))
    by_kind = {d["kind"]: d for d in documents}
    api, component = by_kind["API"], by_kind["Component"]
    assert api["spec"]["type"] == "openapi"
    assert (PROJECT / api["spec"]["definition"]["$text"]).resolve() == PROJECT / "openapi.yaml"
    assert component["spec"]["providesApis"] == [f"api:default/{SERVICE_NAME}"]
    assert component["spec"]["dependsOn"] == [MODEL_REF]
