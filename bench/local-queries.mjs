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
  const results = [];
  for (const count of SIZES)
    results.push(await page.evaluate(([count, runs]) => globalThis.localQueries(count, runs), [count, Math.max(RUNS, 5)]));
  await context.close();
  return results;
}

/** A network's discussion as it is today, and one ten times larger. */
const SIZES = [3000, 30000];

export async function queries(env) {
  const results = await localQueries(await env.browser(), (await env.server()).baseUrl);
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
}
