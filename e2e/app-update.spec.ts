import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { packOf, readAsUser, signIn, userDbName, waitForServiceWorker } from './journeys';
import { startSyncServer } from './sync-server';

const PIOTR = { name: 'piotr', password: 'facilitator-2026' };
const BUILT_APP = path.resolve(__dirname, '../dist/me2me-learn/browser');

/**
 * Deploys "version 2" of the app in place: a changed index.html and the service worker manifest
 * that describes it, which is all the service worker compares.
 */
async function deployNewVersion(appDir: string): Promise<void> {
  const indexPath = path.join(appDir, 'index.html');
  const html = (await readFile(indexPath, 'utf8')).replace('</head>', '<meta name="me2me-version" content="2"></head>');
  await writeFile(indexPath, html);
  const manifestPath = path.join(appDir, 'ngsw.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.timestamp = Date.now();
  manifest.hashTable['/index.html'] = createHash('sha1').update(html).digest('hex');
  await writeFile(manifestPath, JSON.stringify(manifest));
}

/**
 * Runs `use` in a browser of its own on a server of its own, which serves a copy of the built app
 * that the test may change (after `prepare`, before the first visit).
 */
async function onOwnCopy(
  browser: Browser,
  use: (page: Page, appDir: string) => Promise<void>,
  prepare: (appDir: string) => Promise<void> = async () => undefined,
): Promise<void> {
  const appDir = await mkdtemp(path.join(tmpdir(), 'me2me-app-'));
  await cp(BUILT_APP, appDir, { recursive: true });
  await prepare(appDir);
  const server = await startSyncServer({ env: { APP_DIR: appDir } });
  const context = await browser.newContext({ baseURL: server.baseUrl });
  try {
    await use(await context.newPage(), appDir);
  } finally {
    await context.close();
    await server.stop();
    await rm(appDir, { recursive: true, force: true });
    await rm(server.dataDir, { recursive: true, force: true });
  }
}

/** Signed in, the service worker installed, and the lessons on the phone before any test goes offline. */
async function readyOffline(page: Page): Promise<void> {
  await signIn(page, PIOTR);
  await waitForServiceWorker(page);
  await expect(page.getByTestId('lesson-item').first()).toBeVisible();
  await expect(page.getByTestId('sync-indicator').first()).toHaveAttribute('data-state', 'up-to-date');
}

/** Angular's worker says it serves no new page (it recovers only when a valid new version arrives). */
async function degraded(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => fetch('/ngsw/state').then((r) => r.text())), { timeout: 30_000 }).toContain('Degraded');
}

test('an app update keeps downloaded lessons and unsent progress, and waits for the user to switch', async ({ browser }) => {
  await onOwnCopy(browser, async (page, appDir) => {
    const context = page.context();
    await signIn(page, PIOTR);
    const pack = packOf(page, 'Mini-learning toolbox');
    await pack.getByTestId('pack-download').click();
    await expect(pack).toHaveAttribute('data-state', 'stored', { timeout: 60_000 });
    await waitForServiceWorker(page);

    // Work that has not reached the server when the new version arrives.
    await context.setOffline(true);
    await page.getByTestId('lesson-item').first().click();
    await page.getByRole('button', { name: 'Next' }).click();
    const lessonPage = page.locator('app-lesson-page');
    await expect(lessonPage.getByTestId('sync-indicator')).toContainText('1 change waiting to send');
    const lessonUrl = page.url();

    await deployNewVersion(appDir);
    await context.setOffline(false);
    await expect(lessonPage.getByTestId('update-ready')).toContainText('A new version of the app is ready', { timeout: 60_000 });
    expect(page.url(), 'the user is not taken away from the lesson').toBe(lessonUrl);
    await expect(lessonPage.getByTestId('lesson-card')).toBeVisible();

    await lessonPage.getByTestId('apply-update').click();
    await expect(page.locator('meta[name="me2me-version"]')).toHaveAttribute('content', '2');

    // Nothing on the device was lost: the progress, the downloaded programme, and the progress reached the server.
    await page.goto('/learn');
    await expect(packOf(page, 'Mini-learning toolbox')).toHaveAttribute('data-state', 'stored');
    await expect(page.getByTestId('lesson-item').first()).toContainText('card 2 of');
    const lessonId = decodeURIComponent(lessonUrl.split('/').pop()!);
    await expect
      .poll(async () => (await readAsUser(context.request, PIOTR, userDbName('piotr'), `progress:${lessonId}`))?.['cardIndex'], {
        timeout: 30_000,
      })
      .toBe(1);
  });
});

/**
 * An update check that fails other than by being offline leaves Angular's service worker serving only
 * the pages already open (angular/angular#31109: it recovers only when a valid new version arrives).
 * Before our worker wrapped it (public/app-worker.js), the next start with no network showed the
 * browser's offline page instead of the app.
 */
const brokenUpdates: Record<string, (appDir: string) => Promise<void>> = {
  // As when the connection drops in the middle of the manifest.
  'the manifest arrives cut off': async (appDir) => {
    const manifestPath = path.join(appDir, 'ngsw.json');
    const manifest = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, manifest.slice(0, manifest.length / 2));
  },
  // As when a file of a new version is lost on the way: its index.html is on the phone already, the
  // rest never comes, and the phone must keep opening the version it has in full.
  'a new version cannot be downloaded in full': async (appDir) => {
    await deployNewVersion(appDir);
    const manifestPath = path.join(appDir, 'ngsw.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.assetGroups[0].urls.push('/never-arrives.js');
    manifest.hashTable['/never-arrives.js'] = '0'.repeat(40);
    await writeFile(manifestPath, JSON.stringify(manifest));
  },
};

/**
 * A first install that stopped half-way, after the app's code and before its last icon: Angular's
 * worker then serves no new page, and the app must still open offline from what did come.
 */
test('the app opens offline after a first install that stopped before the last icon', async ({ browser }) => {
  await onOwnCopy(
    browser,
    async (page) => {
      await readyOffline(page);
      await degraded(page);

      await page.context().setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await expect(page.getByTestId('lesson-item').first()).toBeVisible();
      await page.getByTestId('lesson-item').first().click();
      await expect(page.getByTestId('lesson-card')).toBeVisible();
    },
    (appDir) => rm(path.join(appDir, 'icons/icon-maskable-512.png')),
  );
});

for (const [breakage, breakUpdate] of Object.entries(brokenUpdates)) {
  test(`the app still opens offline when ${breakage}`, async ({ browser }) => {
    await onOwnCopy(browser, async (page, appDir) => {
      const context = page.context();
      await readyOffline(page);

      await breakUpdate(appDir);
      // Back online, the app asks for updates.
      await context.setOffline(true);
      await context.setOffline(false);
      await degraded(page);

      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await expect(page.getByTestId('lesson-item').first()).toBeVisible();
      await expect(page.getByTestId('sync-indicator').first()).toHaveAttribute('data-state', 'offline');
      await expect(page.locator('meta[name="me2me-version"]'), 'the version on the phone in full').toHaveCount(0);
      // A screen whose code had not been loaded on this page comes from the phone too.
      await page.getByTestId('lesson-item').first().click();
      await expect(page.getByTestId('lesson-card')).toBeVisible();
      // Angular's worker's own records (it keeps its latest version under /latest) are never an answer.
      expect(await page.evaluate(() => fetch('/latest').then((response) => response.status))).toBe(504);
      // An address that is not the app's (a certificate's check) is not answered with the app.
      await expect(page.goto('/verify/ME2-TEST')).rejects.toThrow(/ERR_/);
    });
  });
}
