import { expect, test } from '@playwright/test';
import { newOwner, readAsUser, signIn, userDbName } from './journeys';

test("the lesson list paints from the last start's snapshot before the app has loaded, and the app takes over", async ({
  browser,
  request,
}) => {
  const owner = await newOwner(request, 'firstpaint');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // The content security policy allows no inline script and nothing compiled at run time: the app must not need either.
  const refusedByPolicy: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
  });
  await signIn(page, owner);
  const firstLesson = page.getByTestId('lesson-item').first().locator('h3');
  await expect(firstLesson).toBeVisible();
  const title = (await firstLesson.textContent())!.trim();

  // The same phone's storage, with the app's own scripts unable to load: only first-paint.js paints.
  const storage = await context.storageState();
  const bare = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: storage, serviceWorkers: 'block' });
  const withoutApp = await bare.newPage();
  await withoutApp.route(/\/(main|chunk)-[A-Z0-9]+\.js$/, (route) => route.abort());
  await withoutApp.goto('/learn');
  const painted = withoutApp.locator('#first-paint');
  await expect(painted.getByRole('heading', { level: 1 })).toHaveText('Learn');
  await expect(painted.getByRole('link', { name: title })).toBeVisible();
  await expect(painted.getByRole('link', { name: title })).toHaveAttribute('href', /^\/learn\/lesson\/lesson%3A/);
  await bare.close();

  // With the app: the snapshot shows, then goes once the list has live data.
  await page.reload();
  await expect(firstLesson).toBeVisible();
  await expect(page.locator('#first-paint')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('me2me.firstLessons'))).not.toBeNull();

  // Signing out forgets it: the phone may be shared.
  await page.goto('/me');
  await page.getByTestId('sign-out').click();
  await page.locator('.sign-out-confirm').click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // The list and the lessons kept whole (each programme's next one was kept when Learn showed).
  expect(
    await page.evaluate(() => ['me2me.firstPaint', 'me2me.firstLessons', 'me2me.firstProgress'].map((key) => localStorage.getItem(key))),
  ).toEqual([null, null, null]);
  expect(refusedByPolicy).toEqual([]);
  await context.close();
});

test('a lesson opened before opens at its card while the phone is still opening its database, and a step taken then is kept', async ({
  browser,
  request,
}) => {
  const owner = await newOwner(request, 'quickopen');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, owner);
  const lessonPath = '/learn/lesson/lesson:cash-flow-basics';
  await page.goto(lessonPath);
  const position = page.getByTestId('lesson-card').locator('.position');
  await expect(position).toHaveText(/^Card 1 of \d+$/);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(position).toHaveText(/^Card 2 of \d+$/);
  // The copy kept for the next start follows the step.
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('me2me.firstProgress') ?? 'null')?.progress?.[0]?.cardIndex))
    .toBe(1);
  await page.close();

  // The next start, with every IndexedDB database held unopened (their success withheld) until released.
  const restarted = await context.newPage();
  await restarted.addInitScript(() => {
    const held: IDBOpenDBRequest[] = [];
    let released = false;
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      const opening = open.apply(this, args);
      // Added before the caller's own handlers, so it can keep them from hearing of the success.
      opening.addEventListener('success', (event) => {
        if (released || !event.isTrusted) return;
        event.stopImmediatePropagation();
        held.push(opening);
      });
      return opening;
    };
    const hold = window as unknown as { heldOpens: () => number; releaseOpens: () => void };
    hold.heldOpens = () => held.length;
    hold.releaseOpens = () => {
      released = true;
      for (const opening of held.splice(0)) opening.dispatchEvent(new Event('success'));
    };
  });
  await restarted.goto(lessonPath);
  const card = restarted.getByTestId('lesson-card').locator('.position');
  await expect(card).toHaveText(/^Card 2 of \d+$/);
  expect(await restarted.evaluate(() => (window as unknown as { heldOpens: () => number }).heldOpens())).toBeGreaterThan(0);
  await restarted.getByRole('button', { name: 'Next' }).click();
  await expect(card).toHaveText(/^Card 3 of \d+$/);
  await restarted.evaluate(() => (window as unknown as { releaseOpens: () => void }).releaseOpens());
  // The step taken before the database answered is stored, and reaches the server.
  await expect
    .poll(async () => (await readAsUser(request, owner, userDbName(owner.name), 'progress:lesson:cash-flow-basics'))?.['cardIndex'], {
      timeout: 30_000,
    })
    .toBe(2);
  await expect(card).toHaveText(/^Card 3 of \d+$/);
  await context.close();
});
