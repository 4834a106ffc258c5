"""The Kubernetes CronJob, the Dockerfile and catalog-info.yaml agree with the code."""

import re
from pathlib import Path

import yaml

from ${{ values.package }}.__main__ import build_parser
from ${{ values.package }}.config import (
    COMPONENT_REF,
    DEFAULT_MODEL_URI,
    INPUT_DATASET_REF,
    MODEL_REF,
    OUTPUT_COLUMNS,
    OUTPUT_DATASET_REF,
    OUTPUT_LOCATION,
    PREDICTION_TYPE,
    resolve_settings,
)

PROJECT = Path(__file__).resolve().parents[1]
CRON_FIELD = r"[0-9A-Za-z*,/-]+"
CRON = re.compile(rf"^(@(yearly|annually|monthly|weekly|daily|hourly)|{CRON_FIELD}( {CRON_FIELD}){{4}})$")


def cronjob():
    return yaml.safe_load((PROJECT / "deploy" / "cronjob.yaml").read_text())


def test_the_cronjob_runs_the_job_on_its_schedule_as_a_non_root_user():
    job = cronjob()
    assert job["kind"] == "CronJob"
    assert CRON.match(job["spec"]["schedule"]), job["spec"]["schedule"]
    pod = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    user = pod["securityContext"]["runAsUser"]
    assert f"USER {user}:" in (PROJECT / "Dockerfile").read_text()
    (container,) = pod["containers"]
    build_parser().parse_args(container.get("args", []))


def test_the_cronjob_writes_where_the_output_dataset_says():
    pod = cronjob()["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {e["name"]: e["value"] for e in container["env"] if "value" in e}
    settings = resolve_settings(env=env)
    assert settings.model_uri == DEFAULT_MODEL_URI
    (mount,) = [m for m in container["volumeMounts"] if settings.output_path.startswith(m["mountPath"] + "/")]
    (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    path = settings.output_path[len(mount["mountPath"]) :]
    assert f"pvc://{volume['persistentVolumeClaim']['claimName']}{path}" == OUTPUT_LOCATION


def test_the_catalog_entities_describe_this_job():
    component, dataset = yaml.safe_load_all((PROJECT / "catalog-info.yaml").read_text())
    assert f"component:default/{component['metadata']['name']}" == COMPONENT_REF
    assert component["spec"]["dependsOn"] == [MODEL_REF, INPUT_DATASET_REF]
    assert f"dataset:default/{dataset['metadata']['name']}" == OUTPUT_DATASET_REF
    assert dataset["spec"]["location"] == OUTPUT_LOCATION
    assert dataset["spec"]["derivedFrom"] == [INPUT_DATASET_REF]
    assert dataset["spec"]["dependsOn"] == [COMPONENT_REF, MODEL_REF]
    columns = {c["name"]: c["type"] for c in dataset["spec"]["schema"]["columns"]}
    assert tuple(columns) == OUTPUT_COLUMNS
    assert columns["prediction"] == PREDICTION_TYPE
