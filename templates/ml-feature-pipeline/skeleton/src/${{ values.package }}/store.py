"""The feature store: registering the definitions, materializing, reading features back.

A thin layer over Feast's ``FeatureStore`` for the feature repo in
``feature_repo/`` (its feature_store.yaml: a local provider, a file offline
store and a SQLite online store, all under ``feature_repo/data/``).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pandas as pd

os.environ.setdefault("FEAST_USAGE", "False")

from feast import FeatureStore  # noqa: E402

from .config import DEFAULT_REPO_PATH, FEATURE_NAMES, FEATURE_TABLE, FEATURE_VIEW, JOIN_KEY  # noqa: E402
from .definitions import OBJECTS  # noqa: E402
from .errors import NotReadyError  # noqa: E402

_CLI = "python -m " + __package__
# Numbers the entity rows of a historical query.
_ROW = "__entity_row"


def open_store(repo_path: str | Path = DEFAULT_REPO_PATH) -> FeatureStore:
    repo = Path(repo_path)
    if not (repo / "feature_store.yaml").is_file():
        raise NotReadyError(f"{repo / 'feature_store.yaml'} does not exist: pass the feature repo with --repo")
    # The registry and the online store live in data/; Feast does not create it.
    (repo / "data").mkdir(exist_ok=True)
    return FeatureStore(repo_path=str(repo))


def feature_table_path(repo_path: str | Path = DEFAULT_REPO_PATH) -> Path:
    """Where `build` writes the feature table and the FileSource reads it."""
    return Path(repo_path) / FEATURE_TABLE


def feature_refs() -> list[str]:
    return [f"{FEATURE_VIEW}:{name}" for name in FEATURE_NAMES]


def apply(store: FeatureStore) -> list[str]:
    """Registers the entity, the source and the feature view; returns their names."""
    store.apply(OBJECTS)
    return [obj.name for obj in OBJECTS]


def materialize(store: FeatureStore, start: datetime | None = None, end: datetime | None = None) -> None:
    """Loads the latest feature row per entity between start and end into the online store.

    Without a start, only what is new since the last run (or, the first time,
    within the ttl) up to end (default: now).
    """
    table = feature_table_path(store.repo_path)
    if not table.is_file():
        raise NotReadyError(f"{table} does not exist: run `{_CLI} build` first")
    _require_applied(store)
    end = end or datetime.now().astimezone()
    if start is None:
        store.materialize_incremental(end_date=end, feature_views=[FEATURE_VIEW])
    else:
        store.materialize(start_date=start, end_date=end, feature_views=[FEATURE_VIEW])


def online_features(store: FeatureStore, keys: list[str]) -> list[dict[str, object]]:
    """The features served now for each key (None where the online store has nothing)."""
    _require_applied(store)
    result = store.get_online_features(features=feature_refs(), entity_rows=[{JOIN_KEY: str(k)} for k in keys])
    columns = result.to_dict()
    return [{name: columns[name][i] for name in [JOIN_KEY, *FEATURE_NAMES]} for i in range(len(keys))]


def historical_features(store: FeatureStore, entity_df: pd.DataFrame) -> pd.DataFrame:
    """Point-in-time correct features for training, one row per row of entity_df, in its order.

    entity_df has a JOIN_KEY column and a timestamp column (plus anything else,
    e.g. labels, which is kept). Each row gets the latest feature row of its
    entity at or before its timestamp and at most the ttl older; NaN where
    there is none.
    """
    _require_applied(store)
    rows = entity_df.reset_index(drop=True)
    rows = rows.assign(**{JOIN_KEY: rows[JOIN_KEY].astype(str), _ROW: range(len(rows))})
    found = store.get_historical_features(entity_df=rows, features=feature_refs()).to_df()
    # Feast's file offline store drops the rows whose entity has feature rows, but none
    # within the ttl: put them back, with NaN, so that no training example goes missing.
    return rows.merge(found[[_ROW, *FEATURE_NAMES]], on=_ROW, how="left").drop(columns=_ROW)


def _require_applied(store: FeatureStore) -> None:
    if FEATURE_VIEW not in {view.name for view in store.list_feature_views()}:
        raise NotReadyError(
            f"the feature view {FEATURE_VIEW!r} is not registered in {store.repo_path}: run `{_CLI} apply` first"
        )
