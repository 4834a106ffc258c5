import mlflow
import mlflow.sklearn
import pytest

from ${{ values.package }}.config import DATASET_REF, MODEL_NAME, TASK
from ${{ values.package }}.data import synthetic_frame
from ${{ values.package }}.train import is_tracking_server, log_to_mlflow, train_model


@pytest.fixture(scope="module")
def result():
    return train_model(synthetic_frame(TASK, rows=200), TASK)


def test_logs_params_metrics_and_the_model_to_a_local_store(result, tracking_uri, tmp_path):
    logged = log_to_mlflow(result, tracking_uri=tracking_uri)

    run = mlflow.MlflowClient(tracking_uri).get_run(logged.run_id)
    assert run.data.params["task"] == TASK
    assert run.data.params["dataset"] == DATASET_REF
    assert set(result.metrics) <= set(run.data.metrics)
    assert run.data.metrics[next(iter(result.metrics))] == pytest.approx(next(iter(result.metrics.values())))
    assert any(name.startswith("baseline_") for name in run.data.metrics)
    assert run.data.tags["catalog.dataset"] == DATASET_REF
    assert run.data.tags["data.synthetic"] == "true"
    experiment = mlflow.MlflowClient(tracking_uri).get_experiment(logged.experiment_id)
    assert experiment.name == MODEL_NAME
    # Artifacts stay in the temporary directory, next to the database.
    assert (tmp_path / "mlruns").is_dir()
    assert logged.registered_version is None

    mlflow.set_tracking_uri(tracking_uri)
    model = mlflow.sklearn.load_model(logged.model_uri)
    assert len(model.predict(result.input_example)) == len(result.input_example)


def test_does_not_register_into_a_local_store(result, tracking_uri):
    with pytest.warns(UserWarning, match="not registering"):
        logged = log_to_mlflow(result, tracking_uri=tracking_uri, register=True)
    assert logged.registered_version is None


def test_only_servers_count_as_tracking_servers():
    assert is_tracking_server("http://127.0.0.1:5000")
    assert is_tracking_server("https://mlflow.internal")
    assert not is_tracking_server("sqlite:///mlflow.db")
    assert not is_tracking_server("file:///tmp/mlruns")
