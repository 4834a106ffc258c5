import pytest

from ${{ values.package }}.config import TARGET, TASKS
from ${{ values.package }}.data import DataUnavailableError, load_training_data, synthetic_frame


@pytest.mark.parametrize("task", TASKS)
def test_synthetic_frame_has_a_label_and_features(task):
    frame = synthetic_frame(task, rows=120, seed=1)
    assert len(frame) == 120
    assert TARGET in frame.columns
    assert len(frame.columns) >= 2
    assert frame[TARGET].nunique() >= 2


def test_reads_the_csv_when_it_exists(tmp_path):
    path = tmp_path / "export.csv"
    synthetic_frame("regression", rows=30).to_csv(path, index=False)
    data = load_training_data(str(path), "regression")
    assert not data.synthetic
    assert data.source == str(path)
    assert len(data.frame) == 30


def test_falls_back_to_synthetic_data_with_a_warning(tmp_path):
    with pytest.warns(UserWarning, match="synthetic"):
        data = load_training_data(str(tmp_path / "missing.csv"), "binary-classification")
    assert data.synthetic
    assert data.source == "synthetic"


def test_refuses_synthetic_data_when_required(tmp_path):
    with pytest.raises(DataUnavailableError, match="missing.csv"):
        load_training_data(str(tmp_path / "missing.csv"), "binary-classification", allow_synthetic=False)


def test_a_csv_without_the_target_is_an_error(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="label"):
        load_training_data(str(path), "regression")
