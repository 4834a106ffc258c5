"""The Feast definitions, the transformations and catalog-info.yaml describe the same features."""

import yaml

from ${{ values.package }}.config import (
    DATASET_REF,
    FEATURE_TABLE,
    FEATURE_VIEW,
    FEATURES,
    JOIN_KEY,
    NAME,
    OWNER_REF,
    PROJECT,
    TIMESTAMP_COLUMN,
    TTL,
)
from ${{ values.package }}.definitions import FEAST_TYPES, OBJECTS, entity, feature_view, source
from ${{ values.package }}.transformations import compute_features

from conftest import PROJECT as PROJECT_DIR
from conftest import make_events


def catalog_feature():
    documents = list(yaml.safe_load_all((PROJECT_DIR / "catalog-info.yaml").read_text()))
    features = [d for d in documents if d and d.get("kind") == "Feature"]
    assert len(features) == 1, "catalog-info.yaml must hold exactly one Feature entity"
    return features[0]


def test_the_feature_view_serves_exactly_what_the_transformations_compute():
    table = compute_features(make_events(("a", "2024-01-01T00:00:00Z", 1.0)))
    computed = {name: str(table[name].dtype) for name in table.columns if name not in (JOIN_KEY, TIMESTAMP_COLUMN)}
    assert computed == {f.name: f.dtype for f in FEATURES}
    assert {f.name: f.dtype for f in feature_view.features} == {f.name: FEAST_TYPES[f.dtype] for f in FEATURES}
    assert [f.name for f in feature_view.features] == list(table.columns[2:])


def test_the_view_reads_the_feature_table_by_the_join_key_within_the_ttl():
    assert feature_view.name == FEATURE_VIEW
    assert feature_view.entities == [entity.name]
    assert entity.join_key == JOIN_KEY
    assert [c.name for c in feature_view.entity_columns] == [JOIN_KEY]
    assert feature_view.ttl == TTL
    assert feature_view.online
    assert source.path == FEATURE_TABLE
    assert source.timestamp_field == TIMESTAMP_COLUMN
    assert feature_view.tags["catalog.dataset"] == DATASET_REF
    assert {obj.name for obj in OBJECTS} == {entity.name, source.name, feature_view.name}


def test_the_feast_project_is_the_package():
    config = yaml.safe_load((PROJECT_DIR / "feature_repo" / "feature_store.yaml").read_text())
    assert config["project"] == PROJECT
    assert config["offline_store"]["type"] == "file"
    assert config["online_store"]["type"] == "sqlite"


def test_catalog_info_describes_these_features():
    feature = catalog_feature()
    assert feature["metadata"]["name"] == NAME
    spec = feature["spec"]
    assert spec["owner"] == OWNER_REF
    assert spec["sources"] == [DATASET_REF]
    assert spec["entities"] == [JOIN_KEY]
    assert spec["ttl"] == f"P{TTL.days}D"
    assert spec["store"] == "both"
    assert f"src/{PROJECT}/transformations.py" in spec["transformation"]
    assert spec["features"] == [
        {"name": f.name, "dtype": f.dtype, "description": f.description} for f in FEATURES
    ], "catalog-info.yaml and config.FEATURES list different features: change both together"
    assert [f.description for f in feature_view.features] == [f["description"] for f in spec["features"]]
