"""Loading the model from MLflow, and predicting with it.

``load_model`` resolves an alias to a version first and then loads that
version, so the version the service reports is exactly the one it serves,
even when the alias moves meanwhile. It needs a model with a column-based
signature: that is what requests are validated against.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .config import Settings
from .logs import redact

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

_MODELS_URI = re.compile(r"^models:/(?P<name>[^/@]+)(?:@(?P<alias>[^/]+)|/(?P<version>[^/]+))?$")


class ModelLoadError(RuntimeError):
    """The model cannot be loaded; the message says why and what to do."""


@dataclass(frozen=True)
class Column:
    name: str
    # The MLflow type: long, double, string, boolean, ...
    type: str
    required: bool = True


@dataclass
class LoadedModel:
    uri: str
    # models:/<name>/<version> when the URI named a registered model.
    resolved_uri: str
    name: str | None
    version: str | None
    columns: list[Column]
    pyfunc: Any = field(repr=False)
    # For classifiers with predict_proba: the raw model and its classes.
    classifier: Any = field(default=None, repr=False)
    classes: list[Any] | None = None

    def predict(self, frame: pd.DataFrame) -> list[Any]:
        return to_json_values(self.pyfunc.predict(frame))

    def predict_proba(self, frame: pd.DataFrame) -> list[dict[str, float]] | None:
        if self.classifier is None:
            return None
        rows = self.classifier.predict_proba(frame)
        labels = [str(label) for label in self.classes]
        return [dict(zip(labels, map(float, row))) for row in rows]


def to_json_values(predictions: Any) -> list[Any]:
    """Model output as JSON-ready values: numpy scalars unwrapped, NaN as null."""
    if isinstance(predictions, pd.DataFrame):
        values = predictions.to_dict(orient="records") if predictions.shape[1] > 1 else predictions.iloc[:, 0].tolist()
    elif isinstance(predictions, (pd.Series, np.ndarray)):
        values = predictions.tolist()
    else:
        values = list(predictions)
    return [None if isinstance(v, float) and np.isnan(v) else v for v in values]


def resolve(uri: str, client) -> tuple[str, str | None, str | None]:
    """(the URI to load, registered model name, version) for an MLflow model URI."""
    match = _MODELS_URI.match(uri)
    if not match:
        return uri, None, None  # runs:/..., a path, models:/m-<id>: no registry version
    name, alias, version = match["name"], match["alias"], match["version"]
    if alias:
        try:
            version = client.get_model_version_by_alias(name, alias).version
        except Exception as error:
            if not _is_not_found(error):
                raise
            _require_registered_model(client, name)
            raise ModelLoadError(
                f"MLflow has no alias {alias!r} on the registered model {name!r}. Set it, e.g. "
                f"MlflowClient().set_registered_model_alias({name!r}, {alias!r}, <version>), "
                "or point MODEL_URI at an existing alias or version."
            ) from error
    elif not version or not version.isdigit():
        return uri, name, None  # models:/name/Production and the like: stages have no fixed version
    try:
        client.get_model_version(name, str(version))
    except Exception as error:
        if not _is_not_found(error):
            raise
        _require_registered_model(client, name)
        raise ModelLoadError(
            f"the registered model {name!r} has no version {version}; "
            "point MODEL_URI at an existing version or alias."
        ) from error
    return f"models:/{name}/{version}", name, str(version)


def _is_not_found(error: Exception) -> bool:
    # MLflow says "not found" with these codes; anything else (network, auth) is passed on.
    return getattr(error, "error_code", None) in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE")


def _require_registered_model(client, name: str) -> None:
    try:
        client.get_registered_model(name)
    except Exception as error:
        if not _is_not_found(error):
            raise
        raise ModelLoadError(
            f"there is no registered model {name!r}. Register it (the training project's --register "
            "does), or fix MODEL_URI or MLFLOW_TRACKING_URI."
        ) from error


def load_model(settings: Settings) -> LoadedModel:
    """Resolves and loads ``settings.model_uri``; raises ModelLoadError with the fix."""
    import mlflow
    import mlflow.pyfunc

    if settings.tracking_uri:
        mlflow.set_tracking_uri(settings.tracking_uri)
    where = redact(mlflow.get_tracking_uri())
    try:
        resolved_uri, name, version = resolve(settings.model_uri, mlflow.MlflowClient())
        pyfunc = mlflow.pyfunc.load_model(resolved_uri)
    except ModelLoadError as error:
        raise ModelLoadError(f"cannot load {settings.model_uri} from {where}: {error}") from error
    except Exception as error:
        raise ModelLoadError(
            f"cannot load {settings.model_uri} from {where}: {type(error).__name__}: {error}"
        ) from error

    schema = pyfunc.metadata.get_input_schema()
    if schema is None or not schema.has_input_names():
        raise ModelLoadError(
            f"{resolved_uri} has no input signature with column names, so requests cannot be checked. "
            "Log the model with one: mlflow.sklearn.log_model(..., input_example=X.head()) "
            "or signature=mlflow.models.infer_signature(X, predictions)."
        )
    classifier = _classifier(pyfunc)
    columns = [
        Column(spec.name, str(getattr(spec.type, "name", spec.type)), bool(getattr(spec, "required", True)))
        for spec in schema.inputs
    ]
    return LoadedModel(
        uri=settings.model_uri,
        resolved_uri=resolved_uri,
        name=name,
        version=version,
        columns=columns,
        pyfunc=pyfunc,
        classifier=classifier,
        classes=to_json_values(np.asarray(classifier.classes_)) if classifier is not None else None,
    )


def _classifier(pyfunc) -> Any:
    """The raw model when it is a classifier with predict_proba (scikit-learn's API), else None."""
    try:
        raw = pyfunc.get_raw_model()
    except Exception:  # not every flavour exposes its raw model
        return None
    return raw if hasattr(raw, "predict_proba") and hasattr(raw, "classes_") else None
