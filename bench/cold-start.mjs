// The installed app opened offline from a closed browser (`coldstart`): the service worker and the
// member's data are on the device, the browser starts from its profile on disk, and the network is off.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, fillSignIn, median, ms, RUNS, serviceWorkerInCharge, USER } from './harness.mjs';

/** The goal from the cold-start issue: the lesson list on screen within a second on a slow phone. */
const GOAL_MS = 1000;
const PHONE = { width: 390, height: 844 };
/** A mid-range phone's CPU, as Lighthouse slows a desktop's; and the machine's own speed beside it. */
const RATES = [4, 1];
const LIST_TIMEOUT_MS = 60_000;

/** Chromium on the benchmark's own profile directory, which keeps its data between launches as a phone does. */
function launch(profile, baseUrl, options = {}) {
  return chromium.launchPersistentContext(profile, { ...CHROMIUM, baseURL: baseUrl, viewport: PHONE, ...options });
}

/**
 * Installs the app as a member would: signs in online, lets the service worker take charge and store
 * the app, waits until sync is up to date, and closes the browser.
 */
async function install(profile, baseUrl) {
  const context = await launch(profile, baseUrl);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/sign-in', { waitUntil: 'load' });
    await fillSignIn(page, USER);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('lesson-item').first().waitFor();
    await serviceWorkerInCharge(page);
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null)))
      throw new Error('the service worker does not control the app after a reload');
    await page.getByTestId('lesson-item').first().waitFor();
    await page.locator('[data-testid=sync-indicator][data-state=up-to-date]').waitFor({ timeout: 120_000 });
  } finally {
    await context.close();
  }
}

/**
 * Runs in the page before the app: resolves `coldStartMarks` once the app's own lesson list is
 * painted, with when that was, when lesson titles were first painted at all (first-paint.js may paint
 * the list as last seen before the app has loaded), the first and the largest contentful paint, all
 * from navigation start.
 */
function paintMarkers() {
  // The learn page's titles (src/app/lessons/learn-page.ts), and public/first-paint.js's copy of them.
  const TITLES = { 'app-title': '[data-testid=lesson-item] h3', 'snapshot-title': '#first-paint li strong' };
  const describe = (element) =>
    element
      ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${(element.textContent ?? '').trim().slice(0, 30)}"`
      : 'none';
  // Described as they arrive: the largest paint may be removed from the page later (the snapshot is).
  const largest = [];
  new PerformanceObserver((list) =>
    largest.push(...list.getEntries().map((entry) => ({ time: entry.startTime, element: describe(entry.element) }))),
  ).observe({
    type: 'largest-contentful-paint',
    buffered: true,
  });
  const painted = {};
  globalThis.coldStartMarks = new Promise((resolve) => {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) painted[entry.identifier] ??= entry.renderTime || entry.loadTime;
      if (painted['app-title'] === undefined) return;
      // Two frames on, the LCP entries of the frame that painted the list have been delivered too.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const lcp = largest.at(-1);
          resolve({
            app: painted['app-title'],
            snapshot: painted['snapshot-title'] ?? null,
            lcp: lcp?.time ?? null,
            lcpElement: lcp?.element ?? 'none',
            fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
            offline: !navigator.onLine,
            controlled: navigator.serviceWorker.controller !== null,
          });
        }),
      );
    }).observe({ type: 'element', buffered: true });
  });
  // Element Timing reports only elements named before they paint: titles are named as they are inserted.
  const naming = new MutationObserver(() => {
    for (const [identifier, selector] of Object.entries(TITLES)) {
      for (const title of document.querySelectorAll(`${selector}:not([elementtiming])`)) title.setAttribute('elementtiming', identifier);
    }
    if (document.querySelector(TITLES['app-title'])) naming.disconnect();
  });
  naming.observe(document, { childList: true, subtree: true });
}

/** One launch of the installed app with no network and the CPU slowed `rate` times; answers its paint marks. */
async function coldStart(profile, baseUrl, rate) {
  // Offline from launch, so that the service worker, which the navigation starts, has no network either.
  const context = await launch(profile, baseUrl, { offline: true });
  try {
    await context.addInitScript(paintMarkers);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.goto('/', { waitUntil: 'commit' });
    const marks = await page.evaluate(
      (timeout) =>
        Promise.race([
          globalThis.coldStartMarks,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`no lesson list within ${timeout} ms; the page shows ${location.pathname}`)), timeout),
          ),
        ]),
      LIST_TIMEOUT_MS,
    );
    if (!marks.offline || !marks.controlled)
      throw new Error(`a cold start that was not offline under the service worker: ${JSON.stringify(marks)}`);
    return marks;
  } finally {
    await context.close();
  }
}

/** The most frequent of `values`. */
const mostFrequent = (values) =>
  [...new Set(values)].sort((a, b) => values.filter((v) => v === b).length - values.filter((v) => v === a).length)[0];

export async function coldstart(env) {
  const { baseUrl } = await env.server();
  const profile = await mkdtemp(path.join(tmpdir(), 'me2me-coldstart-'));
  try {
    await install(profile, baseUrl);
    const marks = new Map(RATES.map((rate) => [rate, []]));
    // The speeds take turns, so that whatever else the machine does falls on both alike.
    for (let run = 0; run < RUNS; run++) for (const rate of RATES) marks.get(rate).push(await coldStart(profile, baseUrl, rate));
    const [slow, normal] = RATES.map((rate) => {
      const runs = marks.get(rate);
      const of = (pick) => median(runs.map((mark) => pick(mark) ?? NaN));
      return {
        list: of((mark) => Math.min(mark.app, mark.snapshot ?? Infinity)),
        app: of((mark) => mark.app),
        lcp: of((mark) => mark.lcp),
        fcp: of((mark) => mark.fcp),
        snapshots: runs.filter((mark) => mark.snapshot !== null).length,
        element: mostFrequent(runs.map((mark) => mark.lcpElement)),
      };
    });
    console.log(
      `Cold start offline, CPU ${RATES[0]}x (median of ${RUNS}): lesson list ${ms(slow.list)}, LCP ${ms(slow.lcp)} (goal: <= ${ms(GOAL_MS)}); ` +
        `at normal speed: ${ms(normal.list)}, LCP ${ms(normal.lcp)}`,
    );
    console.log(
      `  the app's own list (live data): ${ms(slow.app)} at ${RATES[0]}x, ${ms(normal.app)} at normal speed; ` +
        `the list as last seen painted first in ${slow.snapshots + normal.snapshots} of ${2 * RUNS} starts; ` +
        `first contentful paint ${ms(slow.fcp)} and ${ms(normal.fcp)}; the largest paint: ${slow.element}`,
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
