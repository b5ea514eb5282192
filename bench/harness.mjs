// What every benchmark shares: the server and browser of a run, members signing up and in, the
// service worker taking charge, and the statistics printed (README, Performance).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The end-to-end tests' way of starting the server, signing people up and starting Apache CouchDB, bundled for Node here.
export const { startSyncServer, createAccount, CouchDbNode } = await (async () => {
  const bundled = await build({
    stdin: {
      contents: "export * from './sync-server'; export * from './faults/couchdb-node';",
      resolveDir: path.join(ROOT, 'e2e'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    define: { __dirname: JSON.stringify(path.join(ROOT, 'e2e')) },
  });
  return import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
})();

export const RUNS = Number(process.env.BENCH_RUNS ?? 5);
export const USER = { name: 'ania', password: 'bakery-2026' };
export const BENCH_PASSWORD = 'bench-password-2026';
export const RUN_TAG = Date.now().toString(36);

/** Debian's Chromium, as every benchmark launches it. */
export const CHROMIUM = {
  executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
};

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
export const ms = (value) => `${value.toFixed(0)} ms`;
/** Waits the given milliseconds. */
export const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * The server and the browser of a run, each started when a benchmark first asks for it: a figure
 * that needs neither (`initialjs`) runs without them.
 */
export function benchEnvironment() {
  let dataDir = null;
  let server = null;
  let browser = null;
  return {
    server() {
      server ??= (async () => {
        dataDir = await mkdtemp(path.join(tmpdir(), 'me2me-bench-'));
        // Every benchmark member signs up from this machine's one address: the server's default of 60 sign-ups
        // per address and hour (a venue's Wi-Fi) would refuse the 1,000 live clients' accounts after the 60th.
        return startSyncServer({
          dataDir,
          env: {
            SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000',
            INSIGHTS_MIN_HOURS: '0',
            INSIGHTS_MIN_ACCOUNT_DAYS: '0',
            INSIGHTS_BATCH_OWNERS: '1',
          },
        });
      })();
      return server;
    },
    browser() {
      browser ??= chromium.launch(CHROMIUM);
      return browser;
    },
    async close() {
      await (await browser)?.close();
      await (await server)?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A member's session cookie, as the app gets it. */
export async function sessionCookie(baseUrl, user) {
  const response = await fetch(`${baseUrl}/couch/_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers.get('set-cookie').split(';')[0];
}

/** Signs a member up through the public API (as the app does). */
export async function signUp(baseUrl, user, country) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...user, country }),
    });
    if (response.status === 201) return;
    const text = await response.text();
    // Sign-ups sent together from one address take turns on the limiter's count, which gives up with
    // 429 after ten turns; a moment later they pass. A 429 that persists is the hourly limit itself.
    if (response.status !== 429 || attempt >= 5) throw new Error(`sign-up of ${user.name} refused: ${response.status} ${text}`);
    await sleep(500 + Math.random() * 1000);
  }
}

/** Signs a member up, and answers their session cookie. */
export async function signedUpMember(baseUrl, name, country) {
  const user = { name, password: BENCH_PASSWORD };
  await signUp(baseUrl, user, country);
  return { ...user, cookie: await sessionCookie(baseUrl, user) };
}

/** A new member of a country network, signed up as anyone can. */
export async function newMember(baseUrl, country) {
  const user = { name: `bench-${country}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`, password: BENCH_PASSWORD };
  await createAccount(baseUrl, { ...user, country });
  return user;
}

/** Types a member's name and password into the sign-in page (not yet sent). */
export async function fillSignIn(page, user) {
  for (const [id, value] of [
    ['sign-in-name', user.name],
    ['sign-in-password', user.password],
  ]) {
    const input = page.getByTestId(id).locator('input');
    // Ionic's input may take a first keystroke before it is wired up, and lose it.
    for (let attempt = 0; attempt < 20 && (await input.inputValue()) !== value; attempt++) await input.fill(value);
  }
}

/** A new browser context signed in as `user`, on the lesson list. */
export async function signedInPage(browser, baseUrl, user = USER) {
  const context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'allow' });
  const page = await context.newPage();
  await page.goto('/sign-in', { waitUntil: 'load' });
  await fillSignIn(page, user);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('lesson-item').first().waitFor();
  return { context, page };
}

/**
 * Reloads the page under its service worker and waits until the worker has the app's files stored
 * (Angular's worker reports its manifest once the version is installed), so the app opens offline.
 */
export async function serviceWorkerInCharge(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload({ waitUntil: 'load' });
  for (let attempt = 0; attempt < 100; attempt++) {
    const state = await page.evaluate(() => fetch('/ngsw/state').then((r) => r.text()));
    if (/Latest manifest hash: [0-9a-f]{40}/.test(state)) break;
    await page.waitForTimeout(200);
  }
}
