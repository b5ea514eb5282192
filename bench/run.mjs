// Benchmarks, printed as ratios against a baseline measured in the same run (see README, Performance).
// Run with `npm run bench` (it builds first). Uses the production build, a real sync server on a free
// loopback port and Debian's Chromium, each started only when a figure asks for it.
import { attendance, convergence } from './attendance.mjs';
import { coldstart } from './cold-start.mjs';
import { benchEnvironment } from './harness.mjs';
import { initialjs } from './initial-javascript.mjs';
import { sync } from './initial-sync.mjs';
import { insights } from './insights.mjs';
import { live } from './live-clients.mjs';
import { queries } from './local-queries.mjs';
import { longpolls } from './long-poll-flood.mjs';
import { open, pack } from './offline-lessons.mjs';
import { memory } from './server-memory.mjs';

/** Each figure by name, in the order a full run prints them: `BENCH_ONLY=sync,live npm run bench` runs just those. */
const FIGURES = { pack, open, coldstart, initialjs, sync, queries, live, longpolls, attendance, convergence, insights, memory };

const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !(name in FIGURES)) ?? [];
if (unknown.length)
  throw new Error(`BENCH_ONLY names no figure called ${unknown.join(', ')}; there are ${Object.keys(FIGURES).join(', ')}`);
const env = benchEnvironment();
try {
  for (const [name, run] of Object.entries(FIGURES)) if (!only || only.includes(name)) await run(env);
} finally {
  await env.close();
}
