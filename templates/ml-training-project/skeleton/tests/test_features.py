import numpy as np
import pandas as pd
import pytest

from ${{ values.package }}.features import MISSING_COUNT, add_derived_features, column_groups, prepare


def test_normalises_categories_and_counts_missing_values():
    frame = pd.DataFrame(
        {"amount": [1.0, np.nan, 3.0], "visits": [1, 2, np.nan], "segment": [" Pro", "basic ", None]}
    )
    out = add_derived_features(frame)
    assert list(out["segment"][:2]) == ["pro", "basic"]
    assert list(out[MISSING_COUNT]) == [0, 1, 1]
    # The input is left alone.
    assert MISSING_COUNT not in frame.columns


def test_prepare_splits_off_the_target_and_drops_unlabelled_rows():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "label": [0, None, 1]})
    features, labels = prepare(frame, "label")
    assert "label" not in features.columns
    assert len(features) == len(labels) == 2


def test_prepare_names_a_missing_target():
    with pytest.raises(ValueError, match="'label'"):
        prepare(pd.DataFrame({"x": [1]}), "label")


def test_column_groups():
    features = add_derived_features(pd.DataFrame({"x": [1.0], "segment": ["a"], "text": ["Hello"]}))
    assert column_groups(features, "binary-classification") == {
        "numeric": ["x", MISSING_COUNT],
        "categorical": ["segment", "text"],
        "text": [],
    }
    assert column_groups(features, "text-classification")["text"] == ["text"]
    assert features["text"][0] == "hello"
