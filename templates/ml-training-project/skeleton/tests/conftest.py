import os

import pytest

# No usage reporting from MLflow during tests.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")


@pytest.fixture
def tracking_uri(tmp_path, monkeypatch):
    """A fresh local MLflow store in the test's temporary directory."""
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    return f"sqlite:///{tmp_path / 'mlflow.db'}"
