import pytest

from ${{ values.package }}.config import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_INPUT_PATH,
    DEFAULT_MODEL_URI,
    DEFAULT_TRACKING_URI,
    ID_COLUMNS,
    MODEL_ALIAS,
    REGISTERED_MODEL,
    resolve_settings,
)
from ${{ values.package }}.errors import ConfigError


def test_defaults_load_the_registered_model_by_its_alias():
    settings = resolve_settings(env={})
    assert DEFAULT_MODEL_URI == f"models:/{REGISTERED_MODEL}@{MODEL_ALIAS}"
    assert settings.model_uri == DEFAULT_MODEL_URI
    assert settings.tracking_uri == DEFAULT_TRACKING_URI
    assert settings.input_path == DEFAULT_INPUT_PATH
    assert (settings.id_columns, settings.chunk_size) == (ID_COLUMNS, DEFAULT_CHUNK_SIZE)


def test_a_flag_wins_over_its_environment_variable():
    env = {
        "MLFLOW_TRACKING_URI": "http://mlflow:5000",
        "INPUT_PATH": "/data/input/rows.parquet",
        "OUTPUT_PATH": "/data/output/scores.parquet",
        "MODEL_ALIAS": "challenger",
        "ID_COLUMNS": "account_id, day",
        "CHUNK_SIZE": "500",
    }
    from_env = resolve_settings(env=env)
    assert from_env.tracking_uri == "http://mlflow:5000"
    assert from_env.model_uri == f"models:/{REGISTERED_MODEL}@challenger"
    assert (from_env.input_path, from_env.output_path) == ("/data/input/rows.parquet", "/data/output/scores.parquet")
    assert (from_env.id_columns, from_env.chunk_size) == (("account_id", "day"), 500)

    flags = resolve_settings(input_path="rows.csv", alias="shadow", chunk_size=9, env=env)
    assert (flags.input_path, flags.model_uri, flags.chunk_size) == ("rows.csv", f"models:/{REGISTERED_MODEL}@shadow", 9)
    assert resolve_settings(model_uri="runs:/abc/model", env=env).model_uri == "runs:/abc/model"


@pytest.mark.parametrize("alias", ["latest", "V2", "has space", ""])
def test_an_invalid_alias_is_named(alias):
    if alias:
        with pytest.raises(ConfigError, match=f"alias '{alias}' is not a valid MLflow alias"):
            resolve_settings(alias=alias, env={})
    else:
        # An empty flag or variable means "not set": the template's alias.
        assert resolve_settings(alias=alias, env={"MODEL_ALIAS": ""}).model_uri == DEFAULT_MODEL_URI


def test_model_uri_and_alias_together_are_refused():
    with pytest.raises(ConfigError, match="either --model-uri or --alias"):
        resolve_settings(model_uri="models:/x/1", alias="champion", env={})


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_a_bad_chunk_size_names_the_setting(value):
    with pytest.raises(ConfigError, match=f"CHUNK_SIZE\\) must be a positive integer, got '{value}'"):
        resolve_settings(env={"CHUNK_SIZE": value})
