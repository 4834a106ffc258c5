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

# An adopter's portal may type-check libraries (`skipLibCheck: false`): the
# published declarations must compile on their own. Errors inside third-party
# packages are theirs, not ours, and are left out.
mkdir -p .ml-marketplace
node -e '
const fs = require("fs");
const files = process.argv.slice(1).map(f => require("path").resolve(f));
fs.writeFileSync(".ml-marketplace/tsconfig.dts.json", JSON.stringify({
  compilerOptions: { skipLibCheck: false, noEmit: true, strict: true, module: "nodenext",
    moduleResolution: "nodenext", target: "es2022", jsx: "react-jsx", types: [] },
  files,
}, null, 1));
' plugins/*/dist/*.d.ts
if npx tsc -p .ml-marketplace/tsconfig.dts.json >/tmp/ml-dts.log 2>&1 ||
  ! grep -E '^(plugins|packages)/[^ ]*\.d\.ts\([0-9]+,[0-9]+\): error' /tmp/ml-dts.log >&2; then
  echo "published declarations compile with skipLibCheck false"
else
  echo "FAILED: the published declarations above do not compile with skipLibCheck false" >&2
  status=1
fi
exit $status
