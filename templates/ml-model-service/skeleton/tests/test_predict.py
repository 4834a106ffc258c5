"""POST /predict: the model's own predictions, and clear errors for bad requests."""

import logging
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from support import records, wait_until

from ${{ values.package }}.app import create_app
from ${{ values.package }}.config import REGISTERED_MODEL


def predict(client, instances):
    return client.post("/predict", json={"instances": instances})


def test_predictions_are_the_models(client, registered):
    sample = registered.sample
    res = predict(client, records(sample))
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["predictions"] == registered.estimator.predict(sample).tolist()
    assert body["model_version"] == registered.version
    assert body["model_uri"] == f"models:/{REGISTERED_MODEL}/{registered.version}"
    expected = registered.estimator.predict_proba(sample)
    classes = [str(c) for c in registered.estimator.classes_]
    for row, probabilities in zip(expected, body["probabilities"]):
        assert list(probabilities) == classes
        assert list(probabilities.values()) == pytest.approx(row.tolist())


def test_a_missing_number_is_imputed_by_the_model(client, registered):
    row = {**records(registered.sample.head(1))[0], "amount": None}
    res = predict(client, [row])
    assert res.status_code == 200, res.text
    assert len(res.json()["predictions"]) == 1


def test_a_missing_column_is_named_with_what_to_send(client):
    res = predict(client, [{"count": 3, "segment": "pro", "active": True}])
    assert res.status_code == 422
    [problem] = res.json()["detail"]
    assert problem["loc"] == ["body", "instances", 0, "amount"]
    assert problem["type"] == "missing_column"
    assert "instance 0 is missing the column 'amount' (double)" in problem["msg"]
    assert "every instance needs: count (long), amount (double), segment (string), active (boolean)" in problem["msg"]


def test_an_unknown_column_is_named_with_the_fix(client, registered):
    row = {**records(registered.sample.head(1))[0], "colour": "red"}
    [problem] = predict(client, [row]).json()["detail"]
    assert problem["loc"] == ["body", "instances", 0, "colour"]
    assert problem["msg"].startswith("instance 0 has the unknown column 'colour'; remove it.")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("count", "three", "the column 'count' must be long, got a string 'three'; send a whole JSON number"),
        ("count", 2.5, "the column 'count' must be long, got a number 2.5; send a whole JSON number"),
        ("amount", True, "the column 'amount' must be double, got a boolean True; send a JSON number"),
        ("segment", 7, "the column 'segment' must be string, got an integer 7; send a JSON string"),
        ("active", "yes", "the column 'active' must be boolean, got a string 'yes'; send true or false"),
        ("segment", None, "the column 'segment' is null but the model requires a value; send a JSON string"),
    ],
)
def test_a_wrong_type_is_named_with_what_to_send(client, registered, column, value, message):
    row = {**records(registered.sample.head(1))[0], column: value}
    res = predict(client, [row])
    assert res.status_code == 422
    [problem] = res.json()["detail"]
    assert problem["loc"] == ["body", "instances", 0, column]
    assert message in problem["msg"]


def test_every_problem_is_reported_at_once(client, registered):
    good, other = records(registered.sample.head(2))
    bad = [good, {**other, "count": "x", "extra": 1}, {"count": 1}]
    problems = predict(client, bad).json()["detail"]
    assert [p["loc"][2:] for p in problems] == [
        [1, "count"],
        [1, "extra"],
        [2, "amount"],
        [2, "segment"],
        [2, "active"],
    ]


def test_no_instances_is_refused_with_an_example(client):
    res = predict(client, [])
    assert res.status_code == 422
    [problem] = res.json()["detail"]
    assert problem["loc"] == ["body", "instances"]
    assert problem["msg"].startswith("instances is empty; send at least one row")
    assert '"count": ...' in problem["msg"]


@pytest.mark.parametrize("body", [{}, {"instances": {"count": 1}}, {"instances": [1, 2]}])
def test_a_malformed_body_names_instances(client, body):
    res = client.post("/predict", json=body)
    assert res.status_code == 422
    assert all(p["loc"][:2] == ["body", "instances"] for p in res.json()["detail"])


def test_batches_are_limited(settings, registered):
    row = records(registered.sample.head(1))[0]
    with TestClient(create_app(replace(settings, max_batch_rows=10))) as client:
        wait_until(client, lambda: client.get("/ready").status_code == 200)
        assert predict(client, [row] * 10).status_code == 200
        res = predict(client, [row] * 11)
    assert res.status_code == 413
    assert res.json()["detail"] == (
        "too many instances: 11, the limit is 10 per request (MAX_BATCH_ROWS); split them into smaller requests"
    )


def test_the_default_limit_is_1000_rows(client, registered):
    row = records(registered.sample.head(1))[0]
    assert predict(client, [row] * 1000).status_code == 200
    assert predict(client, [row] * 1001).status_code == 413


def test_logs_requests_without_their_data(client, registered, caplog):
    caplog.set_level(logging.INFO)
    row = {**records(registered.sample.head(1))[0], "segment": "customer-4711"}
    assert predict(client, [row, row]).status_code == 200
    predicted = [r for r in caplog.records if r.getMessage() == "predicted"]
    assert len(predicted) == 1
    assert predicted[0].rows == 2
    assert predicted[0].model_version == registered.version
    assert any(getattr(r, "path", None) == "/predict" and r.status == 200 for r in caplog.records)
    assert "customer-4711" not in caplog.text
