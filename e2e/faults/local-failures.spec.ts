import { expect, test, type Page } from '@playwright/test';
import { finishOpenLesson, readAsUser, signIn, userDbName, waitForServiceWorker } from '../journeys';
import { createAccount } from '../sync-server';

/** A new owner in Poland, so that nothing here changes another test's account. */
async function newOwner(): Promise<{ name: string; password: string }> {
  const owner = { name: `owner-${Date.now().toString(36)}`, password: 'market-stall-2026' };
  await createAccount(process.env['E2E_BASE_URL']!, { ...owner, country: 'pl' });
  return owner;
}

async function finishLesson(page: Page, lessonId: string): Promise<void> {
  await page.goto(`/learn/lesson/${lessonId}`);
  await finishOpenLesson(page);
}

test('saved data damaged while the phone was off is rebuilt at start-up, keeping the unsent work', async ({ page, context, request }) => {
  const owner = await newOwner();
  await signIn(page, owner);
  await waitForServiceWorker(page);
  await expect(page.getByTestId('sync-indicator').first()).toHaveAttribute('data-state', 'up-to-date', { timeout: 30_000 });
  await context.setOffline(true);
  await finishLesson(page, 'lesson:cash-flow-basics');
  await expect(page.getByTestId('sync-indicator').first()).toContainText('1 change waiting to send');

  // What RxDB recorded about a collection no longer matches it (as an interrupted upgrade leaves it).
  await page.evaluate(
    async (database) => {
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      const db = await request(indexedDB.open(`rxdb-dexie-${database}--0--_rxdb_internal`));
      const store = db.transaction('docs', 'readwrite').objectStore('docs');
      const docs = (await request(store.getAll())) as { context: string; data: { name?: string; schemaHash: string; schema: unknown } }[];
      const record = docs.find((doc) => doc.context === 'collection' && doc.data.name === 'personal')!;
      record.data.schemaHash = 'damaged';
      record.data.schema = { title: 'damaged', version: 0 };
      await request(store.put(record));
      db.close();
    },
    `me2me-${userDbName(owner.name).slice('userdb-'.length)}`,
  );

  await page.reload({ waitUntil: 'load' });
  await expect(page.getByTestId('storage-rebuilt').first()).toContainText('Your 1 unsent change was kept');
  await expect(page.getByTestId('sync-indicator').first()).toContainText('1 change waiting to send');
  // Lessons are still there offline, and new work is taken.
  await finishLesson(page, 'lesson:getting-paid-on-time');
  await expect(page.getByTestId('sync-indicator').first()).toContainText('2 changes waiting to send');

  await context.setOffline(false);
  for (const lesson of ['lesson:cash-flow-basics', 'lesson:getting-paid-on-time']) {
    await expect
      .poll(async () => (await readAsUser(request, owner, userDbName(owner.name), `progress:${lesson}`))?.['status'], { timeout: 30_000 })
      .toBe('completed');
  }
});

test('a phone out of space says so when lessons do not fit, keeps nothing half-saved, and other work still goes', async ({
  page,
  context,
  request,
}) => {
  const owner = await newOwner();
  await signIn(page, owner);
  await waitForServiceWorker(page);
  await expect(page.getByTestId('sync-indicator').first()).toHaveAttribute('data-state', 'up-to-date', { timeout: 30_000 });

  // The browser's share of the disk is used up.
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  const pack = page.getByTestId('pack-control').first();
  await pack.getByTestId('pack-download').click();
  await expect(pack).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(pack).toContainText('Not enough space on this phone. Nothing was half-saved');
  expect(await page.evaluate(async () => (await (await caches.open('me2me-media-v1')).keys()).length)).toBe(0);

  // Progress is a small write: it is still taken and reaches the server.
  await page.getByTestId('lesson-item').filter({ hasText: 'Pricing for profit' }).first().click();
  await finishOpenLesson(page);
  await expect
    .poll(async () => (await readAsUser(request, owner, userDbName(owner.name), 'progress:lesson:pricing-for-profit'))?.['status'], {
      timeout: 30_000,
    })
    .toBe('completed');

  // Space freed: the same download goes through.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  // A lesson has no tab bar: its back button leads out.
  await page.locator('app-lesson-page').getByTestId('back').click();
  await pack.getByTestId('pack-download').click();
  await expect(pack).toHaveAttribute('data-state', 'stored', { timeout: 60_000 });
});
