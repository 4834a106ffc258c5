"""Liveness stays OK whatever the model does; readiness waits for the model and says why not."""

import threading
from dataclasses import replace

import mlflow
import pytest
from fastapi.testclient import TestClient
from sklearn.linear_model import LogisticRegression
from support import FEATURES, log_model, training_frame, wait_for_state, wait_until

from ${{ values.package }}.app import create_app
from ${{ values.package }}.config import (
    DEFAULT_MODEL_URI,
    MODEL_ALIAS,
    MODEL_REF,
    REGISTERED_MODEL,
    SERVICE_NAME,
    Settings,
)
from ${{ values.package }}.model import load_model


def test_before_and_after_the_model_loads(settings, registered):
    release = threading.Event()

    def slow_registry(s):
        release.wait(30)
        return load_model(s)

    with TestClient(create_app(settings, loader=slow_registry)) as client:
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
        assert health.json()["model"]["state"] == "loading"
        assert health.json()["model"]["version"] is None

        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json() == {"ready": False, "model_version": None, "reason": f"loading {DEFAULT_MODEL_URI}"}

        early = client.post("/predict", json={"instances": [{"count": 1}]})
        assert early.status_code == 503
        assert early.headers["retry-after"] == "5"
        assert "not loaded yet" in early.json()["detail"]

        release.set()
        wait_until(client, lambda: client.get("/ready").status_code == 200)
        assert client.get("/ready").json() == {"ready": True, "model_version": registered.version, "reason": None}
        body = client.get("/health").json()

    assert body["service"] == SERVICE_NAME
    assert body["catalog_model"] == MODEL_REF
    assert body["model"] == {
        "state": "ready",
        "uri": f"models:/{REGISTERED_MODEL}@{MODEL_ALIAS}",
        "resolved_uri": f"models:/{REGISTERED_MODEL}/{registered.version}",
        "name": REGISTERED_MODEL,
        "version": registered.version,
        "inputs": [{"name": name, "type": kind, "required": True} for name, kind in FEATURES.items()],
        "error": None,
        "attempts": 1,
    }


def test_an_unknown_alias_fails_readiness_with_the_fix_but_not_liveness(settings):
    with TestClient(create_app(replace(settings, model_uri=f"models:/{REGISTERED_MODEL}@no-such-alias"))) as client:
        health = wait_for_state(client, "failed")
        liveness = client.get("/health")
        ready = client.get("/ready")
        predict = client.post("/predict", json={"instances": [{"count": 1}]})

    assert liveness.status_code == 200
    assert health["status"] == "ok"
    assert "no alias 'no-such-alias'" in health["model"]["error"]
    assert ready.status_code == 503
    reason = ready.json()["reason"]
    assert f"no alias 'no-such-alias' on the registered model '{REGISTERED_MODEL}'" in reason
    assert "set_registered_model_alias" in reason
    assert "retrying" in reason
    assert predict.status_code == 503


def test_becomes_ready_once_the_alias_is_set(settings, registered):
    client_mlflow = mlflow.MlflowClient(registered.tracking_uri)
    with TestClient(create_app(replace(settings, model_uri=f"models:/{REGISTERED_MODEL}@canary"))) as client:
        wait_for_state(client, "failed")
        client_mlflow.set_registered_model_alias(REGISTERED_MODEL, "canary", registered.version)
        try:
            wait_until(client, lambda: client.get("/ready").status_code == 200)
        finally:
            client_mlflow.delete_registered_model_alias(REGISTERED_MODEL, "canary")
        assert client.get("/health").json()["model"]["attempts"] >= 2


def test_an_unknown_registered_model_names_the_fix(settings):
    with TestClient(create_app(replace(settings, model_uri="models:/no-such-model@champion"))) as client:
        wait_for_state(client, "failed")
        reason = client.get("/ready").json()["reason"]
    assert "there is no registered model 'no-such-model'" in reason
    assert "MODEL_URI" in reason


def test_serves_a_pinned_version(settings, registered):
    uri = f"models:/{REGISTERED_MODEL}/{registered.version}"
    with TestClient(create_app(replace(settings, model_uri=uri))) as client:
        wait_until(client, lambda: client.get("/ready").status_code == 200)
        assert client.get("/ready").json()["model_version"] == registered.version
    with TestClient(create_app(replace(settings, model_uri=f"models:/{REGISTERED_MODEL}/999"))) as client:
        wait_for_state(client, "failed")
        assert "has no version 999" in client.get("/ready").json()["reason"]


def test_refuses_a_model_without_a_signature(settings, registered):
    frame, labels = training_frame(rows=50)
    unsigned = LogisticRegression().fit(frame[["count", "amount"]], labels)
    log_model(registered.tracking_uri, unsigned, frame[["count", "amount"]], "unsigned-model", signature=False)
    with TestClient(create_app(replace(settings, model_uri="models:/unsigned-model/1"))) as client:
        wait_for_state(client, "failed")
        reason = client.get("/ready").json()["reason"]
    assert "no input signature" in reason
    assert "infer_signature" in reason


def test_an_unreachable_registry_does_not_leak_credentials(settings, monkeypatch):
    # Nothing listens on port 9; no retries inside MLflow's HTTP client.
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "2")
    broken = replace(settings, tracking_uri="http://svc:s3cret@127.0.0.1:9", load_retry_seconds=5)
    with TestClient(create_app(broken)) as client:
        health = wait_for_state(client, "failed")
        assert client.get("/health").status_code == 200
        reason = client.get("/ready").json()["reason"]
    assert "s3cret" not in reason
    assert "http://***@127.0.0.1:9" in reason
    assert "s3cret" not in str(health)


@pytest.mark.parametrize(
    ("env", "message"),
    [({"MAX_BATCH_ROWS": "0"}, "MAX_BATCH_ROWS='0' is not valid"), ({"PORT": "http"}, "PORT='http' is not valid")],
)
def test_invalid_settings_name_the_variable(env, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env(env)


def test_settings_default_to_the_registered_alias():
    settings = Settings.from_env({})
    assert settings.model_uri == DEFAULT_MODEL_URI == f"models:/{REGISTERED_MODEL}@{MODEL_ALIAS}"
    assert settings.tracking_uri is None
    assert settings.max_batch_rows == 1000
    custom = Settings.from_env({"MODEL_URI": "models:/other/3", "MLFLOW_TRACKING_URI": "http://mlflow:5000"})
    assert (custom.model_uri, custom.tracking_uri) == ("models:/other/3", "http://mlflow:5000")
