r"""Command line: ``python -m ${{ values.package }} [options]`` scores the input with the registered model.

    python -m ${{ values.package }}                                  # data/<input>.csv -> output/<output>.parquet
    python -m ${{ values.package }} --input rows.parquet --output scores.csv
    python -m ${{ values.package }} --alias challenger               # another alias of the same model
    MLFLOW_TRACKING_URI=https://mlflow.example.com INPUT_PATH=... OUTPUT_PATH=... \
      python -m ${{ values.package }}                                # how the CronJob runs it

Every option has an environment variable (in brackets in --help); a flag wins
over its variable. Prints a JSON summary on success. Exit status: 0 on
success, 1 when the model, the input or a setting is unusable (with one line
on stderr saying why).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from .config import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_INPUT_PATH,
    DEFAULT_MODEL_URI,
    DEFAULT_OUTPUT_PATH,
    DEFAULT_TRACKING_URI,
    ID_COLUMNS,
    resolve_settings,
)
from .errors import ScoringError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="${{ values.package }}", description=__doc__.split("\n")[0])
    parser.add_argument("--input", help=f"CSV or Parquet file to score [INPUT_PATH] (default: {DEFAULT_INPUT_PATH})")
    parser.add_argument("--output", help=f"CSV or Parquet file to write [OUTPUT_PATH] (default: {DEFAULT_OUTPUT_PATH})")
    model = parser.add_mutually_exclusive_group()
    model.add_argument("--model-uri", help=f"MLflow model URI [MODEL_URI] (default: {DEFAULT_MODEL_URI})")
    model.add_argument("--alias", help="load the registered model by this alias instead [MODEL_ALIAS]")
    parser.add_argument("--tracking-uri", help=f"MLflow tracking URI [MLFLOW_TRACKING_URI] (default: {DEFAULT_TRACKING_URI})")
    parser.add_argument("--id-columns", help=f"comma-separated id columns copied to the output [ID_COLUMNS] (default: {','.join(ID_COLUMNS)})")
    parser.add_argument("--chunk-size", type=int, help=f"rows scored at a time [CHUNK_SIZE] (default: {DEFAULT_CHUNK_SIZE})")
    parser.add_argument("--allow-empty", action="store_true", help="write an empty output when the input has no rows")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # Imported here so that --help (and parsing) does not load MLflow.
    from .score import score

    try:
        settings = resolve_settings(
            tracking_uri=args.tracking_uri,
            model_uri=args.model_uri,
            alias=args.alias,
            input_path=args.input,
            output_path=args.output,
            id_columns=args.id_columns,
            chunk_size=args.chunk_size,
            allow_empty=args.allow_empty,
        )
        result = score(settings)
    except ScoringError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
