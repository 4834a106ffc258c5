import pandas as pd
import pytest

from ${{ values.package }}.config import MODEL_ALIAS, REGISTERED_MODEL
from ${{ values.package }}.errors import ModelError
from ${{ values.package }}.model import resolve_model
from ${{ values.package }}.score import score


def test_moving_the_alias_changes_the_version_used(champion, input_csv, tmp_path):
    first = score(champion.settings(input_csv, tmp_path / "first.parquet"))
    champion.point(MODEL_ALIAS, "2")
    second = score(champion.settings(input_csv, tmp_path / "second.parquet"))

    assert (first.model_version, second.model_version) == ("1", "2")
    before = pd.read_parquet(tmp_path / "first.parquet")
    after = pd.read_parquet(tmp_path / "second.parquet")
    assert set(after["model_version"]) == {"2"}
    # Version 2 was trained on flipped labels: every prediction flips.
    flipped = pd.to_numeric(before["prediction"]) + pd.to_numeric(after["prediction"])
    assert set(flipped) == {1}


def test_an_unknown_alias_names_the_alias_and_the_registered_model(champion):
    with pytest.raises(ModelError) as caught:
        resolve_model(f"models:/{REGISTERED_MODEL}@nightly", champion.tracking_uri)
    message = str(caught.value)
    assert f"registered model {REGISTERED_MODEL!r} has no alias 'nightly'" in message
    assert f"{MODEL_ALIAS} -> version 1" in message
    assert "set_registered_model_alias" in message


def test_an_unknown_registered_model_is_named(champion):
    with pytest.raises(ModelError, match="no registered model 'no-such-model'"):
        resolve_model("models:/no-such-model@champion", champion.tracking_uri)


def test_a_version_uri_loads_that_version(champion):
    resolved = resolve_model(f"models:/{REGISTERED_MODEL}/2", champion.tracking_uri)
    assert (resolved.version, resolved.load_uri, resolved.alias) == ("2", f"models:/{REGISTERED_MODEL}/2", None)
    with pytest.raises(ModelError, match="has no version 9"):
        resolve_model(f"models:/{REGISTERED_MODEL}/9", champion.tracking_uri)


def test_other_uris_are_loaded_as_they_are(champion):
    resolved = resolve_model("runs:/0123abcd/model", champion.tracking_uri)
    assert (resolved.load_uri, resolved.version) == ("runs:/0123abcd/model", None)
