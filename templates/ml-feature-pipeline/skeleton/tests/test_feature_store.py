"""End to end in a temporary feature repo: build, apply, materialize, then read features back."""

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from ${{ values.package }} import store
from ${{ values.package }}.config import FEATURE_NAMES, JOIN_KEY, TIMESTAMP_COLUMN, TTL, count_feature, sum_feature
from ${{ values.package }}.errors import NotReadyError
from ${{ values.package }}.pipeline import build_feature_table

from conftest import make_events

C7, C30, S7, S30 = count_feature(7), count_feature(30), sum_feature(7), sum_feature(30)
LAST_A = datetime(2024, 1, 8, 10, tzinfo=timezone.utc)


@pytest.fixture
def feature_store(repo, tmp_path):
    events = make_events(
        ("a", "2024-01-01T10:00:00Z", 10.0),
        ("a", "2024-01-05T10:00:00Z", 5.0),
        ("a", "2024-01-08T10:00:00Z", 1.0),
        ("a", "2024-01-08T10:00:00Z", 2.0),
        ("b", "2024-01-03T12:00:00Z", 100.0),
    )
    events.to_csv(tmp_path / "events.csv", index=False)
    summary = build_feature_table(tmp_path / "events.csv", store.feature_table_path(repo))
    assert summary["rows"] == 4 and summary["entities"] == 2
    feature_store = store.open_store(repo)
    store.apply(feature_store)
    return feature_store


def test_materialized_features_are_the_latest_per_entity(feature_store):
    store.materialize(feature_store, start=datetime(2023, 12, 1, tzinfo=timezone.utc), end=LAST_A + timedelta(days=1))
    rows = store.online_features(feature_store, ["a", "b", "nobody"])
    assert rows[0] == {JOIN_KEY: "a", C7: 3, C30: 4, S7: pytest.approx(8.0), S30: pytest.approx(18.0)}
    assert rows[1] == {JOIN_KEY: "b", C7: 1, C30: 1, S7: pytest.approx(100.0), S30: pytest.approx(100.0)}
    assert rows[2] == {JOIN_KEY: "nobody", **{name: None for name in FEATURE_NAMES}}


def test_historical_features_are_point_in_time_correct_and_expire_with_the_ttl(feature_store):
    at = pd.Timestamp
    entity_df = pd.DataFrame(
        [
            ("before", "a", at("2023-12-31T00:00:00Z")),
            ("at the first event", "a", at("2024-01-01T10:00:00Z")),
            ("between events", "a", at("2024-01-06T00:00:00Z")),
            ("b's own", "b", at("2024-01-03T18:00:00Z")),
            ("just within the ttl", "a", LAST_A + TTL - timedelta(hours=1)),
            ("after the ttl", "a", LAST_A + TTL + timedelta(hours=1)),
        ],
        columns=["case", JOIN_KEY, TIMESTAMP_COLUMN],
    )
    result = store.historical_features(feature_store, entity_df)
    # Every row, in order, with its own columns: a training set keeps all its examples.
    pd.testing.assert_frame_equal(result[entity_df.columns], entity_df.astype({JOIN_KEY: str}))
    got = {
        case: [None if pd.isna(value) else value for value in values]
        for case, values in zip(result["case"], result[[C7, C30, S7, S30]].values.tolist(), strict=True)
    }
    assert got == {
        "before": [None] * 4,
        "at the first event": [1, 1, 10.0, 10.0],
        # Not the 2024-01-08 values: they lie in the future of this row.
        "between events": [2, 2, 15.0, 15.0],
        "b's own": [1, 1, 100.0, 100.0],
        "just within the ttl": [3, 4, 8.0, 18.0],
        "after the ttl": [None] * 4,
    }


def test_reading_before_apply_says_to_apply(repo):
    with pytest.raises(NotReadyError, match="apply"):
        store.online_features(store.open_store(repo), ["a"])


def test_materializing_before_build_says_to_build(repo):
    feature_store = store.open_store(repo)
    store.apply(feature_store)
    with pytest.raises(NotReadyError, match="build"):
        store.materialize(feature_store)


def test_a_folder_without_feature_store_yaml_is_refused(tmp_path):
    with pytest.raises(NotReadyError, match="feature_store.yaml"):
        store.open_store(tmp_path)
