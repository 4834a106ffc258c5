"""Scoring: the input file, chunk by chunk, with the registered model, into the output file.

Before reading any rows the job checks that the input has the id columns and
every column the model's signature requires, and fails naming the missing ones
and the model; a problem in a later chunk names the rows. Each output row has
the input's id columns, the prediction, the model version and the run's time.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from .config import PREDICTION_TYPE, Settings
from .errors import InputDataError, ModelError
from .model import ResolvedModel, input_types, load_model, required_inputs, resolve_model
from .tables import OutputWriter, iter_chunks, output_schema, read_columns

log = logging.getLogger(__name__)

# MLflow signature types read as floats, and as integers (which cannot be missing).
FLOAT_TYPES = {"double", "float"}
INTEGER_TYPES = {"long", "integer"}


@dataclass
class ScoreResult:
    model_uri: str
    model_version: str | None
    input_path: str
    output_path: str
    rows: int
    chunks: int
    scored_at: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def check_columns(columns: list[str], settings: Settings, model, resolved: ResolvedModel) -> None:
    """Fails, naming them, when the input lacks id columns or columns the model needs."""
    missing_ids = [c for c in settings.id_columns if c not in columns]
    if missing_ids:
        raise InputDataError(
            f"the input {settings.input_path} has no id column {', '.join(map(repr, missing_ids))} "
            f"(its columns: {', '.join(columns)}); set the id columns with --id-columns or ID_COLUMNS"
        )
    required = required_inputs(model)
    missing = [c for c in required if c not in columns]
    if missing:
        inputs = [c if c in required else f"{c} (optional)" for c in input_types(model, resolved) or {}]
        raise InputDataError(
            f"the input {settings.input_path} is missing column(s) {', '.join(map(repr, missing))} "
            f"that the model {resolved} needs (its signature's inputs: {', '.join(inputs)}); "
            "add them to the export, or score with a model version that does not need them"
        )


def read_dtypes(types: dict[str, str] | None, id_columns: tuple[str, ...]) -> dict[str, str]:
    """CSV column types: ids and string inputs as text, so that "007" stays "007".

    Numbers are left to pandas and checked per chunk by ``features_of``, which
    can name the rows that hold something else.
    """
    dtypes = {name: "str" for name, kind in (types or {}).items() if kind == "string"}
    dtypes.update({name: "str" for name in id_columns})
    return dtypes


def _rows(mask: pd.Series, first_row: int) -> str:
    """Row numbers of the input (1 = the first data row), at most five."""
    rows = [str(first_row + i + 1) for i in np.flatnonzero(mask.to_numpy())]
    return ", ".join(rows[:5]) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


def features_of(chunk: pd.DataFrame, types: dict[str, str] | None, settings: Settings, first_row: int) -> pd.DataFrame:
    """The model's input columns of a chunk, typed as its signature says."""
    for name in settings.id_columns:
        if chunk[name].isna().any():
            raise InputDataError(
                f"id column {name!r} of {settings.input_path} is empty in row(s) {_rows(chunk[name].isna(), first_row)}"
            )
    if types is None:
        return chunk.drop(columns=list(settings.id_columns))
    features = chunk[[name for name in types if name in chunk.columns]].copy()
    for name, kind in types.items():
        if name in features.columns and kind in FLOAT_TYPES | INTEGER_TYPES:
            features[name] = _numbers(features[name], kind, settings.input_path, first_row)
    return features


def _numbers(column: pd.Series, kind: str, path: str, first_row: int) -> pd.Series:
    """A numeric input column as float64, or int64 for integer (long) inputs."""
    numbers = pd.to_numeric(column, errors="coerce")
    text = numbers.isna() & column.notna()
    if text.any():
        example = column[text].iloc[0]
        raise InputDataError(
            f"column {column.name!r} of {path} holds text such as {example!r} in row(s) "
            f"{_rows(text, first_row)}, but the model's signature says it is a number ({kind})"
        )
    if kind in FLOAT_TYPES:
        return numbers.astype("float64")
    if numbers.isna().any():
        raise InputDataError(
            f"column {column.name!r} of {path} has missing values in row(s) "
            f"{_rows(numbers.isna(), first_row)}, but the model's signature says it is an integer "
            f"({kind}): fill them in the export, or log the model with the column as a double"
        )
    fractions = numbers % 1 != 0
    if fractions.any():
        raise InputDataError(
            f"column {column.name!r} of {path} has fractions such as {numbers[fractions].iloc[0]!r} in row(s) "
            f"{_rows(fractions, first_row)}, but the model's signature says it is an integer ({kind})"
        )
    return numbers.astype("int64")


def predictions_of(model, features: pd.DataFrame, resolved: ResolvedModel, first_row: int) -> pd.Series:
    """One prediction per row, typed as the output Dataset declares (PREDICTION_TYPE)."""
    last_row = first_row + len(features)
    try:
        raw = model.predict(features)
    except Exception as error:
        # MLflow's schema errors start with a dump of the whole chunk: keep the reason.
        reason = str(getattr(error, "message", error)).rsplit("Error: ", 1)[-1]
        raise ModelError(f"{resolved} failed on rows {first_row + 1}-{last_row}: {reason}") from error
    values = raw.to_numpy() if isinstance(raw, (pd.DataFrame, pd.Series)) else np.asarray(raw)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1 or len(values) != len(features):
        raise ModelError(
            f"{resolved} returned shape {values.shape} for {len(features)} rows; the job writes one "
            "prediction per row (log a model whose predict returns one value per row)"
        )
    series = pd.Series(values)
    if PREDICTION_TYPE == "double":
        try:
            return series.astype("float64")
        except (TypeError, ValueError) as error:
            raise ModelError(
                f"{resolved} returned non-numeric predictions (e.g. {values[0]!r}), but the output Dataset "
                "declares prediction as a double: the Model's task is regression"
            ) from error
    return series.astype(str)


def score(settings: Settings) -> ScoreResult:
    """Scores the input file into the output file; raises a ScoringError naming what is wrong."""
    resolved = resolve_model(settings.model_uri, settings.tracking_uri)
    columns = read_columns(settings.input_path)
    model = load_model(resolved)
    types = input_types(model, resolved)
    check_columns(columns, settings, model, resolved)
    log.info("scoring %s with %s", settings.input_path, resolved)

    started = datetime.now(timezone.utc)
    scored_at = pd.Timestamp(started)
    rows = chunks = 0
    with OutputWriter(settings.output_path, output_schema(settings.id_columns, PREDICTION_TYPE)) as out:
        for chunk in iter_chunks(settings.input_path, settings.chunk_size, read_dtypes(types, settings.id_columns)):
            if chunk.empty:
                continue
            chunk = chunk.reset_index(drop=True)
            predictions = predictions_of(model, features_of(chunk, types, settings, rows), resolved, rows)
            frame = pd.DataFrame({name: chunk[name].astype(str) for name in settings.id_columns})
            frame["prediction"] = predictions
            frame["model_version"] = resolved.version
            frame["scored_at"] = scored_at
            out.write(frame)
            rows += len(chunk)
            chunks += 1
        if rows == 0 and not settings.allow_empty:
            raise InputDataError(
                f"the input {settings.input_path} has a header but no rows, so there is nothing to score; "
                "pass --allow-empty to write an empty output instead"
            )
    log.info("wrote %d rows to %s", rows, settings.output_path)
    return ScoreResult(
        model_uri=resolved.load_uri,
        model_version=resolved.version,
        input_path=settings.input_path,
        output_path=settings.output_path,
        rows=rows,
        chunks=chunks,
        scored_at=started.isoformat(),
    )
