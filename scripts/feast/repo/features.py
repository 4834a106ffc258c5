"""The demo's feature store definitions (Feast 0.67).

Three feature views match Features the example catalog declares
(examples/ml/features.yaml: customer-activity, transaction-velocity,
merchant-risk); basket_signals is declared nowhere, for discovery.
Owners are the catalog groups, in the `owner` tag as well as `owner`.
"""
from datetime import timedelta

from feast import Entity, FeatureService, FeatureView, Field, FileSource, Project
from feast.types import Float32, Float64, Int64
from feast.value_type import ValueType

project = Project(
    name="ml_marketplace_demo",
    description="Features of the ML marketplace demo",
    owner="group:default/ml-platform",
)

customer = Entity(
    name="customer",
    join_keys=["customer_id"],
    value_type=ValueType.INT64,
    description="A customer of the shop",
)
card = Entity(
    name="card",
    join_keys=["card_id"],
    value_type=ValueType.INT64,
    description="A payment card",
)
merchant = Entity(
    name="merchant",
    join_keys=["merchant_id"],
    value_type=ValueType.INT64,
    description="A merchant accepting card payments",
)


def source(name: str, description: str) -> FileSource:
    return FileSource(
        name=name,
        path=f"data/{name}.parquet",
        timestamp_field="event_timestamp",
        created_timestamp_column="created",
        description=description,
    )


customer_activity = FeatureView(
    name="customer_activity",
    entities=[customer],
    ttl=timedelta(days=1),
    schema=[
        Field(name="sessions_30d", dtype=Int64, description="Sessions in the last 30 days"),
        Field(name="page_views_30d", dtype=Int64, description="Page views in the last 30 days"),
        Field(name="purchases_30d", dtype=Int64, description="Purchases in the last 30 days"),
    ],
    online=True,
    source=source("customer_activity", "Rolling 30-day engagement counts"),
    description="Rolling 30-day engagement counts per customer",
    owner="group:default/ml-platform",
    tags={"owner": "group:default/ml-platform", "domain": "customers"},
)

transaction_velocity = FeatureView(
    name="transaction_velocity",
    entities=[card],
    ttl=timedelta(hours=1),
    schema=[
        Field(name="tx_count_1h", dtype=Int64),
        Field(name="tx_amount_24h", dtype=Float64),
        Field(name="tx_count_7d", dtype=Int64),
    ],
    online=True,
    source=source("transaction_velocity", "Card payment counts and amounts"),
    description="Number and amount of card payments per card",
    owner="group:default/risk-ml",
    tags={"owner": "group:default/risk-ml", "domain": "payments"},
)

merchant_risk = FeatureView(
    name="merchant_risk",
    entities=[merchant],
    ttl=timedelta(days=1),
    schema=[
        Field(name="chargeback_rate_90d", dtype=Float64),
        Field(name="merchant_age_days", dtype=Int64),
    ],
    online=True,
    source=source("merchant_risk", "Merchant chargebacks and age"),
    description="Chargeback rate and age of each merchant",
    owner="group:default/risk-ml",
    tags={"owner": "group:default/risk-ml", "domain": "payments"},
)

basket_signals = FeatureView(
    name="basket_signals",
    entities=[customer],
    ttl=timedelta(days=7),
    schema=[
        Field(name="avg_basket_value_30d", dtype=Float32),
        Field(name="distinct_categories_30d", dtype=Int64),
    ],
    online=False,
    source=source("basket_signals", "Basket composition per customer"),
    description="Basket size and variety per customer, offline only",
    owner="group:default/growth-ml",
    tags={"owner": "group:default/growth-ml", "domain": "customers"},
)

churn_features = FeatureService(
    name="churn_features",
    features=[customer_activity, basket_signals],
    description="What the churn model reads",
    owner="group:default/growth-ml",
)
