"""Checks request instances against the model's signature and builds its input frame.

Every problem names the instance, the column and the fix; they are returned
together (up to MAX_PROBLEMS) so a client can fix a request in one go.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from .model import Column

MAX_PROBLEMS = 20

# MLflow type -> (accepts the JSON value?, what to send, pandas dtype).
_INTEGER = (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole JSON number, e.g. 3")
_NUMBER = (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a JSON number, e.g. 2.5")
_TYPES: dict[str, tuple[Any, str, str | None]] = {
    "long": (*_INTEGER, "int64"),
    "integer": (*_INTEGER, "int32"),
    "double": (*_NUMBER, "float64"),
    "float": (*_NUMBER, "float32"),
    "boolean": (lambda v: isinstance(v, bool), "true or false", "bool"),
    "string": (lambda v: isinstance(v, str), 'a JSON string, e.g. "abc"', None),
    "datetime": (lambda v: isinstance(v, str) and _is_iso_datetime(v), 'an ISO 8601 string, e.g. "2024-05-01T12:00:00"', "datetime64[ns]"),
    "binary": (lambda v: isinstance(v, str) and _is_base64(v), "a base64-encoded JSON string", None),
}
_JSON_TYPE_NAMES = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "an object"}


@dataclass(frozen=True)
class Problem:
    loc: tuple[str | int, ...]
    msg: str
    type: str

    def as_dict(self) -> dict:
        return {"loc": list(self.loc), "msg": self.msg, "type": self.type}


class InvalidInstances(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.msg for p in problems))
        self.problems = problems


def to_frame(instances: list[dict[str, Any]], columns: list[Column]) -> pd.DataFrame:
    """The model's input frame; raises InvalidInstances naming every problem found."""
    names = [c.name for c in columns]
    known = set(names)
    expected = ", ".join(f"{c.name} ({c.type})" for c in columns)
    problems: list[Problem] = []
    for index, row in enumerate(instances):
        loc = ("body", "instances", index)
        for column in columns:
            if column.name not in row:
                if column.required:
                    problems.append(Problem((*loc, column.name), (
                        f"instance {index} is missing the column {column.name!r} ({column.type}); "
                        f"every instance needs: {expected}"
                    ), "missing_column"))
                continue
            problem = _check_value(row[column.name], column, (*loc, column.name), index)
            if problem:
                problems.append(problem)
        for extra in sorted(set(row) - known):
            problems.append(Problem((*loc, extra), (
                f"instance {index} has the unknown column {extra!r}; remove it. The model takes only: {expected}"
            ), "unknown_column"))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InvalidInstances(problems[:MAX_PROBLEMS])

    frame = pd.DataFrame.from_records(instances, columns=names)
    for column in columns:
        dtype = _TYPES.get(column.type, (None, None, None))[2]
        if dtype and not (dtype.startswith("int") and frame[column.name].isna().any()):
            frame[column.name] = frame[column.name].astype(dtype)
    return frame


def _check_value(value: Any, column: Column, loc: tuple, index: int) -> Problem | None:
    accepts, send, _ = _TYPES.get(column.type, (lambda v: True, "", None))
    if value is None:
        # Missing numbers are NaN, which models with imputation handle; other types must be optional.
        if column.type in ("double", "float") or not column.required:
            return None
        return Problem(loc, (
            f"instance {index}: the column {column.name!r} is null but the model requires a value; send {send}"
        ), "null_value")
    if accepts(value):
        return None
    return Problem(loc, (
        f"instance {index}: the column {column.name!r} must be {column.type}, got {_describe(value)}; send {send}"
    ), "wrong_type")


def _describe(value: Any) -> str:
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return f"{_JSON_TYPE_NAMES.get(type(value), type(value).__name__)} {shown}"


def _is_iso_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except ValueError:
        return False
    return True
