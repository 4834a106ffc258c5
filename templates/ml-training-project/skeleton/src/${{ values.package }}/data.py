"""Loading the training data.

The model is trained on the catalog Dataset ``DATASET_REF``. Training reads a
CSV export of it: the ``--data`` path or URL, else ``DEFAULT_DATA_PATH``
(``data/<dataset>.csv``). The CSV needs a ``label`` column (``TARGET``); for
text-classification also a ``text`` column. All other columns are features.

When that file is missing or cannot be read (no export yet, a laptop without
access to the lake, CI), ``load_training_data`` falls back to a small
*synthetic* frame of the same shape, so the project, its tests and CI run
anywhere. The fallback is loud: a warning is printed, ``synthetic`` is True
and the MLflow run is tagged ``data.synthetic=true``. A model trained on it is
a smoke test, never something to register: pass ``--require-data`` (as
``train --register`` does) to fail instead of falling back.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .config import DEFAULT_DATA_PATH, TARGET, TEXT_COLUMN, check_task


@dataclass
class TrainingData:
    frame: pd.DataFrame
    # Where the rows came from: a path, a URL or "synthetic".
    source: str
    synthetic: bool


class DataUnavailableError(RuntimeError):
    """The dataset could not be read and synthetic data was not allowed."""


def load_training_data(
    path: str | None = None,
    task: str = "binary-classification",
    *,
    allow_synthetic: bool = True,
    synthetic_rows: int = 600,
    seed: int = 0,
) -> TrainingData:
    """Reads the dataset CSV, or returns a synthetic frame (see the module docstring)."""
    location = path or DEFAULT_DATA_PATH
    is_url = "://" in location
    problem: str
    if is_url or Path(location).is_file():
        try:
            frame = pd.read_csv(location)
        except Exception as error:  # unreachable URL, malformed file, ...
            problem = f"could not read {location}: {error}"
        else:
            if TARGET not in frame.columns:
                raise ValueError(
                    f"{location} has no {TARGET!r} column; columns: {', '.join(map(str, frame.columns))}"
                )
            return TrainingData(frame=frame, source=location, synthetic=False)
    else:
        problem = f"{location} does not exist"
    if not allow_synthetic:
        raise DataUnavailableError(f"training data unavailable: {problem}")
    warnings.warn(
        f"{problem}; training on a synthetic frame instead (fine for a smoke test, not for a real model)",
        stacklevel=2,
    )
    return TrainingData(
        frame=synthetic_frame(task, rows=synthetic_rows, seed=seed),
        source="synthetic",
        synthetic=True,
    )


_POSITIVE_WORDS = ["great", "love", "fast", "helpful", "recommend", "excellent", "easy"]
_NEGATIVE_WORDS = ["slow", "broken", "refund", "cancel", "terrible", "confusing", "bug"]
_NEUTRAL_WORDS = ["the", "app", "account", "order", "support", "today", "price", "team"]


def synthetic_frame(task: str, rows: int = 600, seed: int = 0) -> pd.DataFrame:
    """A small frame with a learnable signal, shaped like the real dataset.

    Tabular tasks get four numeric features (one with missing values), a
    categorical ``segment`` and a ``label``: 0/1 for binary classification,
    "low"/"mid"/"high" for multiclass, a float for regression.
    Text classification gets a ``text`` and a "positive"/"negative" ``label``.
    """
    check_task(task)
    rng = np.random.default_rng(seed)
    if task == "text-classification":
        labels = rng.choice(["positive", "negative"], size=rows)
        texts = []
        for label in labels:
            signal = _POSITIVE_WORDS if label == "positive" else _NEGATIVE_WORDS
            words = list(rng.choice(_NEUTRAL_WORDS, size=5)) + list(rng.choice(signal, size=2))
            rng.shuffle(words)
            texts.append(" ".join(words))
        return pd.DataFrame({TEXT_COLUMN: texts, TARGET: labels})

    segment = rng.choice(["basic", "plus", "pro"], size=rows, p=[0.5, 0.3, 0.2])
    feature_1 = rng.normal(0.0, 1.0, rows)
    feature_2 = rng.normal(0.0, 1.0, rows)
    feature_3 = rng.exponential(1.0, rows)
    feature_4 = rng.integers(0, 10, rows)
    segment_effect = pd.Series(segment).map({"basic": -0.5, "plus": 0.0, "pro": 0.8}).to_numpy()
    score = (
        1.5 * feature_1
        - 1.0 * feature_2
        + 0.5 * np.log1p(feature_3)
        + 0.1 * feature_4
        + segment_effect
        + rng.normal(0.0, 0.5, rows)
    )
    frame = pd.DataFrame(
        {
            "feature_1": feature_1,
            "feature_2": feature_2,
            "feature_3": feature_3,
            "feature_4": feature_4,
            "segment": segment,
        }
    )
    # Some missing values, as real exports have.
    frame.loc[rng.random(rows) < 0.05, "feature_3"] = np.nan
    if task == "binary-classification":
        frame[TARGET] = (score > np.median(score)).astype(int)
    elif task == "multiclass-classification":
        low, high = np.quantile(score, [1 / 3, 2 / 3])
        frame[TARGET] = np.where(score < low, "low", np.where(score < high, "mid", "high"))
    else:
        frame[TARGET] = 3.0 * score + 10.0
    return frame
