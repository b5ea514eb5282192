#!/usr/bin/env bash
# Runs the sync server's Jasmine suite against Apache CouchDB 3.5 instead of the embedded store
# (npm run test:couchdb). Extra arguments go to jasmine (e.g. --filter="design functions").
#
# With COUCHDB_TEST_URL already set (an admin URL, http://admin:pw@host:5984), that CouchDB is used and
# left running. Otherwise one is started from ../shared/couchdb/start.sh in a temporary directory on a
# free loopback port, and stopped afterwards with the epmd it started. Every test server wipes the
# CouchDB it is given: never point COUCHDB_TEST_URL at one whose data you want to keep.
# The exit code is the suite's.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

npm run build:server

couch_pid=''
epmd_pid=''
couch_dir=''
cleanup() {
  if [ -n "$couch_pid" ]; then
    kill "$couch_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$couch_pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$couch_pid" 2>/dev/null; then kill -9 "$couch_pid"; fi
  fi
  # shellcheck disable=SC2086  # one pid per line
  if [ -n "$epmd_pid" ]; then kill $epmd_pid 2>/dev/null || true; fi
  if [ -n "$couch_dir" ]; then rm -rf "$couch_dir"; fi
}
trap cleanup EXIT

if [ -z "${COUCHDB_TEST_URL:-}" ]; then
  start="$root/../shared/couchdb/start.sh"
  if [ ! -x "$start" ]; then
    echo "run-on-couchdb: $start not found; set COUCHDB_TEST_URL to an Apache CouchDB admin URL instead." >&2
    exit 2
  fi
  # epmd (the Erlang port mapper) outlives CouchDB; stop it afterwards only if this run started it.
  epmd_before=$(pgrep -f 'epmd -daemon' || true)
  port=$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  couch_dir=$(mktemp -d "${TMPDIR:-/tmp}/me2me-couchdb-XXXXXX")
  # A node name of its own: Erlang refuses a second node called couchdb@127.0.0.1 on the machine.
  line=$(COUCH_NODE="me2me-test-$$@127.0.0.1" "$start" "$couch_dir" "$port" | tail -1)
  COUCHDB_TEST_URL=${line% *}
  couch_pid=${line##* }
  if [ -z "$epmd_before" ]; then epmd_pid=$(pgrep -f 'epmd -daemon' || true); fi
  # As the README's deployment guide says: nothing is answered without credentials (but /_up, for health checks).
  curl -fsS -X PUT "$COUCHDB_TEST_URL/_node/_local/_config/chttpd/require_valid_user_except_for_up" -d '"true"' >/dev/null
  echo "run-on-couchdb: Apache CouchDB at ${COUCHDB_TEST_URL#*@} (pid $couch_pid)"
fi
export COUCHDB_TEST_URL

status=0
npx jasmine --config=sync-server/jasmine.json "$@" || status=$?
exit "$status"
