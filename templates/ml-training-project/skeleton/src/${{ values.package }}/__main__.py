r"""Command line: ``python -m ${{ values.package }} [options]`` trains, evaluates and logs the model.

    python -m ${{ values.package }}                      # data/<dataset>.csv or synthetic data, local MLflow store
    python -m ${{ values.package }} --data export.csv    # a given CSV (path or URL)
    MLFLOW_TRACKING_URI=https://mlflow.example.com \
      python -m ${{ values.package }} --data export.csv --register

Exit status: 0 on success, 1 when the model does not beat the trivial
baseline (with --fail-below-baseline) or the data is unusable.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings

from .config import MODEL_NAME, TARGET, TASK, TASKS
from .data import DataUnavailableError, load_training_data
from .train import log_to_mlflow, train_model


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="${{ values.package }}", description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="CSV path or URL of the training data (default: data/<dataset>.csv)")
    parser.add_argument("--task", default=TASK, choices=TASKS)
    parser.add_argument("--target", default=TARGET, help="the column to predict")
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--regularization", type=float, default=1.0, help="C for classifiers, alpha for regression")
    parser.add_argument("--tracking-uri", help="MLflow tracking URI (default: $MLFLOW_TRACKING_URI, else sqlite:///mlflow.db)")
    parser.add_argument("--experiment", default=MODEL_NAME)
    parser.add_argument("--register", action="store_true", help=f"register the model as {MODEL_NAME!r} (tracking servers only; implies --require-data)")
    parser.add_argument("--require-data", action="store_true", help="fail instead of training on synthetic data")
    parser.add_argument("--no-mlflow", action="store_true", help="train and evaluate without logging")
    parser.add_argument("--fail-below-baseline", action="store_true", help="exit 1 when the model does not beat the baseline")
    parser.add_argument("--metrics-out", help="also write the metrics as JSON to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    warnings.simplefilter("default", UserWarning)
    try:
        data = load_training_data(
            args.data, args.task, allow_synthetic=not (args.require_data or args.register), seed=args.seed
        )
    except DataUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    result = train_model(
        data.frame,
        args.task,
        target=args.target,
        test_size=args.test_size,
        seed=args.seed,
        regularization=args.regularization,
    )
    summary: dict[str, object] = {
        "task": args.task,
        "data": data.source,
        "metrics": result.metrics,
        "baseline": result.baseline,
        "beats_baseline": result.beats_baseline,
    }
    if not args.no_mlflow:
        run = log_to_mlflow(
            result,
            tracking_uri=args.tracking_uri,
            experiment=args.experiment,
            register=args.register,
            data_source=data.source,
            synthetic=data.synthetic,
        )
        summary.update(
            run_id=run.run_id,
            model_uri=run.model_uri,
            tracking_uri=run.tracking_uri,
            registered_version=run.registered_version,
        )
    text = json.dumps(summary, indent=2)
    print(text)
    if args.metrics_out:
        with open(args.metrics_out, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    if args.fail_below_baseline and not result.beats_baseline:
        print("error: the model does not beat the trivial baseline", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
