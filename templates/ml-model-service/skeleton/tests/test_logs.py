"""Logs are JSON lines with their fields, and never show credentials."""

import json
import logging

import pytest

from ${{ values.package }}.logs import JsonFormatter, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://svc:s3cret@mlflow:5000/api", "http://***@mlflow:5000/api"),
        ("https://token@host/x?a=1&token=abc123&b=2", "https://***@host/x?a=1&token=***&b=2"),
        ("sqlite:///tmp/mlflow.db", "sqlite:///tmp/mlflow.db"),
        ("models:/churn@champion", "models:/churn@champion"),
    ],
)
def test_redacts_credentials(text, expected):
    assert redact(text) == expected


def test_formats_one_json_object_with_the_extra_fields():
    logger = logging.getLogger("test")
    record = logger.makeRecord(
        "test", logging.WARNING, __file__, 1, "model not loaded from %s", ("http://u:p@h",), None,
        extra={"attempt": 2, "reason": "http://u:p@h refused"},
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "warning"
    assert entry["logger"] == "test"
    assert entry["message"] == "model not loaded from http://***@h"
    assert entry["attempt"] == 2
    assert entry["reason"] == "http://***@h refused"
    assert entry["time"].endswith("+00:00")
