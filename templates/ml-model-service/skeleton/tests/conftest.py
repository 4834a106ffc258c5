"""A real, tiny model in a throw-away MLflow registry, and a client of the app serving it.

The registry is a SQLite file in pytest's temporary directory: no server, no
network. The model is registered under the name and alias that the service
serves by default, so the app runs with its default MODEL_URI.
"""

import os
from dataclasses import dataclass

# No usage reporting from MLflow during tests.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402
from support import log_model, training_frame, wait_until  # noqa: E402

from ${{ values.package }}.app import create_app  # noqa: E402
from ${{ values.package }}.config import MODEL_ALIAS, REGISTERED_MODEL, Settings  # noqa: E402


@dataclass
class Registered:
    tracking_uri: str
    version: str
    estimator: Pipeline
    sample: pd.DataFrame


@pytest.fixture(scope="session")
def registered(tmp_path_factory) -> Registered:
    """A classifier registered as REGISTERED_MODEL with the alias MODEL_ALIAS."""
    directory = tmp_path_factory.mktemp("mlflow")
    uri = f"sqlite:///{directory / 'mlflow.db'}"
    mlflow.set_tracking_uri(uri)
    # Artifacts next to the database, not in the working directory.
    experiment = mlflow.create_experiment("tests", artifact_location=(directory / "mlruns").as_uri())
    mlflow.set_experiment(experiment_id=experiment)

    frame, labels = training_frame()
    numeric = Pipeline([("impute", SimpleImputer()), ("scale", StandardScaler())])
    preprocess = ColumnTransformer(
        [
            ("numeric", numeric, ["count", "amount"]),
            ("segment", OneHotEncoder(handle_unknown="ignore"), ["segment"]),
            ("active", "passthrough", ["active"]),
        ]
    )
    estimator = Pipeline([("preprocess", preprocess), ("model", LogisticRegression())]).fit(frame, labels)
    version = log_model(uri, estimator, frame, REGISTERED_MODEL)
    mlflow.MlflowClient(uri).set_registered_model_alias(REGISTERED_MODEL, MODEL_ALIAS, version)
    return Registered(tracking_uri=uri, version=version, estimator=estimator, sample=frame.head(8))


@pytest.fixture
def settings(registered) -> Settings:
    # The default MODEL_URI; retries fast so that tests do not wait.
    return Settings(tracking_uri=registered.tracking_uri, load_retry_seconds=0.05)


@pytest.fixture
def client(settings):
    """A client of the app once it has loaded the model."""
    with TestClient(create_app(settings)) as client:
        wait_until(client, lambda: client.get("/ready").status_code == 200)
        yield client
