#!/usr/bin/env bash
# Builds every publishable package (the plugins and the CLI) the way `npm publish` would, so an
# export, a missing dependency or a declaration problem fails here and not for
# an adopter. Needs the declarations that `tsc` writes to dist-types/.
# (`backstage-cli repo build` looks for yarn.lock, so build package by package.)
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
status=0
for dir in plugins/*/ packages/cli/; do
  name="$(node -p "require('./${dir}package.json').name")"
  if (cd "$dir" && npx backstage-cli package build >/tmp/ml-build.log 2>&1); then
    echo "built $name"
  else
    echo "FAILED to build $name:" >&2
    grep -v 'npm warn' /tmp/ml-build.log >&2
    status=1
  fi
done
exit $status
