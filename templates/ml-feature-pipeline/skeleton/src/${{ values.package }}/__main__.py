r"""Command line: ``python -m ${{ values.package }} COMMAND`` builds and serves the features.

    python -m ${{ values.package }} sample                 # synthetic events in data/events.csv
    python -m ${{ values.package }} build                  # data/events.csv -> the feature table
    python -m ${{ values.package }} apply                  # register the definitions with Feast
    python -m ${{ values.package }} materialize             # load the latest values into the online store
    python -m ${{ values.package }} online KEY [KEY ...]   # the features served for these keys

Exit status: 0 on success, 1 when the input is missing or unusable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from datetime import datetime

from .config import DEFAULT_EVENTS_PATH, DEFAULT_REPO_PATH, FEATURE_TABLE, JOIN_KEY
from .errors import FeaturePipelineError
from .pipeline import build_feature_table


def _timestamp(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.astimezone()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="${{ values.package }}", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    sample = commands.add_parser("sample", help="write synthetic events (for demos and tests)")
    sample.add_argument("--out", default=DEFAULT_EVENTS_PATH)
    sample.add_argument("--entities", type=int, default=20)
    sample.add_argument("--days", type=int, default=60)
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--end", help="the last instant, ISO 8601 (default: now)")

    build = commands.add_parser("build", help="compute the feature table from an events export")
    build.add_argument("--events", default=DEFAULT_EVENTS_PATH, help="CSV or Parquet export of the source dataset")
    build.add_argument("--repo", default=DEFAULT_REPO_PATH, help="the Feast feature repo")
    build.add_argument("--out", help="where to write the table (default: where the feature view reads it)")

    apply = commands.add_parser("apply", help="register the entity, source and feature view")
    apply.add_argument("--repo", default=DEFAULT_REPO_PATH)

    materialize = commands.add_parser("materialize", help="load the latest feature values into the online store")
    materialize.add_argument("--repo", default=DEFAULT_REPO_PATH)
    materialize.add_argument("--start", type=_timestamp, help="ISO 8601 (default: since the last run)")
    materialize.add_argument("--end", type=_timestamp, help="ISO 8601 (default: now)")

    online = commands.add_parser("online", help=f"print the online features of some {JOIN_KEY}s as JSON")
    online.add_argument("keys", nargs="+", metavar=JOIN_KEY)
    online.add_argument("--repo", default=DEFAULT_REPO_PATH)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("FEAST_USAGE", "False")
    warnings.simplefilter("default", UserWarning)
    try:
        result = _run(args)
    except FeaturePipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, default=str))
    return 0


def _run(args: argparse.Namespace) -> object:
    if args.command == "sample":
        from .sample_data import sample_events

        events = sample_events(entities=args.entities, days=args.days, seed=args.seed, end=args.end)
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        events.to_csv(args.out, index=False)
        return {"events": args.out, "rows": len(events)}
    if args.command == "build":
        # Feast is imported only by the commands that need it: building is pandas only.
        out = args.out or os.path.join(args.repo, FEATURE_TABLE)
        return build_feature_table(args.events, out)

    from . import store

    feature_store = store.open_store(args.repo)
    if args.command == "apply":
        return {"applied": store.apply(feature_store)}
    if args.command == "materialize":
        store.materialize(feature_store, start=args.start, end=args.end)
        return {"materialized": store.feature_refs(), "start": args.start, "end": args.end or "now"}
    return store.online_features(feature_store, args.keys)


if __name__ == "__main__":
    sys.exit(main())
