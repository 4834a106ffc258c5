"""Reading the input in chunks and writing the output, CSV or Parquet by file extension.

The output is written to a temporary file next to it and renamed into place
when every row is scored: a failed run leaves the previous output as it was,
never half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputDataError

FORMATS = (".csv", ".parquet")


def file_format(path: str, what: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputDataError(f"the {what} {path} must end in .csv or .parquet, the two formats the job reads and writes")
    return suffix


def read_columns(path: str) -> list[str]:
    """The input's column names, read from its header (CSV) or schema (Parquet)."""
    suffix = file_format(path, "input")
    if not Path(path).is_file():
        raise InputDataError(f"the input {path} does not exist: export the input dataset there, or set --input / INPUT_PATH")
    if suffix == ".csv":
        try:
            return [str(c) for c in pd.read_csv(path, nrows=0).columns]
        except pd.errors.EmptyDataError as error:
            raise InputDataError(
                f"the input {path} is empty, without even a header row: check the export that writes it"
            ) from error
    try:
        return list(pq.read_schema(path).names)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputDataError(f"the input {path} is not a readable Parquet file: {error}") from error


def iter_chunks(path: str, chunk_size: int, dtypes: dict[str, str]) -> Iterator[pd.DataFrame]:
    """The input, ``chunk_size`` rows at a time; ``dtypes`` fixes CSV column types."""
    if file_format(path, "input") == ".csv":
        try:
            with pd.read_csv(path, chunksize=chunk_size, dtype=dtypes) as reader:
                yield from reader
        except pd.errors.ParserError as error:
            raise InputDataError(f"the input {path} is not well-formed CSV: {error}") from error
        return
    for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_size):
        yield batch.to_pandas()


def output_schema(id_columns: tuple[str, ...], prediction_type: str) -> pa.Schema:
    """The output's columns and types, as the output Dataset declares them."""
    return pa.schema(
        [
            *((name, pa.string()) for name in id_columns),
            ("prediction", pa.float64() if prediction_type == "double" else pa.string()),
            ("model_version", pa.string()),
            ("scored_at", pa.timestamp("us", tz="UTC")),
        ]
    )


def to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """``frame`` as a table of ``schema``, column by column."""
    arrays = []
    for field in schema:
        values = frame[field.name]
        if pa.types.is_timestamp(field.type):
            # As naive UTC: pyarrow then applies the schema's time zone.
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        arrays.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


class OutputWriter:
    """Appends scored chunks to a temporary file; ``commit`` renames it to ``path``."""

    def __init__(self, path: str, schema: pa.Schema):
        self.path = path
        self.schema = schema
        self.format = file_format(path, "output")
        directory = Path(path).resolve().parent
        directory.mkdir(parents=True, exist_ok=True)
        handle, self._temporary = tempfile.mkstemp(dir=directory, prefix=f".{Path(path).name}.", suffix=".tmp")
        os.close(handle)
        self._parquet: pq.ParquetWriter | None = None
        self._rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        table = to_arrow(frame, self.schema)
        if self.format == ".parquet":
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._temporary, self.schema)
            self._parquet.write_table(table)
        else:
            out = table.to_pandas()
            out["scored_at"] = out["scored_at"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            out.to_csv(self._temporary, mode="a", header=self._rows == 0, index=False)
        self._rows += len(frame)

    def commit(self) -> None:
        """Finishes the file (an empty one keeps the columns) and moves it into place."""
        if self.format == ".parquet":
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._temporary, self.schema)
            self._parquet.close()
        elif self._rows == 0:
            pd.DataFrame(columns=self.schema.names).to_csv(self._temporary, index=False)
        # mkstemp makes the file private; the output is for its readers too.
        os.chmod(self._temporary, 0o644)
        os.replace(self._temporary, self.path)

    def discard(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        Path(self._temporary).unlink(missing_ok=True)

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        if error_type is None:
            self.commit()
        else:
            self.discard()
