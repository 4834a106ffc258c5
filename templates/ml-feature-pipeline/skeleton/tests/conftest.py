import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

# Feast 0.67 reports no usage statistics; older versions did unless told not to.
os.environ.setdefault("FEAST_USAGE", "False")

from ${{ values.package }}.config import JOIN_KEY, TIMESTAMP_COLUMN, VALUE_COLUMN  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]


def make_events(*rows):
    """Events from (key, timestamp, value) tuples, with the columns of the real export."""
    frame = pd.DataFrame(rows, columns=[JOIN_KEY, TIMESTAMP_COLUMN, VALUE_COLUMN])
    # Exports have more columns than the features need.
    frame.insert(0, "event_id", [f"evt_{i}" for i in range(len(frame))])
    return frame


@pytest.fixture
def repo(tmp_path):
    """A copy of the project's feature repo in the test's temporary directory (no data yet)."""
    target = tmp_path / "feature_repo"
    target.mkdir()
    shutil.copy(PROJECT / "feature_repo" / "feature_store.yaml", target)
    return target
