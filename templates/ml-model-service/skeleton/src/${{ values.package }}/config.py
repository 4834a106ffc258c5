"""What the template filled in, and the settings read from the environment.

catalog-info.yaml and deploy/k8s/deployment.yaml say the same things for the
marketplace and for Kubernetes; change them together.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

SERVICE_NAME = ${{ values.name | dump }}
# The catalog Model this service serves, and its MLflow registered model.
MODEL_REF = ${{ values.model | dump }}
REGISTERED_MODEL = ${{ values.registeredModel | dump }}
MODEL_ALIAS = ${{ values.alias | dump }}
DEFAULT_MODEL_URI = f"models:/{REGISTERED_MODEL}@{MODEL_ALIAS}"

# Bigger batches are refused with 413: split them on the client.
DEFAULT_MAX_BATCH_ROWS = 1000
DEFAULT_PORT = 8080


@dataclass(frozen=True)
class Settings:
    # models:/<name>@<alias>, models:/<name>/<version> or any MLflow model URI.
    model_uri: str = DEFAULT_MODEL_URI
    # None: MLflow's own default (its environment variables, else a local store).
    tracking_uri: str | None = None
    max_batch_rows: int = DEFAULT_MAX_BATCH_ROWS
    # The first wait before loading again after a failure; it doubles up to a minute.
    load_retry_seconds: float = 5.0
    port: int = DEFAULT_PORT
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            model_uri=env.get("MODEL_URI") or DEFAULT_MODEL_URI,
            tracking_uri=env.get("MLFLOW_TRACKING_URI") or None,
            max_batch_rows=_number(env, "MAX_BATCH_ROWS", int, DEFAULT_MAX_BATCH_ROWS, minimum=1),
            load_retry_seconds=_number(env, "MODEL_LOAD_RETRY_SECONDS", float, 5.0, minimum=0.01),
            port=_number(env, "PORT", int, DEFAULT_PORT, minimum=1),
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
        )


def _number(env: Mapping[str, str], name: str, kind: type, default, *, minimum):
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ValueError(
            f"{name}={raw!r} is not valid: expected {'an integer' if kind is int else 'a number'} "
            f">= {minimum}; unset it for the default ({default})"
        )
    return value
