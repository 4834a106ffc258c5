#!/usr/bin/env bash
# Installs the Node dependencies from the committed lockfile.
# `npm ci` is deliberately not used: it fails on the optional platform
# binaries that the registry lacks for this platform (see README, "Why npm").
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
log "npm install (nodedir=${npm_config_nodedir:-default})"
npm install --no-audit --no-fund --loglevel=error
