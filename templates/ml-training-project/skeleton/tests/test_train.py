import numpy as np
import pytest

from ${{ values.package }}.config import TASK, TASKS
from ${{ values.package }}.data import synthetic_frame
from ${{ values.package }}.evaluate import baseline_metrics, evaluate
from ${{ values.package }}.train import train_model


@pytest.mark.parametrize("task", TASKS)
def test_training_beats_the_trivial_baseline(task):
    result = train_model(synthetic_frame(task, rows=400, seed=3), task, seed=3)
    assert result.beats_baseline, (result.metrics, result.baseline)


def test_the_configured_task_trains_and_predicts():
    frame = synthetic_frame(TASK, rows=300)
    result = train_model(frame, TASK)
    predictions = result.model.predict(result.input_example)
    assert len(predictions) == len(result.input_example)
    assert result.params["task"] == TASK
    assert result.params["n_train"] + result.params["n_test"] == 300


def test_classification_metrics():
    y_true = np.array([0, 0, 1, 1])
    y_score = np.array([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7], [0.2, 0.8]])
    metrics = evaluate("binary-classification", y_true, np.array([0, 1, 1, 1]), y_score)
    assert metrics["accuracy"] == pytest.approx(0.75)
    assert metrics["roc_auc"] == pytest.approx(1.0)
    assert 0 < metrics["f1_macro"] < 1


def test_regression_metrics():
    metrics = evaluate("regression", np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
    assert metrics["mae"] == pytest.approx(2 / 3)
    assert metrics["rmse"] == pytest.approx(np.sqrt(4 / 3))
    assert metrics["r2"] == pytest.approx(-1.0)


def test_the_baseline_predicts_the_majority_class():
    metrics = baseline_metrics("binary-classification", np.array([1, 1, 1, 0]), np.array([1, 0]))
    assert metrics["accuracy"] == pytest.approx(0.5)
    assert metrics["roc_auc"] == pytest.approx(0.5)
