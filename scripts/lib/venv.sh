# Shared by scripts/mlflow.sh and scripts/feast.sh (sourced, not run): a
# Python virtualenv kept in step with a requirements file, and checks of the
# servers they start. Progress and errors go to stderr.

say() { printf '%s\n' "$*" >&2; }
die() {
  say "$(basename "$0"): $*"
  exit 1
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# venv_install VENV REQUIREMENTS NAME: creates VENV with $PYTHON (python3 by
# default) and installs REQUIREMENTS when they changed since the last install;
# prints the venv's python.
venv_install() {
  local venv="$1" requirements="$2" name="$3"
  local python="${PYTHON:-python3}" stamp="$1/.requirements.sha256"
  command -v "$python" >/dev/null || die "$python not found; install Python 3.10+"
  if [ ! -x "$venv/bin/python" ]; then
    say "Creating virtualenv $venv"
    mkdir -p "$(dirname "$venv")"
    "$python" -m venv "$venv" >&2
  fi
  local want have=""
  want="$(sha256sum "$requirements" | cut -d' ' -f1)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ "$want" != "$have" ]; then
    say "Installing $(grep -v '^#' "$requirements" | tr '\n' ' ')into $venv"
    "$venv/bin/python" -m pip install -q -r "$requirements" >&2
    printf '%s\n' "$want" >"$stamp"
  else
    say "$name virtualenv is up to date ($venv)"
  fi
  echo "$venv/bin/python"
}

# url_answers PYTHON URL: whether URL answers 2xx within 2 s. Python rather
# than curl: the machine may have no curl, the venv has Python.
url_answers() {
  "$1" - "$2" <<'PY' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2).read()
PY
}
