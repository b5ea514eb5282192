#!/usr/bin/env bash
# The short fault-injection run with Apache CouchDB 3.5 as the store (npm run test:faults:couchdb).
# The spec starts one CouchDB node from ../shared/couchdb/start.sh (COUCHDB_START to use another
# start.sh), kills and restarts it during the run, and removes it at the end; this script builds the
# app and server first (--no-build when they were just built, as in CI) and stops the epmd it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

export COUCHDB_START=${COUCHDB_START:-$root/../shared/couchdb/start.sh}
if [ ! -x "$COUCHDB_START" ]; then
  echo "run-on-couchdb: $COUCHDB_START not found; the CouchDB fault run needs the shared Apache CouchDB build." >&2
  exit 2
fi
if [ "${1:-}" = --no-build ]; then shift; else npm run build && npm run build:server; fi

epmd_before=$(pgrep -f 'epmd -daemon' || true)
status=0
npx playwright test -c e2e/playwright.couchdb.config.ts "$@" || status=$?
if [ -z "$epmd_before" ]; then
  # shellcheck disable=SC2046  # one pid per line
  kill $(pgrep -f 'epmd -daemon') 2>/dev/null || true
fi
exit "$status"
