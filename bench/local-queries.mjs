// Our data layer's local queries against raw Dexie (`queries`); the page's side is local-queries.ts.
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, RUNS } from './harness.mjs';

/** Our data layer's local queries against raw Dexie on the same documents, in the browser. */
async function localQueries(browser, baseUrl) {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'bench/local-queries.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  // The bundle is put into the page as an inline script, which the app's Content-Security-Policy refuses.
  const context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'block', bypassCSP: true });
  const page = await context.newPage();
  await page.goto('/sign-in', { waitUntil: 'load' });
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const ask = (count, sentences) =>
    page.evaluate(([count, runs, sentences]) => globalThis.localQueries(count, runs, sentences), [count, Math.max(RUNS, 5), sentences]);
  const results = [];
  for (const count of SIZES) results.push(await ask(count, 4));
  // Reading all again with shorter and longer posts: Chromium reads a record stored above about
  // 430 bytes at about twice the cost of one below, and RxDB's own fields move posts across that line.
  const byLength = [];
  for (const sentences of [1, 10]) byLength.push({ sentences, result: await ask(SIZES[0], sentences) });
  const step = await page.evaluate(
    async (runs) => ({ below: await globalThis.recordsOfLength(400, runs), above: await globalThis.recordsOfLength(410, runs) }),
    Math.max(RUNS, 5),
  );
  await context.close();
  return { results, byLength, step };
}

/** A network's discussion as it is today, and one ten times larger. */
const SIZES = [3000, 30000];

export async function queries(env) {
  const { results, byLength, step } = await localQueries(await env.browser(), (await env.server()).baseUrl);
  results.forEach((result, i) => {
    const count = SIZES[i].toLocaleString('en');
    for (const [key, label] of [
      ['open', 'open the database'],
      ['start', 'the questions at start (the whole discussion, the outbox, the waiting writes) against one read of all'],
      ['byId', 'one document by id'],
      ['readAll', `read all ${count} discussion documents`],
      ['threadPosts', "one thread's posts, oldest first"],
    ]) {
      console.log(
        `Local query (${count} documents), ${label}: our data layer ${(result.ours[key] / result.dexie[key]).toFixed(2)}x raw Dexie (${result.ours[key].toFixed(1)} ms vs ${result.dexie[key].toFixed(1)} ms)`,
      );
    }
  });
  for (const { sentences, result } of byLength) {
    console.log(
      `Local query (3,000 documents, posts of ${sentences * 58} characters), read all: our data layer ${(result.ours.readAll / result.dexie.readAll).toFixed(2)}x raw Dexie (${result.ours.readAll.toFixed(1)} ms vs ${result.dexie.readAll.toFixed(1)} ms)`,
    );
  }
  console.log(
    `IndexedDB alone, 3,000 records of 410 characters against 400: ${(step.above / step.below).toFixed(2)}x (${step.above.toFixed(1)} ms vs ${step.below.toFixed(1)} ms)`,
  );
}
