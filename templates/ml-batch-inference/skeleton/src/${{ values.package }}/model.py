"""Finding the model in the MLflow registry, loading it and reading its signature.

``resolve_model`` turns ``models:/<name>@<alias>`` into the version the alias
points at *now*, and the job then loads that exact version
(``models:/<name>/<version>``): moving the alias while a run is going does not
mix two versions in one output, and every output row names its version.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass

from .errors import ModelError

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import mlflow  # noqa: E402  (after the telemetry opt-out)
from mlflow.exceptions import MlflowException  # noqa: E402

_REGISTRY_URI = re.compile(r"^models:/(?P<name>[^/@]+)(?:@(?P<alias>[^/@]+)|/(?P<version>\d+))$")


@dataclass(frozen=True)
class ResolvedModel:
    # As configured, e.g. models:/churn-model@champion.
    uri: str
    # What is loaded, e.g. models:/churn-model/3.
    load_uri: str
    tracking_uri: str
    name: str | None = None
    version: str | None = None
    alias: str | None = None

    def __str__(self) -> str:
        return f"{self.uri} (version {self.version})" if self.version and self.uri != self.load_uri else self.uri


def _client(tracking_uri: str) -> mlflow.MlflowClient:
    mlflow.set_tracking_uri(tracking_uri)
    return mlflow.MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def resolve_model(model_uri: str, tracking_uri: str) -> ResolvedModel:
    """The registry version ``model_uri`` stands for; other URIs (runs:/, paths) as they are."""
    match = _REGISTRY_URI.match(model_uri)
    if not match:
        return ResolvedModel(uri=model_uri, load_uri=model_uri, tracking_uri=tracking_uri)
    name, alias, version = match["name"], match["alias"], match["version"]
    client = _client(tracking_uri)
    try:
        registered = client.get_registered_model(name)
    except MlflowException as error:
        if error.error_code != "RESOURCE_DOES_NOT_EXIST":
            raise ModelError(f"could not read registered model {name!r} from {tracking_uri}: {error.message}") from error
        raise ModelError(
            f"there is no registered model {name!r} in {tracking_uri}: register the model under that name, "
            "or point the job at another one (--model-uri, MODEL_URI, or --tracking-uri / MLFLOW_TRACKING_URI)"
        ) from error
    if alias is not None:
        aliases = dict(registered.aliases or {})
        if alias not in aliases:
            known = ", ".join(f"{a} -> version {v}" for a, v in sorted(aliases.items())) or "none"
            raise ModelError(
                f"registered model {name!r} has no alias {alias!r} in {tracking_uri} (its aliases: {known}); "
                f"point it at a version with MlflowClient().set_registered_model_alias({name!r}, {alias!r}, <version>), "
                "or score with another alias (--alias or MODEL_ALIAS)"
            )
        version = str(aliases[alias])
    else:
        try:
            client.get_model_version(name, version)
        except MlflowException as error:
            raise ModelError(f"registered model {name!r} has no version {version} in {tracking_uri}") from error
    return ResolvedModel(
        uri=model_uri,
        load_uri=f"models:/{name}/{version}",
        tracking_uri=tracking_uri,
        name=name,
        version=version,
        alias=alias,
    )


def load_model(resolved: ResolvedModel):
    """The model as an MLflow pyfunc model."""
    _client(resolved.tracking_uri)
    try:
        return mlflow.pyfunc.load_model(resolved.load_uri)
    except MlflowException as error:
        raise ModelError(f"could not load {resolved}: {error.message}") from error


def input_types(model, resolved: ResolvedModel) -> dict[str, str] | None:
    """The signature's named input columns and their MLflow types, e.g. {"plan": "string"}.

    None when the model was logged without a signature: its inputs cannot be
    checked before scoring (log models with a signature).
    """
    schema = model.metadata.get_input_schema()
    if schema is None or not schema.has_input_names():
        warnings.warn(
            f"{resolved} has no signature with named inputs: the input columns are not checked before scoring",
            stacklevel=2,
        )
        return None
    return {
        str(spec.name): getattr(spec.type, "name", str(spec.type))
        for spec in schema.inputs
    }


def required_inputs(model) -> list[str]:
    """The named inputs the model cannot do without (a column with gaps at logging time is optional)."""
    schema = model.metadata.get_input_schema()
    if schema is None or not schema.has_input_names():
        return []
    return [str(name) for name in schema.required_input_names()]
