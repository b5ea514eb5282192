// How fast a post reaches live clients, on the embedded store and on Apache CouchDB (`live`).
import { setMaxListeners } from 'node:events';
import { access } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { CouchDbNode, median, ms, p95, ROOT, RUNS, sessionCookie, sleep, startSyncServer, USER } from './harness.mjs';
import { discussion, idleWrites, plMembers, post } from './polish-network.mjs';

/**
 * The live clients' connections: plain http.get with a keep-alive agent of their own, one socket per
 * client kept between long-polls as a phone keeps its own. Node's fetch costs about 0.5 ms of CPU per
 * answer here, three times as much: with 1,000 clients that is half a second per post taken from the
 * two cores the server under measurement runs on, and it measured the benchmark as much as the
 * server (p95 0.5 to 1.2 s with fetch, 0.2 s with http.get, same server, 2026-12-06). No limit of
 * connections per host (Infinity); the server's own ceiling is MAX_CONNECTIONS (default 2000) and
 * file descriptors (`ulimit -n`, 20000 here): 1,000 clients hold 1,000 of each on both sides.
 */
const liveAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** One long-poll with plain http.get: answers { status, body } (body parsed when 200), or null when the connection failed. */
function longPoll(url, cookie, signal) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: liveAgent, headers: { cookie, accept: 'application/json' }, signal }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        let body = null;
        try {
          if (response.statusCode === 200) body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = null;
        }
        resolve({ status: response.statusCode, body });
      });
      response.on('error', () => resolve(null));
    });
    request.on('error', () => resolve(null));
  });
}

/**
 * How long a post takes to reach live clients: CLIENTS members, each their own account with their own
 * session (as phones are), long-poll the network's discussion database through the server exactly as
 * the app's replication does, while another member posts. Baseline: the round trip of the same write
 * through the same server with nobody listening.
 */
async function livePropagation(baseUrl, clients) {
  const listeners = await plMembers(baseUrl, clients);
  const author = { ...USER, cookie: await sessionCookie(baseUrl, USER) };
  const idleWrite = await idleWrites(baseUrl, author, 10, 'benchidle');
  // Where the database stands now (the server answers no descending reads of _changes).
  const info = await (await fetch(discussion(baseUrl), { headers: { cookie: author.cookie } })).json();
  if (info.update_seq === undefined) throw new Error(`no update_seq in ${JSON.stringify(info)}`);
  const started = new Map();
  const arrivals = new Map();
  const latencies = [];
  const refusals = new Map();
  const abort = new AbortController();
  // Every open long-poll listens on this one signal (up to 1,000 at once).
  setMaxListeners(0, abort.signal);
  const follow = async (member) => {
    let since = info.update_seq;
    while (!abort.signal.aborted) {
      const response = await longPoll(
        `${discussion(baseUrl)}/_changes?feed=longpoll&since=${encodeURIComponent(since)}&timeout=60000`,
        member.cookie,
        abort.signal,
      );
      if (abort.signal.aborted) return;
      const body = response?.body;
      if (!body) {
        // Counted and printed: a refused or broken long-poll is a client that did not get the post in time.
        const key = response ? String(response.status) : 'network error';
        refusals.set(key, (refusals.get(key) ?? 0) + 1);
        await sleep(500);
        continue;
      }
      const arrived = performance.now();
      for (const row of body.results) {
        if (!started.has(row.id)) continue;
        arrivals.set(row.id, (arrivals.get(row.id) ?? 0) + 1);
        latencies.push(arrived - started.get(row.id));
      }
      since = body.last_seq;
    }
  };
  const followers = listeners.map(follow);
  /** Posts and waits (at most a minute) until every client has it; answers the write's round trip. */
  const postAndWait = async (id, i) => {
    started.set(id, performance.now());
    const { begin, took } = await post(baseUrl, author, id, `Benchmark post ${i}`);
    started.set(id, begin);
    const deadline = Date.now() + 60_000;
    while ((arrivals.get(id) ?? 0) < clients && Date.now() < deadline) await sleep(5);
    return took;
  };
  // A first post nobody times: it comes back once every client's long-poll is open and has answered.
  await sleep(1000);
  await postAndWait(`post:benchwarm${Date.now().toString(36)}`, -1);
  latencies.length = 0;
  const writes = [];
  const posts = Math.max(10, RUNS * 4);
  for (let i = 0; i < posts; i++) {
    // A second between posts, so each finds its clients listening again (as posts minutes apart do).
    await sleep(1000);
    writes.push(await postAndWait(`post:bench${Date.now().toString(36)}${i}`, i));
  }
  abort.abort();
  await Promise.allSettled(followers);
  return {
    median: median(latencies),
    p95: p95(latencies),
    write: median(writes),
    idleWrite,
    samples: latencies.length,
    expected: clients * posts,
    refusals: [...refusals].map(([status, count]) => `${count}x ${status}`).join(', '),
  };
}

/** Posts reaching 200 and 1,000 live clients of one server, printed with the store's name. */
async function liveFigures(baseUrl, store) {
  // Every client's account is made first (a minute on the embedded store; four on CouchDB, which
  // hashes each password with 600,000 rounds), so none of it is timed.
  await plMembers(baseUrl, 1000);
  for (const [clients, goal] of [
    [200, 500],
    [1000, 1000],
  ]) {
    const live = await livePropagation(baseUrl, clients);
    console.log(
      `[${store}] Post to ${clients} live clients, each its own member (${live.samples} of ${live.expected} arrivals): median ${ms(live.median)}, p95 ${ms(live.p95)} (goal: p95 <= ${ms(goal)}); ` +
        `${(live.median / live.idleWrite).toFixed(2)}x and ${(live.p95 / live.idleWrite).toFixed(2)}x a write's round trip with no one listening (${ms(live.idleWrite)})`,
    );
    console.log(
      `  the write itself with ${clients} listening: ${ms(live.write)}, ${(live.write / live.idleWrite).toFixed(1)}x the idle write${live.refusals ? `; long-polls refused or broken: ${live.refusals}` : ''}`,
    );
  }
}

/** The `live` figure: the embedded store, then Apache CouchDB when one is at hand. */
export async function live(env) {
  const server = await env.server();
  await liveFigures(server.baseUrl, 'embedded store');
  // The same on Apache CouchDB, when the shared build is beside the checkout (as in CI) or BENCH_COUCHDB_URL names one.
  const start = path.resolve(ROOT, '../shared/couchdb/start.sh');
  const named = process.env.BENCH_COUCHDB_URL;
  if (
    !named &&
    !(await access(start).then(
      () => true,
      () => false,
    ))
  ) {
    console.log('  (no Apache CouchDB: ../shared/couchdb/ is missing and BENCH_COUCHDB_URL is not set; its live figures are left out)');
    return;
  }
  process.env.COUCHDB_START ??= start;
  const couchDb = named ? null : await CouchDbNode.started();
  const onCouch = await startSyncServer({
    env: { COUCHDB_URL: named ?? couchDb.url, DEMO_ACCOUNTS: 'on', SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000' },
  });
  try {
    await liveFigures(onCouch.baseUrl, 'Apache CouchDB');
  } finally {
    await onCouch.stop();
    await couchDb?.stop();
  }
}
