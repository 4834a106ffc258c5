"""Helpers for the tests: the stand-in model's data, logging models, waiting for the app."""

import time

import mlflow
import mlflow.sklearn
import numpy as np
import pandas as pd
from fastapi.testclient import TestClient
from mlflow.models import infer_signature

# The stand-in model's signature: one column of each common type.
FEATURES = {"count": "long", "amount": "double", "segment": "string", "active": "boolean"}


def training_frame(rows: int = 300, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "count": rng.integers(0, 20, rows),
            "amount": rng.normal(50.0, 15.0, rows),
            "segment": rng.choice(["basic", "plus", "pro"], rows),
            "active": rng.random(rows) < 0.5,
        }
    )
    segment = frame["segment"].map({"basic": -1.0, "plus": 0.0, "pro": 1.0})
    score = frame["count"] / 10 - (frame["amount"] - 50) / 15 + segment
    return frame, pd.Series(np.where(score > 0.5, "churn", "stay"), name="label")


def log_model(tracking_uri: str, estimator, frame: pd.DataFrame, name: str, *, signature: bool = True) -> str:
    """Logs ``estimator`` and registers it as ``name``; returns the version."""
    mlflow.set_tracking_uri(tracking_uri)
    with mlflow.start_run():
        info = mlflow.sklearn.log_model(
            estimator,
            name="model",
            signature=infer_signature(frame, estimator.predict(frame)) if signature else None,
            registered_model_name=name,
            # MLflow saves scikit-learn models with skops, which loads only the types it trusts.
            skops_trusted_types=["numpy.dtype"],
            # Saves MLflow inferring them, which takes seconds.
            pip_requirements=["scikit-learn"],
        )
    return str(info.registered_model_version)


def wait_until(client: TestClient, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; /health says {client.get('/health').json()}")
        time.sleep(0.02)


def wait_for_state(client: TestClient, state: str) -> dict:
    """Waits until /health reports the model in ``state``; returns the body."""
    wait_until(client, lambda: client.get("/health").json()["model"]["state"] == state)
    return client.get("/health").json()


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as a client sends them: plain JSON values, not numpy scalars."""
    return [
        {key: value.item() if hasattr(value, "item") else value for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]
