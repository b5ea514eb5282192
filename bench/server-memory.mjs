// Server memory while phones keep cutting and re-opening long-polls for half an hour (`memory`).
import { readFile } from 'node:fs/promises';
import { sessionCookie, USER } from './harness.mjs';
import { plMembers } from './polish-network.mjs';

/** How long server memory is watched under reconnecting long-polls (the issue asks for 30 minutes). */
const MEMORY_MINUTES = Number(process.env.BENCH_MEMORY_MINUTES ?? 30);

/** Resident memory of a process and its children (the embedded store runs as a child), in MB. */
async function residentMb(pid) {
  const rss = async (p) => {
    const status = await readFile(`/proc/${p}/status`, 'utf8').catch(() => '');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  };
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(/\s+/).filter(Boolean);
  return { server: await rss(pid), store: (await Promise.all(children.map(rss))).reduce((a, b) => a + b, 0) };
}

/** Least-squares slope of (minutes, MB) samples, in MB per hour. */
function growthPerHour(samples, pick) {
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.minute, 0) / n;
  const my = samples.reduce((a, s) => a + pick(s), 0) / n;
  const sxy = samples.reduce((a, s) => a + (s.minute - mx) * (pick(s) - my), 0);
  const sxx = samples.reduce((a, s) => a + (s.minute - mx) ** 2, 0);
  return (sxy / sxx) * 60;
}

/**
 * Server memory while 50 phones (50 members, each with their own session) keep losing and re-opening
 * their long-polls (each is cut after 0.5 to 3 seconds, as a patchy mobile connection does) and another
 * member posts every few seconds. Sampled every 15 seconds after a two-minute warm-up; growth is the
 * slope over the rest.
 */
async function memoryUnderReconnects(baseUrl, pid, minutes) {
  const phones = await plMembers(baseUrl, 50);
  const cookie = await sessionCookie(baseUrl, USER);
  const db = `${baseUrl}/couch/discussions-pl`;
  const headers = { cookie, accept: 'application/json' };
  const stopAt = Date.now() + minutes * 60_000;
  let reconnects = 0;
  let refused = 0;
  const client = async (phone) => {
    const headers = { cookie: phone.cookie, accept: 'application/json' };
    while (Date.now() < stopAt) {
      const cut = new AbortController();
      const timer = setTimeout(() => cut.abort(), 500 + Math.random() * 2500);
      await fetch(`${db}/_changes?feed=longpoll&since=now&heartbeat=10000`, {
        headers,
        signal: AbortSignal.any([cut.signal, AbortSignal.timeout(10_000)]),
      })
        .then((r) => (r.ok || (refused += 1), r.text()))
        .catch(() => null);
      clearTimeout(timer);
      reconnects += 1;
    }
  };
  const writer = async () => {
    for (let i = 0; Date.now() < stopAt; i++) {
      const doc = {
        type: 'post',
        author: USER.name,
        threadId: 'thread:benchmemory',
        body: `Memory benchmark post ${i}`,
        createdAt: new Date().toISOString(),
      };
      await fetch(`${db}/post:benchmem${Date.now().toString(36)}${i}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(doc),
        signal: AbortSignal.timeout(10_000),
      })
        .then((r) => r.text())
        .catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  };
  const started = Date.now();
  const samples = [];
  const sampler = (async () => {
    while (Date.now() < stopAt) {
      const sample = { minute: (Date.now() - started) / 60_000, ...(await residentMb(pid)) };
      samples.push(sample);
      // Printed every two minutes as it goes: a long run that is stopped early still leaves its figures.
      if (samples.length % 8 === 1)
        console.log(
          `  minute ${sample.minute.toFixed(1)}: sync server ${sample.server.toFixed(1)} MB, embedded store ${sample.store.toFixed(1)} MB, ${reconnects} reconnects`,
        );
      await new Promise((resolve) => setTimeout(resolve, 15_000));
    }
  })();
  // A deadline of its own: in one 30-minute run on a loaded machine the clients never all settled.
  await Promise.race([
    Promise.all([...phones.map(client), writer(), sampler]),
    new Promise((resolve) => setTimeout(resolve, minutes * 60_000 + 30_000)),
  ]);
  const warm = samples.filter((s) => s.minute >= Math.min(2, minutes / 4));
  return {
    first: warm[0],
    last: samples.at(-1),
    reconnects,
    refused,
    serverPerHour: growthPerHour(warm, (s) => s.server),
    storePerHour: growthPerHour(warm, (s) => s.store),
  };
}

export async function memory(env) {
  const server = await env.server();
  const result = await memoryUnderReconnects(server.baseUrl, server.process.pid, MEMORY_MINUTES);
  const mb = (value) => `${value.toFixed(1)} MB`;
  console.log(
    `Server memory over ${MEMORY_MINUTES} min of 50 phones (50 members) re-opening long-polls (${result.reconnects} reconnects, ${result.refused} refused): ` +
      `sync server ${mb(result.first.server)} -> ${mb(result.last.server)}, ${result.serverPerHour >= 0 ? '+' : ''}${mb(result.serverPerHour)}/hour; ` +
      `embedded store ${mb(result.first.store)} -> ${mb(result.last.store)}, ${result.storePerHour >= 0 ? '+' : ''}${mb(result.storePerHour)}/hour; ` +
      `together ${result.serverPerHour + result.storePerHour >= 0 ? '+' : ''}${mb(result.serverPerHour + result.storePerHour)}/hour (goal: < 20 MB/hour)`,
  );
}
