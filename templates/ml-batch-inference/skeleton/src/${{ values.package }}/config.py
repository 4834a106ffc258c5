"""What the template filled in, and the settings of one run.

The constants name the model the job scores with and its catalog entities;
catalog-info.yaml and deploy/cronjob.yaml say the same things for the
marketplace and for Kubernetes. ``resolve_settings`` decides each setting of a
run: the command-line flag, else the environment variable, else the default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import ConfigError

JOB_NAME = ${{ values.name | dump }}
COMPONENT_REF = ${{ ("component:default/" + values.name) | dump }}
OWNER_REF = ${{ values.owner | dump }}
# The catalog Model, and its name and alias in the MLflow model registry.
MODEL_REF = ${{ values.model | dump }}
REGISTERED_MODEL = ${{ values.registeredModel | dump }}
MODEL_ALIAS = ${{ values.alias | dump }}
# The Model's spec.task: regression predicts numbers, the others labels.
MODEL_TASK = ${{ (values.task or "") | dump }}
# The Dataset that is scored, and the one the job writes.
INPUT_DATASET_REF = ${{ values.inputDataset | dump }}
OUTPUT_DATASET_REF = ${{ ("dataset:default/" + values.outputDataset) | dump }}
# Where the CronJob writes the output (the Dataset's spec.location): the
# volume claim, then the path on it.
OUTPUT_LOCATION = ${{ ("pvc://" + values.name + "-data/output/" + values.outputDataset + ".parquet") | dump }}

# The input columns that identify a row, copied to the output as strings.
ID_COLUMNS = (${{ values.idColumn | dump }},)
# The output's prediction column type, as the output Dataset declares it.
PREDICTION_TYPE = "double" if MODEL_TASK == "regression" else "string"
OUTPUT_COLUMNS = (*ID_COLUMNS, "prediction", "model_version", "scored_at")

DEFAULT_MODEL_URI = f"models:/{REGISTERED_MODEL}@{MODEL_ALIAS}"
# Without --tracking-uri or MLFLOW_TRACKING_URI: a local SQLite store.
DEFAULT_TRACKING_URI = "sqlite:///mlflow.db"
# Local defaults; the CronJob sets INPUT_PATH and OUTPUT_PATH.
DEFAULT_INPUT_PATH = ${{ ("data/" + values.inputName + ".csv") | dump }}
DEFAULT_OUTPUT_PATH = ${{ ("output/" + values.outputDataset + ".parquet") | dump }}
# Rows scored at a time: bounds memory whatever the input's size.
DEFAULT_CHUNK_SIZE = 10_000

# MLflow's rules for alias names ("latest" and "v<digits>" are reserved).
_ALIAS = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_RESERVED_ALIAS = re.compile(r"^(latest|v\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    tracking_uri: str
    model_uri: str
    input_path: str
    output_path: str
    id_columns: tuple[str, ...] = ID_COLUMNS
    chunk_size: int = DEFAULT_CHUNK_SIZE
    # Write an empty output (instead of failing) when the input has no rows.
    allow_empty: bool = False


def model_uri_for(alias: str, name: str = REGISTERED_MODEL) -> str:
    """``models:/<name>@<alias>``, after checking the alias against MLflow's rules."""
    if not _ALIAS.match(alias) or _RESERVED_ALIAS.match(alias):
        raise ConfigError(
            f"alias {alias!r} is not a valid MLflow alias: use letters, digits, '_' and '-', "
            "and not 'latest' or a version like 'v2'"
        )
    return f"models:/{name}@{alias}"


def resolve_settings(
    *,
    tracking_uri: str | None = None,
    model_uri: str | None = None,
    alias: str | None = None,
    input_path: str | None = None,
    output_path: str | None = None,
    id_columns: str | None = None,
    chunk_size: int | str | None = None,
    allow_empty: bool = False,
    env: Mapping[str, str] = os.environ,
) -> Settings:
    """Each setting from its flag (the arguments), else its variable in ``env``, else the default."""

    def pick(flag, variable, default=None):
        return flag if flag not in (None, "") else env.get(variable) or default

    if model_uri and alias:
        raise ConfigError("give either --model-uri or --alias, not both")
    uri = model_uri or (alias and model_uri_for(alias))
    uri = uri or env.get("MODEL_URI") or model_uri_for(env.get("MODEL_ALIAS") or MODEL_ALIAS)
    columns = pick(id_columns, "ID_COLUMNS")
    ids = tuple(c.strip() for c in columns.split(",") if c.strip()) if columns else ID_COLUMNS
    size = pick(chunk_size, "CHUNK_SIZE", DEFAULT_CHUNK_SIZE)
    try:
        size = int(size)
    except ValueError:
        size = 0
    if size < 1:
        raise ConfigError(f"the chunk size (--chunk-size or CHUNK_SIZE) must be a positive integer, got {pick(chunk_size, 'CHUNK_SIZE')!r}")
    return Settings(
        tracking_uri=pick(tracking_uri, "MLFLOW_TRACKING_URI", DEFAULT_TRACKING_URI),
        model_uri=uri,
        input_path=pick(input_path, "INPUT_PATH", DEFAULT_INPUT_PATH),
        output_path=pick(output_path, "OUTPUT_PATH", DEFAULT_OUTPUT_PATH),
        id_columns=ids,
        chunk_size=size,
        allow_empty=allow_empty,
    )
