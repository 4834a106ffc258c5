"""Fill a running MLflow tracking server with registered models, as a plan says.

Usage (with the virtualenv made by `bash scripts/mlflow.sh install`):

    .ml-marketplace/mlflow-venv/bin/python scripts/mlflow/seed.py \
        --tracking-uri http://127.0.0.1:5000 --plan plan.json   # or --plan - (stdin)

Everything is created through MLflow's own Python client (MlflowClient, plus
the fluent API to log trained scikit-learn models), so the server holds exactly
what real MLflow users would leave there. Progress goes to stderr; stdout gets
one JSON object when done:

    {"models": [{"name": "churn-model",
                 "versions": [{"version": "1", "runId": "…", "experimentId": "1"}]}],
     "seconds": 1.23}

(runId is null for a `noRun` version.)

Plan format (JSON; every field but `models[].name` is optional):

    {
      "threads": 8,                 # models seeded in parallel (default 8);
                                    # the versions of one model are sequential
      "models": [
        {
          "name": "churn-model",    # registered model name, must not exist yet
          "description": "…",       # registered model description
          "tags": {"owner": "growth-ml"},       # registered model tags
          "experiment": "churn",    # experiment of the runs (default: name);
                                    # created when missing, may be shared
          "versions": [             # created in order: version numbers 1..n
            {
              "train": "logistic-regression",   # or "gradient-boosting" or null:
                        # fits a tiny classifier on a seeded synthetic frame
                        # (200 rows, 4 numeric features), logs it with
                        # mlflow.sklearn.log_model and registers that logged
                        # model. Without `train` nothing is trained and the
                        # version points at "<run artifact URI>/model".
              "metrics": {"auc": 0.91, "calibration_error": "NaN"},
                        # logged at step 0; the string "NaN" (also "Infinity",
                        # "-Infinity") stands for the float
              "metricHistory": {"loss": [0.9, 0.5, 0.3]},  # steps 0..n-1
              "params": {"C": "1.0"},            # run params (stringified)
              "runTags": {"team": "x"},          # run tags
              "dataset": {"name": "churn-labels", "source": "s3://lake/churn-labels"},
                        # logged as a run input (context "training"): a
                        # Dataset of source type "external" whose source is
                        # {"uri": <source>} and digest sha256(source)[:8]
              "description": "changelog text",   # model version description
              "tags": {"k": "v"},                # model version tags
              "stage": "Archived",      # legacy stage: Staging, Production or
                                        # Archived (transition_model_version_stage)
              "noRun": false,           # true: no run at all; the version is
                                        # created from `source` alone
              "source": "s3://…"        # noRun only; default
                                        # "s3://ml-models/<name>/<version>"
            }
          ],
          "aliases": {"champion": 3},   # alias -> version number (1-based)
          "inputs": ["tenure_months", "monthly_spend", "tickets_90d", "logins_30d"],
                        # names of the 4 numeric features trained models read
                        # (their logged signature); default f0..f3
          "deleteAfter": false          # delete the registered model at the end
                                        # (its runs and experiment stay)
        }
      ]
    }

A plan that breaks these rules is refused before anything is created (exit
status 2, naming the model, version and field); a failure while seeding exits
with status 1, naming the model and version it happened on.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import logging
import math
import os
import sys
import threading
import time
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

# Before MLflow is imported: no usage reporting, and no "View run at …" line
# when a run ends (printing it costs a runs/get request per run).
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
# The server is local: fail fast rather than back off for minutes, and do not
# repeat a write that may have happened (a retried runs/create makes a stray run).
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1")

TRAINERS = ("logistic-regression", "gradient-boosting")
STAGES = ("None", "Staging", "Production", "Archived")
NON_FINITE = {"nan": math.nan, "infinity": math.inf, "-infinity": -math.inf}
MODEL_KEYS = {
    "name",
    "description",
    "tags",
    "experiment",
    "versions",
    "aliases",
    "deleteAfter",
    "inputs",
}
VERSION_KEYS = {
    "train",
    "metrics",
    "metricHistory",
    "params",
    "runTags",
    "dataset",
    "description",
    "stage",
    "noRun",
    "source",
    "tags",
}

DEFAULT_INPUTS = ["f0", "f1", "f2", "f3"]

log = logging.getLogger("seed")


class PlanError(Exception):
    pass


class SeedError(Exception):
    pass


# --------------------------------------------------------------------------
# Plan validation: everything is checked before anything is created.


def _where(model: dict, mi: int, vi: int | None = None) -> str:
    name = model.get("name") if isinstance(model, dict) else None
    at = f"models[{mi}]" + (f" ({name!r})" if isinstance(name, str) else "")
    if vi is not None:
        at += f" versions[{vi}] (version {vi + 1})"
    return at


def _str_map(value: Any, at: str, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PlanError(f"{at}: field '{field}' must be an object, got {json.dumps(value)}")
    out = {}
    for k, v in value.items():
        if not isinstance(v, (str, int, float, bool)):
            raise PlanError(
                f"{at}: field '{field}.{k}' must be a string, number or boolean, "
                f"got {json.dumps(v)}"
            )
        out[k] = v if isinstance(v, str) else json.dumps(v)
    return out


def _number(value: Any, at: str, field: str) -> float:
    if isinstance(value, bool):
        pass
    elif isinstance(value, (int, float)):
        return float(value)
    elif isinstance(value, str) and value.lower() in NON_FINITE:
        return NON_FINITE[value.lower()]
    raise PlanError(
        f'{at}: field \'{field}\' must be a number or "NaN"/"Infinity"/"-Infinity", '
        f"got {json.dumps(value)}"
    )


def _text(value: Any, at: str, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PlanError(f"{at}: field '{field}' must be a string, got {json.dumps(value)}")
    return value


def _check_keys(obj: dict, allowed: set[str], at: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise PlanError(
            f"{at}: unknown field(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
        )


def _version(raw: Any, model: dict, mi: int, vi: int) -> dict:
    at = _where(model, mi, vi)
    if not isinstance(raw, dict):
        raise PlanError(f"{at}: must be an object, got {json.dumps(raw)}")
    _check_keys(raw, VERSION_KEYS, at)
    no_run = raw.get("noRun", False)
    if not isinstance(no_run, bool):
        raise PlanError(f"{at}: field 'noRun' must be a boolean, got {json.dumps(no_run)}")
    train = raw.get("train")
    if train is not None and train not in TRAINERS:
        raise PlanError(
            f"{at}: field 'train' must be one of {', '.join(TRAINERS)} or null, "
            f"got {json.dumps(train)}"
        )
    metrics_raw = raw.get("metrics") or {}
    if not isinstance(metrics_raw, dict):
        raise PlanError(f"{at}: field 'metrics' must be an object, got {json.dumps(metrics_raw)}")
    metrics = {k: _number(v, at, f"metrics.{k}") for k, v in metrics_raw.items()}
    history_raw = raw.get("metricHistory") or {}
    if not isinstance(history_raw, dict):
        raise PlanError(
            f"{at}: field 'metricHistory' must be an object, got {json.dumps(history_raw)}"
        )
    history = {}
    for k, values in history_raw.items():
        if not isinstance(values, list):
            raise PlanError(
                f"{at}: field 'metricHistory.{k}' must be an array, got {json.dumps(values)}"
            )
        history[k] = [_number(v, at, f"metricHistory.{k}[{i}]") for i, v in enumerate(values)]
    dataset = raw.get("dataset")
    if dataset is not None:
        if not isinstance(dataset, dict) or not isinstance(dataset.get("name"), str):
            raise PlanError(
                f"{at}: field 'dataset' must be an object with a string 'name', "
                f"got {json.dumps(dataset)}"
            )
        _check_keys(dataset, {"name", "source"}, f"{at} dataset")
        _text(dataset.get("source"), at, "dataset.source")
    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        raise PlanError(
            f"{at}: field 'stage' must be one of {', '.join(STAGES)}, got {json.dumps(stage)}"
        )
    source = _text(raw.get("source"), at, "source")
    run_tags = _str_map(raw.get("runTags"), at, "runTags")
    params = _str_map(raw.get("params"), at, "params")
    if no_run:
        for field, value in (
            ("train", train),
            ("metrics", metrics),
            ("metricHistory", history),
            ("params", params),
            ("runTags", run_tags),
            ("dataset", dataset),
        ):
            if value:
                raise PlanError(f"{at}: field '{field}' needs a run, but 'noRun' is true")
    elif source is not None:
        raise PlanError(f"{at}: field 'source' is only allowed with 'noRun': true")
    return {
        "train": train,
        "metrics": metrics,
        "history": history,
        "params": params,
        "run_tags": run_tags,
        "dataset": dataset,
        "description": _text(raw.get("description"), at, "description"),
        "tags": _str_map(raw.get("tags"), at, "tags"),
        "stage": stage,
        "no_run": no_run,
        "source": source,
    }


def parse_plan(plan: Any) -> tuple[int, list[dict]]:
    if not isinstance(plan, dict):
        raise PlanError("the plan must be a JSON object with a 'models' array")
    _check_keys(plan, {"threads", "models"}, "plan")
    threads = plan.get("threads", 8)
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise PlanError(f"plan: field 'threads' must be a positive integer, got {json.dumps(threads)}")
    raw_models = plan.get("models")
    if not isinstance(raw_models, list):
        raise PlanError("plan: field 'models' must be an array")
    models, seen = [], set()
    for mi, raw in enumerate(raw_models):
        at = _where(raw, mi)
        if not isinstance(raw, dict):
            raise PlanError(f"{at}: must be an object, got {json.dumps(raw)}")
        _check_keys(raw, MODEL_KEYS, at)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise PlanError(f"{at}: field 'name' must be a non-empty string")
        if name in seen:
            raise PlanError(f"{at}: field 'name' repeats an earlier model")
        seen.add(name)
        experiment = _text(raw.get("experiment"), at, "experiment") or name
        raw_versions = raw.get("versions") or []
        if not isinstance(raw_versions, list):
            raise PlanError(f"{at}: field 'versions' must be an array")
        versions = [_version(v, raw, mi, vi) for vi, v in enumerate(raw_versions)]
        aliases_raw = raw.get("aliases") or {}
        if not isinstance(aliases_raw, dict):
            raise PlanError(f"{at}: field 'aliases' must be an object")
        aliases = {}
        for alias, number in aliases_raw.items():
            if (
                isinstance(number, bool)
                or not isinstance(number, int)
                or not 1 <= number <= len(versions)
            ):
                raise PlanError(
                    f"{at}: field 'aliases.{alias}' must be a version number between 1 and "
                    f"{len(versions)}, got {json.dumps(number)}"
                )
            aliases[alias] = number
        inputs = raw.get("inputs", DEFAULT_INPUTS)
        if (
            not isinstance(inputs, list)
            or len(inputs) != len(DEFAULT_INPUTS)
            or not all(isinstance(i, str) and i.strip() for i in inputs)
            or len(set(inputs)) != len(inputs)
        ):
            raise PlanError(
                f"{at}: field 'inputs' must be {len(DEFAULT_INPUTS)} distinct column names, "
                f"got {json.dumps(inputs)}"
            )
        delete_after = raw.get("deleteAfter", False)
        if not isinstance(delete_after, bool):
            raise PlanError(f"{at}: field 'deleteAfter' must be a boolean")
        models.append(
            {
                "name": name,
                "description": _text(raw.get("description"), at, "description"),
                "tags": _str_map(raw.get("tags"), at, "tags"),
                "experiment": experiment,
                "versions": versions,
                "aliases": aliases,
                "inputs": inputs,
                "delete_after": delete_after,
            }
        )
    return threads, models


# --------------------------------------------------------------------------
# Seeding.


def synthetic_frame(seed: int, columns: list[str]):
    """200 rows, 4 numeric features and a binary label, the same for a seed."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    features = rng.normal(size=(200, 4))
    weights = np.array([1.5, -2.0, 0.7, 0.0])
    logits = features @ weights + rng.normal(scale=0.5, size=200)
    frame = pd.DataFrame(features, columns=columns)
    frame["label"] = (logits > 0).astype("int64")
    return frame


class Seeder:
    def __init__(self, tracking_uri: str):
        import mlflow
        from mlflow import MlflowClient

        self.mlflow = mlflow
        mlflow.set_tracking_uri(tracking_uri)
        mlflow.set_registry_uri(tracking_uri)
        self.client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
        self._experiments: dict[str, str] = {}
        self._experiment_lock = threading.Lock()
        # The fluent API keeps the active run in process-wide state; log_model
        # is only called with this lock held.
        self._fluent_lock = threading.Lock()

    def experiment_id(self, name: str) -> str:
        from mlflow.exceptions import MlflowException

        with self._experiment_lock:
            if name not in self._experiments:
                try:
                    self._experiments[name] = self.client.create_experiment(name)
                except MlflowException as e:
                    if e.error_code != "RESOURCE_ALREADY_EXISTS":
                        raise
                    self._experiments[name] = self.client.get_experiment_by_name(
                        name
                    ).experiment_id
            return self._experiments[name]

    @property
    def registry(self):
        """The client's registry client, for the calls where MlflowClient would
        first fetch the registered model only to check that it is no prompt
        (one extra registered-models/get request per alias or stage change)."""
        get = getattr(self.client, "_get_registry_client", None)
        return get() if get else self.client

    def seed_model(self, model: dict) -> dict:
        client, name = self.client, model["name"]
        experiment_id = self.experiment_id(model["experiment"])
        client.create_registered_model(
            name, tags=model["tags"] or None, description=model["description"]
        )
        created = []
        for vi, version in enumerate(model["versions"]):
            try:
                created.append(
                    self.seed_version(name, experiment_id, vi + 1, version, model["inputs"])
                )
            except SeedError:
                raise
            except Exception as e:
                raise SeedError(f"model {name!r} version {vi + 1}: {e}") from e
        try:
            for alias, number in model["aliases"].items():
                self.registry.set_registered_model_alias(name, alias, str(number))
            if model["delete_after"]:
                client.delete_registered_model(name)
        except Exception as e:
            raise SeedError(f"model {name!r} aliases/deleteAfter: {e}") from e
        log.info("seeded %s (%d versions)", name, len(created))
        return {"name": name, "versions": created}

    def seed_version(
        self, name: str, experiment_id: str, number: int, v: dict, inputs: list[str]
    ) -> dict:
        from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag
        from mlflow.utils.mlflow_tags import MLFLOW_DATASET_CONTEXT

        client = self.client
        run_id = None
        model_id = None
        if v["no_run"]:
            source = v["source"] or f"s3://ml-models/{name}/{number}"
        else:
            run = client.create_run(
                experiment_id,
                run_name=f"{name}-v{number}",
                tags=v["run_tags"] or None,
            )
            run_id = run.info.run_id
            source = f"{run.info.artifact_uri}/model"
            now = int(time.time() * 1000)
            metrics = [Metric(k, value, now, 0) for k, value in v["metrics"].items()]
            for k, values in v["history"].items():
                metrics += [Metric(k, value, now + i, i) for i, value in enumerate(values)]
            params = [Param(k, value) for k, value in v["params"].items()]
            if v["train"]:
                # mlflow 3.6's log_model re-logs the run's existing metrics to
                # link them to the logged model, and the server then fails on
                # a NaN metric (UNIQUE constraint, since NaN != NaN defeats its
                # duplicate check). So a trained version gets its params now
                # (log_model copies them) and its metrics after log_model.
                if params:
                    client.log_batch(run_id, params=params)
                params = []
            elif metrics or params:
                client.log_batch(run_id, metrics=metrics, params=params)
                metrics = params = []
            frame = None
            if v["dataset"] or v["train"]:
                frame = synthetic_frame(
                    zlib.crc32(f"{name}/{number}".encode()), inputs
                )
            if v["dataset"]:
                # A Dataset entity built directly: from_pandas only accepts
                # sources MLflow can resolve (s3, http, files), while real
                # lineage names warehouse tables too. MLflow stores the source
                # as JSON of its source type, as it does for its own types.
                uri = v["dataset"].get("source") or f"s3://datasets/{v['dataset']['name']}"
                entity = Dataset(
                    name=v["dataset"]["name"],
                    digest=hashlib.sha256(uri.encode()).hexdigest()[:8],
                    source_type="external",
                    source=json.dumps({"uri": uri}),
                )
                client.log_inputs(
                    run_id,
                    datasets=[
                        DatasetInput(entity, tags=[InputTag(MLFLOW_DATASET_CONTEXT, "training")])
                    ],
                )
            if v["train"]:
                model_info = self.train(run_id, v["train"], frame)
                source, model_id = model_info.model_uri, model_info.model_id
                if metrics:
                    client.log_batch(run_id, metrics=metrics)
        mv = client.create_model_version(
            name,
            source,
            run_id=run_id,
            tags=v["tags"] or None,
            description=v["description"],
            await_creation_for=0,
            model_id=model_id,
        )
        if str(mv.version) != str(number):
            raise SeedError(
                f"model {name!r} version {number}: MLflow numbered it {mv.version}; "
                "was the registered model written to by someone else?"
            )
        if v["stage"] and v["stage"] != "None":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.registry.transition_model_version_stage(
                    name, mv.version, v["stage"], archive_existing_versions=False
                )
        if run_id:
            client.set_terminated(run_id)
        return {
            "version": str(mv.version),
            "runId": run_id,
            "experimentId": experiment_id if run_id else None,
        }

    def train(self, run_id: str, kind: str, frame):
        import sklearn
        from mlflow.models import infer_signature
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression

        x, y = frame.drop(columns=["label"]), frame["label"]
        if kind == "logistic-regression":
            estimator = LogisticRegression(max_iter=200)
        else:
            estimator = GradientBoostingClassifier(n_estimators=20, max_depth=2, random_state=0)
        estimator.fit(x, y)
        signature = infer_signature(x, estimator.predict(x))
        with self._fluent_lock, self.mlflow.start_run(run_id=run_id, log_system_metrics=False):
            # Explicit requirements skip MLflow's slow import-tracing inference.
            return self.mlflow.sklearn.log_model(
                estimator,
                name="model",
                signature=signature,
                input_example=x.head(3),
                pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tracking-uri", required=True, help="e.g. http://127.0.0.1:5000")
    parser.add_argument("--plan", required=True, help="plan JSON file, or - for stdin")
    args = parser.parse_args()

    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s"
    )
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"mlflow\..*")

    try:
        text = sys.stdin.read() if args.plan == "-" else open(args.plan).read()
        threads, models = parse_plan(json.loads(text))
    except (OSError, json.JSONDecodeError) as e:
        print(f"seed.py: cannot read the plan {args.plan}: {e}", file=sys.stderr)
        return 2
    except PlanError as e:
        print(f"seed.py: bad plan: {e}", file=sys.stderr)
        return 2

    out = sys.stdout
    started = time.monotonic()
    # Whatever MLflow prints goes to stderr; stdout carries only the result.
    with contextlib.redirect_stdout(sys.stderr):
        # Enough pooled HTTP connections for the worker threads (read lazily).
        os.environ.setdefault("MLFLOW_HTTP_POOL_MAXSIZE", str(max(10, threads * 2)))
        seeder = Seeder(args.tracking_uri)
        results: list[dict | None] = [None] * len(models)
        errors = []
        with ThreadPoolExecutor(max_workers=threads) as pool:
            futures = {pool.submit(seeder.seed_model, m): i for i, m in enumerate(models)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as e:
                    if not isinstance(e, SeedError):
                        e = SeedError(f"model {models[i]['name']!r}: {e}")
                    errors.append(str(e))
                    for other in futures:
                        other.cancel()
        if errors:
            for message in errors:
                print(f"seed.py: {message}", file=sys.stderr)
            return 1
    seconds = round(time.monotonic() - started, 3)
    log.info("seeded %d models in %.1fs", len(models), seconds)
    json.dump({"models": results, "seconds": seconds}, out)
    out.write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
