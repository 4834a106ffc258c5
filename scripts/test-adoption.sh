#!/usr/bin/env bash
# `npm run test:adoption`: proves that an adopter can install the ML marketplace
# into a Backstage app of their own by following the packages' READMEs, and
# nothing else.
#
#  1. packs every publishable package (plugins/*, packages/cli) with `npm pack`,
#     as `npm publish` would, and checks that packing leaves git status as it was;
#  2. generates a fresh app with the registry's latest @backstage/create-app
#     (default template: the new frontend system) in a throw-away folder;
#  3. installs it with npm (Yarn's files swapped for npm workspaces, see
#     scripts/adoption/to-npm.js), after the Backstage version bump the READMEs
#     ask for;
#  4. installs the tarballs the way each README's "Install" section says
#     (scripts/adoption/apply-readmes.js), in one `npm install`;
#  5. adds a few of examples/ as a catalog location and validates them with the
#     packed CLI;
#  6. builds the app, which the backend's app plugin serves;
#  7. starts the backend (in-memory SQLite) and checks the ML routes over HTTP;
#  8. opens the example Model's page in Chromium as guest and checks the ML
#     content and the sidebar (scripts/adoption/browser.js); the screenshot goes
#     to test-results/screenshots/adoption-model-page.png.
# Logs go to test-results/adoption/. ML_ADOPTION_KEEP=1 keeps the app (its path
# is printed; when git has a user name, create-app committed the generated files,
# so `git diff` there shows what the test changed). ML_ADOPTION_PORT picks the
# backend's port (default: a free one). Stops everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

KEEP="${ML_ADOPTION_KEEP:-0}"
MODEL_NAME=churn-model
MODEL_TITLE="Churn prediction"
PACKAGE_DIRS=(plugins/ml-common plugins/ml-node plugins/ml-backend plugins/catalog-backend-module-ml
  plugins/scaffolder-backend-module-ml plugins/search-backend-module-ml plugins/ml packages/cli)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ml-adoption.XXXXXX")"
APP="$WORK/app"
TARBALLS="$WORK/tarballs"
UNPACKED="$WORK/unpacked"
LOGS="$REPO_ROOT/test-results/adoption"
SCREENSHOT="$REPO_ROOT/test-results/screenshots/adoption-model-page.png"
rm -rf "$LOGS" && mkdir -p "$LOGS" "$TARBALLS" "$UNPACKED"

started=$(date +%s)
phase_name=""
phase_t0=0
timings=()
end_phase() {
  if [ -n "$phase_name" ]; then
    timings+=("$(printf '%-44s %4ss' "$phase_name" $(($(date +%s) - phase_t0)))")
  fi
  phase_name=""
}
phase() {
  end_phase
  phase_name="$1"
  phase_t0=$(date +%s)
  log "Adoption: $1"
}
print_timings() {
  end_phase
  echo
  echo "Adoption phases:"
  for t in "${timings[@]}"; do echo "  $t"; done
  printf '  %-44s %4ss\n' "total" $(($(date +%s) - started))
}
# Fails the test with a message; the tail of a log, when one is named.
die() {
  local message="$1" logfile="${2:-}"
  if [ -n "$logfile" ] && [ -f "$logfile" ]; then
    echo "--- last lines of $logfile:" >&2
    grep -v '^npm warn' "$logfile" | tail -n 40 >&2 || true
    echo "---" >&2
  fi
  echo "ADOPTION FAILED in \"$phase_name\": $message" >&2
  exit 1
}

backend_pid=""
backend_pgid=""
cleanup() {
  local status=$?
  set +e
  if [ -n "$backend_pgid" ] && kill -0 -- "-$backend_pgid" 2>/dev/null; then
    kill -TERM -- "-$backend_pgid" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 -- "-$backend_pgid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$backend_pgid" 2>/dev/null
  elif [ -n "$backend_pid" ]; then
    kill -TERM "$backend_pid" 2>/dev/null
  fi
  # A pack that died between prepack and postpack leaves package.json rewritten.
  for dir in "${PACKAGE_DIRS[@]}"; do
    if [ -f "$REPO_ROOT/$dir/package.json-prepack" ]; then
      (cd "$REPO_ROOT/$dir" && npx backstage-cli package postpack >/dev/null 2>&1)
    fi
  done
  if [ "$KEEP" = 1 ]; then
    echo "ML_ADOPTION_KEEP=1: the app is in $APP (tarballs in $TARBALLS)"
  else
    rm -rf "$WORK"
  fi
  print_timings
  if [ "$status" = 0 ]; then echo "Adoption into a fresh app: passed"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. pack ------------------------------------------------------------------
phase "Pack the publishable packages"
# Packing ships dist/: build what is missing or older than its sources (the
# declarations come from the repo-wide tsc).
stale=()
for dir in "${PACKAGE_DIRS[@]}"; do
  marker="$(ls "$dir"/dist/index.d.ts "$dir"/dist/index.cjs.js "$dir"/dist/index.esm.js 2>/dev/null | head -n 1 || true)"
  if [ -z "$marker" ] || [ -n "$(find "$dir/src" -type f -newer "$marker" -print -quit)" ]; then
    stale+=("$dir")
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  echo "dist/ missing or older than src/ in ${stale[*]}: building the packages"
  npx tsc >"$LOGS/tsc.log" 2>&1 || die "npx tsc failed" "$LOGS/tsc.log"
  bash scripts/build-plugins.sh >"$LOGS/build-plugins.log" 2>&1 ||
    die "scripts/build-plugins.sh failed" "$LOGS/build-plugins.log"
fi
pack_state() {
  git status --porcelain -- "${PACKAGE_DIRS[@]/%//package.json}"
  sha1sum "${PACKAGE_DIRS[@]/%//package.json}"
  ls -a "${PACKAGE_DIRS[@]}" 2>/dev/null
}
before="$(pack_state)"
for dir in "${PACKAGE_DIRS[@]}"; do
  # npm runs the package's prepack (backstage-cli package prepack: main, types
  # and exports point at dist/) and postpack (restores package.json).
  (cd "$dir" && npm pack --pack-destination "$TARBALLS" >"$LOGS/pack-${dir//\//-}.log" 2>&1) ||
    die "npm pack failed in $dir" "$LOGS/pack-${dir//\//-}.log"
done
if [ "$(pack_state)" != "$before" ]; then
  diff <(echo "$before") <(pack_state) >&2 || true
  die "packing changed the working tree (package.json not restored by postpack?)"
fi
for tgz in "$TARBALLS"/*.tgz; do
  name="$(basename "$tgz" .tgz)"
  mkdir -p "$UNPACKED/$name" && tar xzf "$tgz" -C "$UNPACKED/$name"
  main="$(node -p "require('$UNPACKED/$name/package/package.json').main || ''")"
  case "$main" in dist/* | ./dist/*) ;; *) die "$name.tgz: package.json main is '$main', not dist/ (prepack did not run?)" ;; esac
  echo "  $(basename "$tgz") ($(du -k "$tgz" | cut -f1) kB, main $main)"
done
[ "$(ls "$TARBALLS" | wc -l)" = "${#PACKAGE_DIRS[@]}" ] || die "expected ${#PACKAGE_DIRS[@]} tarballs in $TARBALLS"
echo "  git status of the packages is as before packing"

# --- 2. generate ----------------------------------------------------------------
phase "Generate an app with @backstage/create-app"
# create-app checks for Yarn (it would run `yarn install` without --skip-install).
(cd "$WORK" && mkdir -p yarn && cd yarn && echo '{"private":true}' >package.json &&
  npm install --no-audit --no-fund --loglevel=error yarn >"$LOGS/yarn.log" 2>&1) ||
  die "could not install yarn from the registry" "$LOGS/yarn.log"
create_app_version="$(npm view @backstage/create-app@latest version 2>/dev/null || echo latest)"
# BACKSTAGE_APP_NAME answers its only question; --path puts it where we want.
(cd "$WORK" && PATH="$WORK/yarn/node_modules/.bin:$PATH" BACKSTAGE_APP_NAME=ml-adoption \
  npx --yes "@backstage/create-app@$create_app_version" --skip-install --path "$APP" \
  </dev/null >"$LOGS/create-app.log" 2>&1) || die "create-app failed" "$LOGS/create-app.log"
[ -f "$APP/packages/backend/src/index.ts" ] && [ -f "$APP/packages/app/src/App.tsx" ] ||
  die "create-app did not write packages/app and packages/backend" "$LOGS/create-app.log"
echo "  @backstage/create-app $create_app_version wrote a Backstage $(node -p "require('$APP/backstage.json').version") app in $APP"

# --- 3. npm install the app -------------------------------------------------------
phase "Install the app with npm"
if node scripts/adoption/apply-readmes.js --commands "$UNPACKED" | grep -q 'versions:bump'; then
  # The READMEs ask for a bump to the Backstage release the plugins support.
  # `versions:bump` reads release manifests from versions.backstage.io, which
  # CI cannot reach: give it the release this repository builds against.
  node scripts/adoption/release-manifest.js "$REPO_ROOT" "$WORK/manifest.json"
  (cd "$APP" && BACKSTAGE_MANIFEST_FILE="$WORK/manifest.json" \
    "$REPO_ROOT/node_modules/.bin/backstage-cli" versions:bump --skip-install --skip-migrate \
    >"$LOGS/versions-bump.log" 2>&1) || die "backstage-cli versions:bump failed" "$LOGS/versions-bump.log"
  echo "  bumped to Backstage $(node -p "require('$APP/backstage.json').version") as the READMEs say (versions:bump)"
fi
node scripts/adoption/to-npm.js "$APP"
(cd "$APP" && npm install --no-audit --no-fund >"$LOGS/npm-install-app.log" 2>&1) ||
  die "npm install of the fresh app failed" "$LOGS/npm-install-app.log"
echo "  $(grep -E '^(added|changed|up to date)' "$LOGS/npm-install-app.log" | tail -n 1)"

# --- 4. install our tarballs as the READMEs say --------------------------------------
phase "Install the tarballs as the READMEs say"
node scripts/adoption/apply-readmes.js "$APP" "$UNPACKED" "$TARBALLS" ||
  die "a README lacks a step (above)"
(cd "$APP" && npm install --no-audit --no-fund >"$LOGS/npm-install-tarballs.log" 2>&1) ||
  die "npm install of the tarballs failed" "$LOGS/npm-install-tarballs.log"
echo "  $(grep -E '^(added|changed|up to date)' "$LOGS/npm-install-tarballs.log" | tail -n 1)"
# Every @ml-marketplace package in the app is the packed one, in one copy.
node -e '
const lock = require(process.argv[1] + "/package-lock.json");
const bad = [], seen = {};
for (const [key, entry] of Object.entries(lock.packages)) {
  const m = /node_modules\/(@ml-marketplace\/[^/]+)$/.exec(key);
  if (!m) continue;
  seen[m[1]] = (seen[m[1]] || 0) + 1;
  if (!String(entry.resolved).startsWith("file:")) bad.push(`${key} resolved from ${entry.resolved}`);
}
const dupes = Object.entries(seen).filter(([, n]) => n > 1).map(([n]) => n);
if (bad.length || dupes.length || Object.keys(seen).length !== Number(process.argv[2])) {
  console.error([...bad, ...dupes.map(d => `${d} installed more than once`),
    `${Object.keys(seen).length} @ml-marketplace packages installed, expected ${process.argv[2]}`].join("\n"));
  process.exit(1);
}
console.log(`  ${Object.keys(seen).length} @ml-marketplace packages, each once, from the local tarballs`);
' "$APP" "${#PACKAGE_DIRS[@]}" || die "the tarballs did not all resolve to themselves"

# --- 5. example entities ------------------------------------------------------------
phase "Add example ML entities"
model_ref="$(node scripts/adoption/examples.js "$REPO_ROOT" "$APP" "$MODEL_NAME")"
# The packed CLI, as packages/cli/README.md shows it.
(cd "$APP" && npx ml-marketplace validate examples/ml-entities.yaml >"$LOGS/cli-validate.log" 2>&1) ||
  die "npx ml-marketplace validate rejected the examples" "$LOGS/cli-validate.log"
echo "  npx ml-marketplace validate: $(tail -n 1 "$LOGS/cli-validate.log")"

# --- 6. build the app ------------------------------------------------------------------
phase "Build the app"
PORT="${ML_ADOPTION_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
BASE_URL="http://localhost:$PORT"
# Only what this test needs on top of the adopter's config: a free port, and the
# backend serving the built app (as app-config.production.yaml does).
cat >"$APP/app-config.adoption.yaml" <<EOF
app:
  baseUrl: $BASE_URL
backend:
  baseUrl: $BASE_URL
  listen:
    port: $PORT
  cors:
    origin: $BASE_URL
EOF
CONFIG_ARGS=(--config ../../app-config.yaml --config ../../app-config.adoption.yaml)
(cd "$APP/packages/app" && npx backstage-cli package build "${CONFIG_ARGS[@]}" >"$LOGS/app-build.log" 2>&1) ||
  die "backstage-cli package build of packages/app failed" "$LOGS/app-build.log"
[ -f "$APP/packages/app/dist/index.html" ] || die "packages/app/dist/index.html missing after the build" "$LOGS/app-build.log"
echo "  packages/app/dist: $(du -sh "$APP/packages/app/dist" | cut -f1)"

# --- 7. backend and HTTP checks ------------------------------------------------------
phase "Start the backend and check the ML routes"
# In a session of its own, so that stopping it stops every process it spawned.
(cd "$APP/packages/backend" && exec setsid npx backstage-cli package start "${CONFIG_ARGS[@]}" \
  >"$LOGS/backend.log" 2>&1) &
backend_pid=$!
sleep 0.5
pgid="$(ps -o pgid= -p "$backend_pid" 2>/dev/null | tr -d ' ' || true)"
# Never our own group: cleanup kills the whole group.
if [ -n "$pgid" ] && [ "$pgid" != "$(ps -o pgid= -p $$ | tr -d ' ')" ]; then backend_pgid="$pgid"; fi
for _ in $(seq 1 180); do
  curl -sf --max-time 5 "$BASE_URL/api/ml/health" >"$WORK/health.json" 2>/dev/null && break
  kill -0 "$backend_pid" 2>/dev/null || die "the backend exited" "$LOGS/backend.log"
  # `package start` keeps watching after a failed start-up: read its log.
  if grep -qE 'EADDRINUSE|threw an error during startup|Backend failed to start' "$LOGS/backend.log"; then
    die "the backend failed to start" "$LOGS/backend.log"
  fi
  sleep 1
done
[ -s "$WORK/health.json" ] || die "GET /api/ml/health did not answer within 180 s" "$LOGS/backend.log"
# The checks, each printed; the first failure stops the test.
http_check() {
  local what="$1"; shift
  if "$@"; then echo "  ok    $what"; else die "$what" "$LOGS/backend.log"; fi
}
json() { node -e "const v=JSON.parse(require('fs').readFileSync(0,'utf8'));process.exit(($1)(v)?0:1)"; }
http_check "GET /api/ml/health answers status ok with the built-in health checks" \
  json 'v => v.status === "ok" && v.healthChecks.length > 0' <"$WORK/health.json"
code="$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$BASE_URL/api/ml/marketplace")"
http_check "GET /api/ml/marketplace without a token answers 401 (got $code)" test "$code" = 401
# create-app's config has the guest provider: its refresh gives a user token.
TOKEN="$(curl -sf --max-time 10 "$BASE_URL/api/auth/guest/refresh" | node -pe 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token' 2>/dev/null || true)"
http_check "GET /api/auth/guest/refresh gives a guest token" test -n "$TOKEN"
auth=(-H "Authorization: Bearer $TOKEN")
model_path="${model_ref/://}" # model:default/churn-model -> model/default/churn-model
catalog_has_model() { curl -sf --max-time 10 "${auth[@]}" "$BASE_URL/api/catalog/entities/by-name/$model_path" >/dev/null; }
for _ in $(seq 1 60); do catalog_has_model && break; sleep 1; done
http_check "the catalog holds $model_ref (the Model kind is allowed and validated)" catalog_has_model
marketplace_lists_model() {
  curl -sf --max-time 10 "${auth[@]}" "$BASE_URL/api/ml/marketplace?q=churn" |
    json "v => v.items.some(i => i.ref === '$model_ref')"
}
for _ in $(seq 1 60); do marketplace_lists_model && break; sleep 1; done
http_check "GET /api/ml/marketplace?q=churn with the token lists $model_ref" marketplace_lists_model
lineage_has_datasets() {
  curl -sf --max-time 10 "${auth[@]}" "$BASE_URL/api/ml/lineage?entityRef=$model_ref&direction=upstream" |
    json 'v => v.nodes.some(n => n.kind === "dataset")'
}
for _ in $(seq 1 90); do lineage_has_datasets && break; sleep 1; done
http_check "GET /api/ml/lineage of $model_ref reaches the Datasets it was trained on" lineage_has_datasets
code="$(curl -s --max-time 10 -o "$WORK/index.html" -w '%{http_code}' "$BASE_URL/")"
http_check "the backend serves the built app at / (got $code)" grep -q '<div id="root">' "$WORK/index.html"

# --- 8. browser ------------------------------------------------------------------------
phase "Render the Model's page in Chromium"
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || bash scripts/chromium.sh >/dev/null ||
  die "Chromium is missing and could not be installed"
rm -f "$SCREENSHOT"
set +e
node scripts/adoption/browser.js "$BASE_URL" "default/model/$MODEL_NAME" "$MODEL_TITLE" "$SCREENSHOT" 2>&1 |
  tee "$LOGS/browser.log"
browser_status=${PIPESTATUS[0]}
set -e
[ "$browser_status" = 0 ] || die "the app does not show the ML marketplace as the READMEs promise (above; screenshot in ${SCREENSHOT#$REPO_ROOT/})"
