"""A throw-away MLflow registry with two versions of a tiny model, and inputs to score.

Everything lives in pytest's temporary directories: a SQLite tracking store
(sqlite:///...), no server and no network.
"""

import os
from dataclasses import dataclass

# No usage reporting from MLflow during tests.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

import mlflow  # noqa: E402
import mlflow.sklearn  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

from ${{ values.package }}.config import ID_COLUMNS, MODEL_ALIAS, REGISTERED_MODEL, Settings  # noqa: E402

ID = ID_COLUMNS[0]
# The tiny model's inputs: an integer, a float with gaps, a category.
FEATURES = ["tenure_days", "monthly_spend", "plan"]


def input_frame(rows: int = 25, seed: int = 0) -> pd.DataFrame:
    """Rows to score: the id column, the model's inputs and a column the model ignores."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            # Leading zeros: ids are text, and must come out as they went in.
            ID: [f"{i:05d}" for i in range(rows)],
            "tenure_days": rng.integers(1, 1000, rows),
            "monthly_spend": rng.normal(50.0, 15.0, rows).round(2),
            "plan": rng.choice(["basic", "plus", "pro"], rows),
            "country": rng.choice(["DE", "FR"], rows),
        }
    )
    frame.loc[frame.index % 7 == 3, "monthly_spend"] = np.nan
    return frame


def _train(flip: bool) -> Pipeline:
    frame = input_frame(rows=200, seed=1)
    labels = (frame["monthly_spend"].fillna(50.0) > 50.0).astype(int)
    if flip:
        labels = 1 - labels
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    preprocess = ColumnTransformer(
        [
            ("numeric", numeric, ["tenure_days", "monthly_spend"]),
            ("plan", OneHotEncoder(handle_unknown="ignore"), ["plan"]),
        ]
    )
    return Pipeline([("preprocess", preprocess), ("model", LogisticRegression())]).fit(frame[FEATURES], labels)


@dataclass
class Registry:
    tracking_uri: str
    client: mlflow.MlflowClient

    def point(self, alias: str, version: str) -> None:
        self.client.set_registered_model_alias(REGISTERED_MODEL, alias, version)

    def settings(self, input_path, output_path, **overrides) -> Settings:
        values = dict(
            tracking_uri=self.tracking_uri,
            model_uri=f"models:/{REGISTERED_MODEL}@{MODEL_ALIAS}",
            input_path=str(input_path),
            output_path=str(output_path),
        )
        return Settings(**{**values, **overrides})


@pytest.fixture(scope="session")
def registry(tmp_path_factory) -> Registry:
    """REGISTERED_MODEL with version 1 and version 2 (which predicts the opposite class)."""
    root = tmp_path_factory.mktemp("mlflow")
    uri = f"sqlite:///{root / 'mlflow.db'}"
    mlflow.set_tracking_uri(uri)
    experiment = mlflow.create_experiment("batch-inference-tests", artifact_location=(root / "mlruns").as_uri())
    example = input_frame(rows=20, seed=2)[FEATURES]
    for flip in (False, True):
        model = _train(flip)
        with mlflow.start_run(experiment_id=experiment):
            mlflow.sklearn.log_model(
                model,
                name="model",
                signature=infer_signature(example, model.predict(example)),
                registered_model_name=REGISTERED_MODEL,
                skops_trusted_types=["numpy.dtype"],
            )
    return Registry(tracking_uri=uri, client=mlflow.MlflowClient(uri))


@pytest.fixture
def champion(registry) -> Registry:
    """The registry with MODEL_ALIAS on version 1, whatever a test before did."""
    registry.point(MODEL_ALIAS, "1")
    return registry


@pytest.fixture
def input_csv(tmp_path):
    path = tmp_path / "input.csv"
    input_frame().to_csv(path, index=False)
    return path
