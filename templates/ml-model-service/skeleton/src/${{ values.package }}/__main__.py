"""Command line.

    python -m ${{ values.package }}            # serve on $PORT (8080), JSON logs on stdout
    python -m ${{ values.package }} openapi    # print the OpenAPI spec: the committed openapi.yaml
"""

from __future__ import annotations

import sys

import uvicorn
import yaml

from .app import create_app
from .config import Settings
from .logs import configure_logging


class _SpecDumper(yaml.SafeDumper):
    """Writes multi-line descriptions as readable literal blocks."""


_SpecDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def openapi_yaml() -> str:
    # The spec does not depend on the model: no settings from the environment needed.
    return yaml.dump(create_app(Settings()).openapi(), Dumper=_SpecDumper, sort_keys=False, allow_unicode=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["openapi"]:
        sys.stdout.write(openapi_yaml())
        return 0
    if args:
        print(__doc__, file=sys.stderr)
        return 2
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    # One process per pod; scale with replicas. log_config=None keeps the JSON logs.
    uvicorn.run(create_app(settings), host="0.0.0.0", port=settings.port, log_config=None, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
