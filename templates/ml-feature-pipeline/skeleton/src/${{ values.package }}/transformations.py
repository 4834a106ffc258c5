"""From the raw events of the source dataset to the feature table.

``compute_features`` is pure pandas: one row per entity and event timestamp,
with the number of events and the sum of the value column over each trailing
window ``(t - N days, t]``: an event exactly N days before ``t`` is out, one
a second later is in. Events of the same entity at the same timestamp count
together; entities never see each other's events. Missing values count as
events but add nothing to the sums.

Each row is as of its own timestamp: Feast serves the latest row of an entity
until its ttl runs out, so a quiet entity keeps its last counts (see README).
"""

from __future__ import annotations

import warnings

import pandas as pd

from .config import (
    DATASET_REF,
    JOIN_KEY,
    TIMESTAMP_COLUMN,
    VALUE_COLUMN,
    WINDOWS_DAYS,
    count_feature,
    sum_feature,
)
from .errors import EventsError

# Which setting in config.py names each input column, for error messages.
_SETTINGS = {"join_key": "JOIN_KEY", "timestamp_column": "TIMESTAMP_COLUMN", "value_column": "VALUE_COLUMN"}


def compute_features(
    events: pd.DataFrame,
    *,
    join_key: str = JOIN_KEY,
    timestamp_column: str = TIMESTAMP_COLUMN,
    value_column: str = VALUE_COLUMN,
    windows_days: tuple[int, ...] = WINDOWS_DAYS,
    dataset: str = DATASET_REF,
) -> pd.DataFrame:
    """The feature table: the join key, the timestamp (UTC) and the features of config.FEATURES."""
    clean = clean_events(
        events, join_key=join_key, timestamp_column=timestamp_column, value_column=value_column, dataset=dataset
    )
    if clean.empty:
        raise EventsError(f"the events of {dataset} have no rows with a {join_key!r} and a {timestamp_column!r}")
    # Same entity, same instant: one row, so every feature sees all of them.
    per_instant = (
        clean.groupby([join_key, timestamp_column], sort=True)
        .agg(events=(value_column, "size"), total=(value_column, "sum"))
        .reset_index()
    )
    by_entity = per_instant.groupby(join_key, sort=False)
    # Indexed by (key, timestamp), unique after the grouping above, as the rolled sums are.
    table = per_instant[[join_key, timestamp_column]].set_index([join_key, timestamp_column], drop=False)
    counts, sums = {}, {}
    for days in windows_days:
        rolled = by_entity.rolling(f"{days}D", on=timestamp_column, closed="right")[["events", "total"]].sum()
        counts[count_feature(days)] = rolled["events"].round().astype("int64")
        sums[sum_feature(days)] = rolled["total"].astype("float64")
    for name, column in {**counts, **sums}.items():
        table[name] = column
    return table.reset_index(drop=True)


def clean_events(
    events: pd.DataFrame,
    *,
    join_key: str = JOIN_KEY,
    timestamp_column: str = TIMESTAMP_COLUMN,
    value_column: str = VALUE_COLUMN,
    dataset: str = DATASET_REF,
) -> pd.DataFrame:
    """The three columns the features need, typed: string keys, UTC timestamps, float values.

    Raises EventsError naming the column, the dataset and the fix when a
    column is missing or holds values of the wrong kind; drops (with a
    warning) events without a key or a timestamp.
    """
    columns = {"join_key": join_key, "timestamp_column": timestamp_column, "value_column": value_column}
    if len(set(columns.values())) < len(columns):
        raise EventsError(
            f"JOIN_KEY, TIMESTAMP_COLUMN and VALUE_COLUMN must be three different columns, "
            f"got {join_key!r}, {timestamp_column!r} and {value_column!r}; fix them in config.py"
        )
    missing = [(role, name) for role, name in columns.items() if name not in events.columns]
    if missing:
        names = ", ".join(f"{name!r} ({_SETTINGS[role]} in config.py)" for role, name in missing)
        raise EventsError(
            f"the events of {dataset} have no column {names}; columns: "
            f"{', '.join(map(str, events.columns)) or 'none'}. Export the dataset with that column, "
            "or set the setting to the column's name"
        )

    frame = events[[join_key, timestamp_column, value_column]].copy()
    frame[timestamp_column] = _utc_timestamps(frame[timestamp_column], timestamp_column, dataset)
    frame[value_column] = _numbers(frame[value_column], value_column, dataset)

    unusable = frame[join_key].isna() | frame[timestamp_column].isna()
    if unusable.any():
        warnings.warn(
            f"dropped {int(unusable.sum())} of {len(frame)} events of {dataset} "
            f"without a {join_key!r} or a {timestamp_column!r}",
            stacklevel=3,
        )
        frame = frame[~unusable]
    # Keys are strings, whatever the export made of them: the Feast entity is one.
    frame[join_key] = frame[join_key].astype(str)
    return frame.reset_index(drop=True)


def _utc_timestamps(column: pd.Series, name: str, dataset: str) -> pd.Series:
    """Timestamps in UTC; naive ones are taken to be UTC already."""
    if pd.api.types.is_datetime64_any_dtype(column):
        parsed = column
    else:
        parsed = pd.to_datetime(column, errors="coerce", utc=True, format="mixed")
        bad = parsed.isna() & column.notna()
        if bad.any():
            raise EventsError(
                f"column {name!r} of {dataset} must hold timestamps like 2024-05-01T12:00:00Z, "
                f"got {column[bad].iloc[0]!r} ({int(bad.sum())} such values)"
            )
    if parsed.dt.tz is None:
        return parsed.dt.tz_localize("UTC")
    return parsed.dt.tz_convert("UTC")


def _numbers(column: pd.Series, name: str, dataset: str) -> pd.Series:
    parsed = pd.to_numeric(column, errors="coerce")
    bad = parsed.isna() & column.notna()
    if bad.any():
        raise EventsError(
            f"column {name!r} of {dataset} must hold numbers, got {column[bad].iloc[0]!r} "
            f"({int(bad.sum())} such values); set VALUE_COLUMN in config.py to a numeric column"
        )
    return parsed.astype("float64")
