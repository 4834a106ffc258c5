"""Feature preparation shared by training and prediction.

``prepare`` splits a frame into features and target; ``add_derived_features``
is the one place for feature engineering, applied the same way before
training and before predicting. ``column_groups`` decides how the pipeline
treats each column: numeric (imputed, scaled), categorical (one-hot) or text
(TF-IDF).
"""

from __future__ import annotations

import pandas as pd

from .config import TEXT_COLUMN

MISSING_COUNT = "n_missing"


def prepare(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Features and target of the rows that have a target."""
    if target not in frame.columns:
        raise ValueError(
            f"target column {target!r} not in the data; columns: {', '.join(map(str, frame.columns))}"
        )
    labelled = frame.dropna(subset=[target]).reset_index(drop=True)
    return add_derived_features(labelled.drop(columns=[target])), labelled[target]


def add_derived_features(features: pd.DataFrame) -> pd.DataFrame:
    """Normalises categories and text and counts missing numeric values per row."""
    out = features.copy()
    numeric = []
    for column in out.columns:
        if column == TEXT_COLUMN:
            out[column] = out[column].fillna("").astype(str).str.lower()
        elif pd.api.types.is_numeric_dtype(out[column]):
            numeric.append(column)
        else:
            out[column] = out[column].map(
                lambda value: value.strip().lower() if isinstance(value, str) else value
            ).astype(object)
    if numeric:
        out[MISSING_COUNT] = out[numeric].isna().sum(axis=1)
    return out


def column_groups(features: pd.DataFrame, task: str) -> dict[str, list[str]]:
    """Numeric, categorical and text columns of prepared features."""
    text = [TEXT_COLUMN] if task == "text-classification" else []
    if text and TEXT_COLUMN not in features.columns:
        raise ValueError(f"text-classification needs a {TEXT_COLUMN!r} column")
    numeric = [
        c for c in features.columns if c not in text and pd.api.types.is_numeric_dtype(features[c])
    ]
    categorical = [c for c in features.columns if c not in text and c not in numeric]
    return {"numeric": numeric, "categorical": categorical, "text": text}
