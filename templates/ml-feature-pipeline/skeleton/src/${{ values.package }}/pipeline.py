"""Reading an events export and writing the feature table Feast reads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .config import DATASET_REF, FEATURE_NAMES, JOIN_KEY, TIMESTAMP_COLUMN
from .errors import MissingEventsError
from .transformations import compute_features


def read_events(path: str | Path) -> pd.DataFrame:
    """A CSV or Parquet export of the source dataset; join keys stay strings."""
    path = Path(path)
    if not path.is_file():
        raise MissingEventsError(
            f"{path} does not exist: export the events of {DATASET_REF} there "
            f"(CSV or Parquet), or write synthetic ones with `python -m {__package__} sample --out {path}`"
        )
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    # As strings, so that keys such as 007 keep their leading zeros.
    return pd.read_csv(path, dtype={JOIN_KEY: str})


def build_feature_table(events_path: str | Path, out_path: str | Path) -> dict[str, object]:
    """Computes the features of an events export and writes them as Parquet; returns a summary."""
    table = compute_features(read_events(events_path))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(out_path, index=False)
    return {
        "events": str(events_path),
        "feature_table": str(out_path),
        "rows": len(table),
        "entities": int(table[JOIN_KEY].nunique()),
        "from": table[TIMESTAMP_COLUMN].min().isoformat(),
        "to": table[TIMESTAMP_COLUMN].max().isoformat(),
        "features": list(FEATURE_NAMES),
    }
