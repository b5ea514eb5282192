#!/usr/bin/env bash
# The sync server on a three-node Apache CouchDB 3.5 cluster (npm run test:cluster).
#
# Starts three CouchDB nodes from ../shared/couchdb/start.sh on free loopback ports, joins them into
# one cluster (the steps of ../shared/couchdb/README.md), and runs test/cluster/cluster.spec.ts with the
# nodes' admin URLs and pids in CLUSTER_NODE_URLS / CLUSTER_NODE_PIDS (space-separated, node 1 first).
# No database is created here: the sync servers the spec starts provision their own.
# Every node, the epmd this run started and the temporary directories are removed on exit, failed or not.
# Extra arguments go to jasmine. The exit code is the spec's.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"

start="$root/../shared/couchdb/start.sh"
if [ ! -x "$start" ]; then
  echo "run-cluster: $start not found; the cluster test needs the shared Apache CouchDB build." >&2
  exit 2
fi

npm run build:server

pids=()
dirs=()
epmd_pid=''
# A killed node may linger as a zombie until its new parent reaps it: that counts as gone.
alive() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${state:0:1}" != Z ]; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do alive "$pid" || break; sleep 0.25; done
    if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  # shellcheck disable=SC2086  # one pid per line
  if [ -n "$epmd_pid" ]; then kill $epmd_pid 2>/dev/null || true; fi
  for dir in "${dirs[@]}"; do rm -rf "$dir"; done
}
trap cleanup EXIT

# epmd (the Erlang port mapper) outlives CouchDB; stop it afterwards only if this run started it.
epmd_before=$(pgrep -f 'epmd -daemon' || true)
read -r -a ports <<<"$(node -e "
const net = require('node:net');
const servers = [0, 1, 2].map(() => net.createServer());
Promise.all(servers.map((s) => new Promise((r) => s.listen(0, '127.0.0.1', () => r(s.address().port)))))
  .then((ports) => { console.log(ports.join(' ')); servers.forEach((s) => s.close()); });
")"

# Node names carry this shell's pid, so a run beside another CouchDB test on the machine does not collide.
names=()
for i in 1 2 3; do names+=("me2me$i-$$@127.0.0.1"); done

# The three nodes start side by side (each unpacks its own copy first).
outs=()
for i in 0 1 2; do
  dir=$(mktemp -d "${TMPDIR:-/tmp}/me2me-cluster-XXXXXX")
  dirs+=("$dir")
  outs+=("$dir.start")
  dirs+=("$dir.start")
  COUCH_NODE=${names[$i]} COUCH_SINGLE_NODE=false "$start" "$dir" "${ports[$i]}" >"$dir.start" 2>&1 &
  starters[$i]=$!
done
failed=0
for i in 0 1 2; do wait "${starters[$i]}" || failed=1; done
urls=()
for i in 0 1 2; do
  line=$(tail -1 "${outs[$i]}")
  case "$line" in
    http*' '[0-9]*) urls+=("${line% *}"); pids+=("${line##* }") ;;
    *) failed=1; echo "run-cluster: node $((i + 1)) did not start:" >&2; cat "${outs[$i]}" >&2 ;;
  esac
done
if [ -z "$epmd_before" ]; then epmd_pid=$(pgrep -f 'epmd -daemon' || true); fi
if [ "$failed" -ne 0 ]; then exit 1; fi

# Join nodes 2 and 3 to node 1 and finish the cluster (README: "A three-node cluster on one machine").
first=${urls[0]}
for i in 1 2; do
  curl -fsS -X PUT "$first/_node/_local/_nodes/${names[$i]}" -d '{}' >/dev/null
done
curl -fsS -X POST -H 'content-type: application/json' "$first/_cluster_setup" -d '{"action":"finish_cluster"}' >/dev/null
joined=0
for _ in $(seq 1 120); do
  if node -e "
    const want = process.argv.slice(1).sort().join();
    (async () => {
      for (const url of '${urls[*]}'.split(' ')) {
        const base = new URL(url);
        const auth = 'Basic ' + Buffer.from(decodeURIComponent(base.username) + ':' + decodeURIComponent(base.password)).toString('base64');
        base.username = ''; base.password = '';
        const m = await (await fetch(new URL('_membership', base), { headers: { authorization: auth } })).json();
        if (m.cluster_nodes.slice().sort().join() !== want || m.all_nodes.slice().sort().join() !== want) process.exit(1);
      }
    })().catch(() => process.exit(1));
  " "${names[@]}"; then joined=1; break; fi
  sleep 0.25
done
if [ "$joined" -ne 1 ]; then
  echo "run-cluster: the three nodes did not join one cluster:" >&2
  curl -sS "$first/_membership" >&2 || true
  exit 1
fi
# As the README's deployment guide says: nothing is answered without credentials (but /_up, for health checks).
for url in "${urls[@]}"; do
  curl -fsS -X PUT "$url/_node/_local/_config/chttpd/require_valid_user_except_for_up" -d '"true"' >/dev/null
done
echo "run-cluster: Apache CouchDB cluster of ${names[*]} on ports ${ports[*]} (pids ${pids[*]})"

export CLUSTER_NODE_URLS="${urls[*]}"
export CLUSTER_NODE_PIDS="${pids[*]}"
status=0
npx jasmine --config=sync-server/test/cluster/jasmine.json "$@" || status=$?
exit "$status"
