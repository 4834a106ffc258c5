"""What the template filled in: the features, their source dataset and its columns.

catalog-info.yaml describes the same features for the marketplace; change
both together (tests/test_definitions.py fails when they drift apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# The Feature entity's name in the catalog.
NAME = ${{ values.name | dump }}
FEATURE_REF = "feature:default/" + NAME
OWNER_REF = ${{ values.owner | dump }}
# The Feast project and its one feature view (Feast names take no dashes).
PROJECT = ${{ values.package | dump }}
FEATURE_VIEW = PROJECT

# The catalog Dataset whose events the features are computed from.
DATASET_REF = ${{ values.dataset | dump }}
DATASET_NAME = ${{ values.datasetName | dump }}
# Columns of its events export: one row per event.
JOIN_KEY = ${{ values.joinKey | dump }}
TIMESTAMP_COLUMN = ${{ values.timestampColumn | dump }}
VALUE_COLUMN = ${{ values.valueColumn | dump }}

# Training data gets no feature values older than this (Feast's ttl).
TTL = timedelta(days=${{ values.ttlDays }})
# The trailing windows the features aggregate over.
WINDOWS_DAYS = (7, 30)

# Where the CLI looks by default, relative to the project's root.
DEFAULT_EVENTS_PATH = "data/events.csv"
DEFAULT_REPO_PATH = "feature_repo"
# The feature table, relative to the feature repo (Feast resolves it there).
FEATURE_TABLE = "data/" + PROJECT + ".parquet"


@dataclass(frozen=True)
class FeatureSpec:
    name: str
    # The pandas dtype of the column; also the catalog's `dtype`.
    dtype: str
    description: str


def count_feature(days: int) -> str:
    return f"event_count_{days}d"


def sum_feature(days: int) -> str:
    return f"{VALUE_COLUMN}_sum_{days}d"


# Exactly the columns transformations.compute_features adds, in this order.
FEATURES = tuple(
    [FeatureSpec(count_feature(d), "int64", f"Number of events in the last {d} days") for d in WINDOWS_DAYS]
    + [
        FeatureSpec(sum_feature(d), "float64", f"Sum of {VALUE_COLUMN} in the last {d} days")
        for d in WINDOWS_DAYS
    ]
)
FEATURE_NAMES = tuple(feature.name for feature in FEATURES)
