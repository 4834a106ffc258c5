"""Writes a week of hourly rows per feature view into data/*.parquet, ending
at the current hour, so materialization has something fresh to load."""
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
hours = [now - timedelta(hours=h) for h in range(24 * 7)]
Path("data").mkdir(exist_ok=True)


def write(name: str, key: str, ids: range, columns: dict) -> None:
    rows = []
    for i in ids:
        for ts in hours:
            rows.append({key: i, "event_timestamp": ts, "created": ts,
                         **{c: make() for c, make in columns.items()}})
    pd.DataFrame(rows).to_parquet(f"data/{name}.parquet")


count = lambda high: (lambda: int(rng.integers(0, high)))  # noqa: E731
amount = lambda high: (lambda: float(rng.random() * high))  # noqa: E731

write("customer_activity", "customer_id", range(1, 21),
      {"sessions_30d": count(60), "page_views_30d": count(600), "purchases_30d": count(20)})
write("transaction_velocity", "card_id", range(1, 21),
      {"tx_count_1h": count(5), "tx_amount_24h": amount(900.0), "tx_count_7d": count(60)})
write("merchant_risk", "merchant_id", range(1, 11),
      {"chargeback_rate_90d": amount(0.05), "merchant_age_days": count(3000)})
basket = {"avg_basket_value_30d": amount(120.0), "distinct_categories_30d": count(12)}
write("basket_signals", "customer_id", range(1, 21), basket)
