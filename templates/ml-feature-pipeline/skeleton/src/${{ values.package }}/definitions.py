"""The Feast objects: the entity, the feature table's source and the feature view.

The feature view's schema is config.FEATURES, the same list the
transformations compute and catalog-info.yaml describes.
"""

from __future__ import annotations

import os

os.environ.setdefault("FEAST_USAGE", "False")

from feast import Entity, FeatureView, Field, FileSource, ValueType  # noqa: E402
from feast.types import Float64, Int64, String  # noqa: E402

from .config import (  # noqa: E402
    DATASET_REF,
    FEATURE_REF,
    FEATURE_TABLE,
    FEATURE_VIEW,
    FEATURES,
    JOIN_KEY,
    OWNER_REF,
    PROJECT,
    TIMESTAMP_COLUMN,
    TTL,
)

FEAST_TYPES = {"int64": Int64, "float64": Float64}
# Where the marketplace can find these objects again.
TAGS = {"catalog.feature": FEATURE_REF, "catalog.dataset": DATASET_REF, "catalog.owner": OWNER_REF}

entity = Entity(
    name=JOIN_KEY,
    join_keys=[JOIN_KEY],
    value_type=ValueType.STRING,
    description=f"The {JOIN_KEY} of {DATASET_REF}",
)

source = FileSource(
    name=f"{PROJECT}_table",
    path=FEATURE_TABLE,
    timestamp_field=TIMESTAMP_COLUMN,
    description=f"Built from the events of {DATASET_REF} by `python -m {PROJECT} build`",
)

feature_view = FeatureView(
    name=FEATURE_VIEW,
    entities=[entity],
    ttl=TTL,
    schema=[Field(name=JOIN_KEY, dtype=String)]
    + [Field(name=f.name, dtype=FEAST_TYPES[f.dtype], description=f.description) for f in FEATURES],
    source=source,
    online=True,
    description=${{ (values.description or ("Features computed from " + values.dataset)) | dump }},
    owner=OWNER_REF,
    tags=TAGS,
)

# Everything `python -m ${{ values.package }} apply` registers.
OBJECTS = [entity, source, feature_view]
