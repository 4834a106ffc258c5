import json
import os
import subprocess
import sys

import pandas as pd

from ${{ values.package }}.__main__ import main
from ${{ values.package }}.config import FEATURE_NAMES, FEATURE_TABLE, JOIN_KEY, TIMESTAMP_COLUMN, VALUE_COLUMN
from ${{ values.package }}.sample_data import sample_events

from conftest import PROJECT


def run_cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src"), "FEAST_USAGE": "False"}
    return subprocess.run(
        [sys.executable, "-m", "${{ values.package }}", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_sample_then_build_writes_the_feature_table_where_the_view_reads_it(tmp_path, repo):
    done = run_cli("sample", "--entities", "5", "--days", "40", "--end", "2024-03-01T00:00:00Z", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "events.csv").is_file()

    done = run_cli("build", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    table = pd.read_parquet(repo / FEATURE_TABLE)
    assert summary["rows"] == len(table) > 0
    assert summary["entities"] == 5
    assert summary["features"] == list(FEATURE_NAMES)
    assert list(table.columns) == [JOIN_KEY, TIMESTAMP_COLUMN, *FEATURE_NAMES]


def test_apply_materialize_online(tmp_path, repo, capsys):
    sample_events(entities=3, days=20, seed=5, end="2024-03-01").to_csv(tmp_path / "events.csv", index=False)
    assert main(["build", "--events", str(tmp_path / "events.csv"), "--repo", str(repo)]) == 0
    assert main(["apply", "--repo", str(repo)]) == 0
    window = ["--start", "2024-01-01T00:00:00+00:00", "--end", "2024-03-02T00:00:00+00:00"]
    assert main(["materialize", "--repo", str(repo), *window]) == 0
    capsys.readouterr()

    key = sample_events(entities=3, days=20, seed=5, end="2024-03-01")[JOIN_KEY].iloc[0]
    assert main(["online", key, "--repo", str(repo)]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row[JOIN_KEY] == key
    assert all(row[name] is not None for name in FEATURE_NAMES)


def test_build_without_an_export_says_where_to_put_it(tmp_path):
    done = run_cli("build", "--events", "missing.csv", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing.csv does not exist" in done.stderr
    assert "sample" in done.stderr
    assert "Traceback" not in done.stderr


def test_build_names_a_missing_column(tmp_path, capsys):
    sample_events(entities=2, days=5).drop(columns=[VALUE_COLUMN]).to_csv(tmp_path / "events.csv", index=False)
    assert main(["build", "--events", str(tmp_path / "events.csv"), "--repo", str(tmp_path)]) == 1
    assert f"no column {VALUE_COLUMN!r} (VALUE_COLUMN in config.py)" in capsys.readouterr().err


def test_the_sample_is_reproducible_and_shaped_like_the_export():
    end = pd.Timestamp("2024-03-01T00:00:00Z")
    events = sample_events(entities=4, days=10, seed=1, end=end)
    pd.testing.assert_frame_equal(events, sample_events(entities=4, days=10, seed=1, end=end))
    assert {JOIN_KEY, TIMESTAMP_COLUMN, VALUE_COLUMN} <= set(events.columns)
    assert events[JOIN_KEY].nunique() == 4
    assert events[TIMESTAMP_COLUMN].between(end - pd.Timedelta(days=10), end).all()
