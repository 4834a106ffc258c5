"""Metrics for the model and for the trivial baseline it has to beat."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    mean_absolute_error,
    mean_squared_error,
    r2_score,
    roc_auc_score,
)

from .config import is_classification

# The metric that decides whether a model is better, per task, and its direction.
PRIMARY_METRIC = {
    "binary-classification": ("f1_macro", True),
    "multiclass-classification": ("f1_macro", True),
    "text-classification": ("f1_macro", True),
    "regression": ("rmse", False),
}


def evaluate(task: str, y_true, y_pred, y_score=None) -> dict[str, float]:
    """Test-set metrics: accuracy and macro F1 (and ROC AUC for two classes) or RMSE, MAE and R²."""
    if is_classification(task):
        metrics = {
            "accuracy": accuracy_score(y_true, y_pred),
            "f1_macro": f1_score(y_true, y_pred, average="macro", zero_division=0),
        }
        if y_score is not None and y_score.ndim == 2 and y_score.shape[1] == 2 and len(set(y_true)) == 2:
            metrics["roc_auc"] = roc_auc_score(y_true, y_score[:, 1])
    else:
        metrics = {
            "rmse": float(np.sqrt(mean_squared_error(y_true, y_pred))),
            "mae": mean_absolute_error(y_true, y_pred),
            "r2": r2_score(y_true, y_pred),
        }
    return {name: float(value) for name, value in metrics.items()}


def baseline_metrics(task: str, y_train: pd.Series, y_test: pd.Series) -> dict[str, float]:
    """What always predicting the majority class (or the mean) scores on the test set."""
    dummy = (
        DummyClassifier(strategy="most_frequent")
        if is_classification(task)
        else DummyRegressor(strategy="mean")
    )
    dummy.fit(np.zeros((len(y_train), 1)), y_train)
    x_test = np.zeros((len(y_test), 1))
    y_score = dummy.predict_proba(x_test) if is_classification(task) else None
    return evaluate(task, y_test, dummy.predict(x_test), y_score)


def beats_baseline(task: str, metrics: dict[str, float], baseline: dict[str, float]) -> bool:
    name, higher_is_better = PRIMARY_METRIC[task]
    return metrics[name] > baseline[name] if higher_is_better else metrics[name] < baseline[name]
