"""Structured logs: one JSON object per line on stdout, with secrets masked.

Request bodies (the instances) are never logged: they may hold personal data.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime, timezone

# user:password@ in URIs, and token-like query parameters.
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
_SECRET_PARAMS = re.compile(r"(?i)\b((?:access_)?token|password|secret|api_key|sig)=[^&\s]+")

# Attributes every LogRecord has (and uvicorn's coloured copy of the message);
# anything else was passed with extra={...}.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


def redact(text: str) -> str:
    """Masks credentials in URIs and messages (MLflow errors quote its URLs)."""
    return _SECRET_PARAMS.sub(r"\1=***", _USERINFO.sub("***@", text))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, default=str)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stdout for this service, uvicorn and MLflow alike."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "mlflow"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
