"""Training: a scikit-learn pipeline for the task, logged to MLflow.

``train_model`` fits and evaluates; ``log_to_mlflow`` records the run (params,
metrics, the model) in the tracking store and, when asked and the store is an
MLflow tracking server, registers the model under ``MODEL_NAME``.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .config import (
    DATASET_NAME,
    DATASET_REF,
    DEFAULT_TRACKING_URI,
    MODEL_NAME,
    MODEL_REF,
    OWNER_REF,
    TARGET,
    check_task,
    is_classification,
)
from .evaluate import PRIMARY_METRIC, baseline_metrics, beats_baseline, evaluate
from .features import column_groups, prepare


# MLflow saves scikit-learn models with skops, which loads only the types it
# trusts: scikit-learn's and NumPy's arrays, and these.
SKOPS_TRUSTED_TYPES = ["numpy.dtype"]


@dataclass
class TrainingResult:
    model: Pipeline
    task: str
    metrics: dict[str, float]
    baseline: dict[str, float]
    params: dict[str, object]
    # A few prepared feature rows: MLflow infers the model signature from them.
    input_example: pd.DataFrame = field(repr=False)

    @property
    def beats_baseline(self) -> bool:
        return beats_baseline(self.task, self.metrics, self.baseline)


@dataclass
class LoggedRun:
    run_id: str
    experiment_id: str
    model_uri: str
    tracking_uri: str
    # The registered model version, when the model was registered.
    registered_version: str | None = None


def build_pipeline(task: str, groups: dict[str, list[str]], regularization: float = 1.0) -> Pipeline:
    """Preprocessing for each column group, then a linear model for the task."""
    transformers = []
    if groups["numeric"]:
        numeric = Pipeline(
            [("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]
        )
        transformers.append(("numeric", numeric, groups["numeric"]))
    if groups["categorical"]:
        categorical = Pipeline(
            [
                ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
                ("encode", OneHotEncoder(handle_unknown="ignore")),
            ]
        )
        transformers.append(("categorical", categorical, groups["categorical"]))
    for column in groups["text"]:
        # A single column name (not a list) hands the vectorizer 1-D strings.
        transformers.append(("text", TfidfVectorizer(ngram_range=(1, 2), min_df=1), column))
    if is_classification(task):
        estimator = LogisticRegression(C=regularization, max_iter=1000)
    else:
        estimator = Ridge(alpha=regularization)
    return Pipeline([("preprocess", ColumnTransformer(transformers)), ("model", estimator)])


def train_model(
    frame: pd.DataFrame,
    task: str,
    *,
    target: str = TARGET,
    test_size: float = 0.2,
    seed: int = 42,
    regularization: float = 1.0,
) -> TrainingResult:
    """Fits the pipeline on a train split and evaluates it, and the baseline, on the test split."""
    check_task(task)
    features, labels = prepare(frame, target)
    stratify = None
    if is_classification(task) and labels.value_counts().min() >= 2:
        stratify = labels
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=test_size, random_state=seed, stratify=stratify
    )
    groups = column_groups(features, task)
    model = build_pipeline(task, groups, regularization).fit(x_train, y_train)
    y_score = model.predict_proba(x_test) if is_classification(task) else None
    metrics = evaluate(task, y_test, model.predict(x_test), y_score)
    params = {
        "task": task,
        "target": target,
        "estimator": type(model.named_steps["model"]).__name__,
        "regularization": regularization,
        "test_size": test_size,
        "seed": seed,
        "n_train": len(x_train),
        "n_test": len(x_test),
        "n_features": len(features.columns),
        "primary_metric": PRIMARY_METRIC[task][0],
    }
    return TrainingResult(
        model=model,
        task=task,
        metrics=metrics,
        baseline=baseline_metrics(task, y_train, y_test),
        params=params,
        input_example=x_train.head(5),
    )


def resolve_tracking_uri(uri: str | None = None) -> str:
    """--tracking-uri, else MLFLOW_TRACKING_URI, else a local SQLite store."""
    return uri or os.environ.get("MLFLOW_TRACKING_URI") or DEFAULT_TRACKING_URI


def is_tracking_server(uri: str) -> bool:
    return urlparse(uri).scheme in ("http", "https", "databricks")


def _local_artifact_location(uri: str) -> str | None:
    """For a SQLite store: ./mlruns next to the database file."""
    if not uri.startswith("sqlite:///"):
        return None
    database = Path(uri[len("sqlite:///"):]).resolve()
    return (database.parent / "mlruns").as_uri()


def log_to_mlflow(
    result: TrainingResult,
    *,
    tracking_uri: str | None = None,
    experiment: str = MODEL_NAME,
    register: bool = False,
    model_name: str = MODEL_NAME,
    data_source: str = "synthetic",
    synthetic: bool = True,
) -> LoggedRun:
    """Logs params, metrics and the model; registers it when asked and the store is a server."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import mlflow
    import mlflow.sklearn

    uri = resolve_tracking_uri(tracking_uri)
    mlflow.set_tracking_uri(uri)
    existing = mlflow.get_experiment_by_name(experiment)
    experiment_id = (
        existing.experiment_id
        if existing
        else mlflow.create_experiment(experiment, artifact_location=_local_artifact_location(uri))
    )
    do_register = register and is_tracking_server(uri)
    if register and not do_register:
        warnings.warn(
            f"not registering {model_name}: {uri} is a local store, not an MLflow tracking server "
            "(set MLFLOW_TRACKING_URI to the server's URL)",
            stacklevel=2,
        )
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.set_tags(
            {
                "catalog.model": MODEL_REF,
                "catalog.owner": OWNER_REF,
                "catalog.dataset": DATASET_REF,
                "data.source": data_source,
                "data.synthetic": str(synthetic).lower(),
            }
        )
        mlflow.log_params({**result.params, "dataset": DATASET_REF})
        mlflow.log_metrics(result.metrics)
        mlflow.log_metrics({f"baseline_{name}": value for name, value in result.baseline.items()})
        info = mlflow.sklearn.log_model(
            result.model,
            name="model",
            input_example=result.input_example,
            registered_model_name=model_name if do_register else None,
            skops_trusted_types=SKOPS_TRUSTED_TYPES,
        )
    registered_version = None
    if do_register:
        registered_version = str(info.registered_model_version)
        client = mlflow.MlflowClient()
        # The marketplace's registry sync reads the owner from this tag.
        client.set_registered_model_tag(model_name, "owner", OWNER_REF)
        client.set_registered_model_tag(model_name, "dataset", DATASET_NAME)
    return LoggedRun(
        run_id=run.info.run_id,
        experiment_id=experiment_id,
        model_uri=info.model_uri,
        tracking_uri=uri,
        registered_version=registered_version,
    )
