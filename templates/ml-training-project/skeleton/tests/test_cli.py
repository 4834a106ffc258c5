import json
import os
import subprocess
import sys
from pathlib import Path

from ${{ values.package }}.config import TASK

PROJECT = Path(__file__).resolve().parents[1]


def run_cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src"), "MLFLOW_DISABLE_TELEMETRY": "true"}
    env.pop("MLFLOW_TRACKING_URI", None)
    return subprocess.run(
        [sys.executable, "-m", "${{ values.package }}", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_trains_and_logs_end_to_end(tmp_path):
    done = run_cli("--metrics-out", "metrics.json", "--fail-below-baseline", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "metrics.json").read_text())
    assert summary["task"] == TASK
    assert summary["data"] == "synthetic"
    assert summary["beats_baseline"] is True
    assert summary["run_id"]
    # The default store: ./mlflow.db with artifacts in ./mlruns.
    assert (tmp_path / "mlflow.db").is_file()
    assert (tmp_path / "mlruns").is_dir()
    assert "synthetic" in done.stderr


def test_trains_on_a_csv(tmp_path):
    from ${{ values.package }}.data import synthetic_frame

    synthetic_frame(TASK, rows=200, seed=7).to_csv(tmp_path / "export.csv", index=False)
    done = run_cli("--data", "export.csv", "--no-mlflow", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["data"] == "export.csv"


def test_register_refuses_synthetic_data(tmp_path):
    done = run_cli("--register", "--data", "missing.csv", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing.csv" in done.stderr
