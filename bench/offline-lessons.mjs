// Lessons for offline use: downloading a programme pack (`pack`) and opening a lesson with no network (`open`).
import { median, ms, RUNS, serviceWorkerInCharge, signedInPage } from './harness.mjs';

/** Programme pack download through the app, against fetching the same bytes with plain fetch. */
async function packDownload(browser, baseUrl) {
  const pack = [];
  const raw = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await signedInPage(browser, baseUrl);
    const control = page.getByTestId('pack-control').first();
    await control.locator('[data-testid=pack-download]').waitFor();
    const started = Date.now();
    await control.getByTestId('pack-download').click();
    await page.locator('[data-testid=pack-control][data-state=stored]').first().waitFor({ timeout: 120_000 });
    pack.push(Date.now() - started);
    // Baseline: the same files, fetched one after another and read to the end, kept nowhere.
    raw.push(
      await page.evaluate(async () => {
        const cache = await caches.open('me2me-media-v1');
        const files = (await cache.keys()).map((request) => request.url);
        const begin = performance.now();
        for (const url of files) await (await fetch(url, { cache: 'no-store', headers: { 'ngsw-bypass': 'true' } })).blob();
        return performance.now() - begin;
      }),
    );
    await context.close();
  }
  return { pack: median(pack), raw: median(raw) };
}

/** Opening a lesson with no network, against opening a screen that reads no data. */
async function offlineOpen(browser, baseUrl) {
  const { context, page } = await signedInPage(browser, baseUrl);
  await serviceWorkerInCharge(page);
  await context.setOffline(true);
  const once = async (url, selector) => {
    const begin = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(selector).first().waitFor();
    return Date.now() - begin;
  };
  const lessonOnce = () => once('/learn/lesson/lesson:cash-flow-basics', '[data-testid=lesson-card]');
  const emptyOnce = () => once('/workshops', 'app-workshops-page ion-content p');
  // One of each first, not counted (the browser's caches warm), then taken in turns, so that the
  // machine's slower and faster moments fall on both alike.
  await lessonOnce();
  await emptyOnce();
  const lessons = [];
  const empties = [];
  for (let run = 0; run < RUNS; run++) {
    lessons.push(await lessonOnce());
    empties.push(await emptyOnce());
  }
  await context.close();
  return { lesson: median(lessons), empty: median(empties) };
}

export async function pack(env) {
  const download = await packDownload(await env.browser(), (await env.server()).baseUrl);
  console.log(
    `Programme pack download (toolbox, median of ${RUNS}): ${(download.pack / download.raw).toFixed(2)}x raw fetch of the same bytes (${ms(download.pack)} vs ${ms(download.raw)})`,
  );
}

export async function open(env) {
  const result = await offlineOpen(await env.browser(), (await env.server()).baseUrl);
  console.log(
    `Offline lesson open (median of ${RUNS}): ${(result.lesson / result.empty).toFixed(2)}x opening a screen without data (${ms(result.lesson)} vs ${ms(result.empty)})`,
  );
}
