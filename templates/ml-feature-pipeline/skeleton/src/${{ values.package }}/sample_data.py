"""Synthetic events shaped like the export of the source dataset, for tests and demos.

Not data to train on: the real events come from the catalog Dataset (see
data/README.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import JOIN_KEY, TIMESTAMP_COLUMN, VALUE_COLUMN


def sample_events(
    entities: int = 20,
    days: int = 60,
    seed: int = 0,
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """Events of `entities` entities over the `days` days before `end` (default: now).

    Each entity has its own rate (0.2 to 3 events a day) and typical value;
    about 2% of the values are missing, as in real exports.
    """
    rng = np.random.default_rng(seed)
    end = pd.Timestamp.now(tz="UTC") if end is None else pd.Timestamp(end)
    end = end.tz_localize("UTC") if end.tz is None else end.tz_convert("UTC")
    prefix = JOIN_KEY.removesuffix("_id") or "entity"
    rows = []
    for i in range(entities):
        key = f"{prefix}_{i + 1:04d}"
        rate = rng.uniform(0.2, 3.0)
        typical = rng.uniform(5, 200)
        count = max(1, rng.poisson(rate * days))
        offsets = rng.uniform(0, days * 86_400, count)
        values = np.round(rng.lognormal(np.log(typical), 0.5, count), 2)
        for offset, value in zip(offsets, values, strict=True):
            rows.append((key, end - pd.Timedelta(seconds=float(offset)), value))
    events = pd.DataFrame(rows, columns=[JOIN_KEY, TIMESTAMP_COLUMN, VALUE_COLUMN])
    events.loc[rng.random(len(events)) < 0.02, VALUE_COLUMN] = np.nan
    events[TIMESTAMP_COLUMN] = events[TIMESTAMP_COLUMN].dt.floor("s")
    events = events.sort_values(TIMESTAMP_COLUMN, kind="stable").reset_index(drop=True)
    events.insert(0, "event_id", [f"evt_{i:06d}" for i in range(len(events))])
    return events
