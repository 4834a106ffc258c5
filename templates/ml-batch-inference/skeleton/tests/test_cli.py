import json
import os
import subprocess
import sys
from pathlib import Path

import mlflow
import pandas as pd
import pyarrow.parquet as pq

from conftest import FEATURES, ID, input_frame
from ${{ values.package }}.config import MODEL_ALIAS, OUTPUT_COLUMNS, PREDICTION_TYPE, REGISTERED_MODEL

PROJECT = Path(__file__).resolve().parents[1]
SETTINGS_VARIABLES = ("MLFLOW_TRACKING_URI", "MODEL_URI", "MODEL_ALIAS", "INPUT_PATH", "OUTPUT_PATH", "ID_COLUMNS", "CHUNK_SIZE")


def run_cli(*args, cwd, env=None):
    full_env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    full_env.update(PYTHONPATH=str(PROJECT / "src"), MLFLOW_DISABLE_TELEMETRY="true", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "${{ values.package }}", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def expected_predictions(registry, version, frame):
    mlflow.set_tracking_uri(registry.tracking_uri)
    raw = mlflow.pyfunc.load_model(f"models:/{REGISTERED_MODEL}/{version}").predict(frame[FEATURES])
    return list(pd.Series(raw).astype("float64" if PREDICTION_TYPE == "double" else str))


def test_scores_end_to_end_through_the_cli(champion, input_csv, tmp_path):
    done = run_cli(
        "--tracking-uri", champion.tracking_uri,
        "--input", str(input_csv),
        "--output", "out/scores.parquet",
        "--chunk-size", "7",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["model_uri"] == f"models:/{REGISTERED_MODEL}/1"
    assert summary["model_version"] == "1"
    assert (summary["rows"], summary["chunks"]) == (25, 4)

    table = pq.read_table(tmp_path / "out" / "scores.parquet")
    assert table.column_names == list(OUTPUT_COLUMNS)
    assert str(table.schema.field("prediction").type) == ("double" if PREDICTION_TYPE == "double" else "string")
    assert str(table.schema.field("scored_at").type) == "timestamp[us, tz=UTC]"
    scores = table.to_pandas()
    frame = input_frame()
    assert list(scores[ID]) == list(frame[ID])  # "00007" stays "00007"
    assert list(scores["prediction"]) == expected_predictions(champion, "1", frame)
    assert set(scores["model_version"]) == {"1"}
    assert scores["scored_at"].nunique() == 1
    # Nothing left behind but the output.
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["scores.parquet"]


def test_reads_its_settings_from_the_environment(champion, input_csv, tmp_path):
    champion.point("challenger", "2")
    done = run_cli(
        cwd=tmp_path,
        env={
            "MLFLOW_TRACKING_URI": champion.tracking_uri,
            "MODEL_ALIAS": "challenger",
            "INPUT_PATH": str(input_csv),
            "OUTPUT_PATH": "scores.csv",
        },
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["model_uri"] == f"models:/{REGISTERED_MODEL}/2"
    scores = pd.read_csv(tmp_path / "scores.csv", dtype={ID: str})
    assert list(scores.columns) == list(OUTPUT_COLUMNS)
    assert list(scores[ID]) == list(input_frame()[ID])
    assert set(scores["model_version"]) == {2}
    assert scores["scored_at"][0].endswith("Z")


def test_a_missing_column_fails_naming_it_and_the_model(champion, tmp_path):
    input_frame().drop(columns=["plan"]).to_csv(tmp_path / "input.csv", index=False)
    done = run_cli("--tracking-uri", champion.tracking_uri, "--input", "input.csv", "--output", "scores.csv", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing column(s) 'plan'" in done.stderr
    assert f"models:/{REGISTERED_MODEL}@{MODEL_ALIAS} (version 1)" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "scores.csv").exists()
