import { expect, test } from '@playwright/test';
import { newOwner, signIn } from './journeys';

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

  // Signing out forgets it: the phone may be shared.
  await page.goto('/me');
  await page.getByTestId('sign-out').click();
  await page.locator('.sign-out-confirm').click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(await page.evaluate(() => localStorage.getItem('me2me.firstPaint'))).toBeNull();
  expect(refusedByPolicy).toEqual([]);
  await context.close();
});
