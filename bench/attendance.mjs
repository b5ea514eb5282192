// Taking attendance offline, and two devices' marks converging after reconnect (`attendance`, `convergence`).
import { ms, sessionCookie, signedInPage } from './harness.mjs';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };
const COORDINATOR = { name: 'eva', password: 'coordinator-2026' };
const ROSTER = 30;

/** A cohort with a 30-person roster, written through the gateway as the facilitator. */
async function cohortWithRoster(baseUrl) {
  const cookie = await sessionCookie(baseUrl, FACILITATOR);
  const now = new Date().toISOString();
  const slug = `bench${Date.now().toString(36)}`;
  const docs = [
    {
      _id: `cohort:${slug}`,
      type: 'cohort',
      kind: 'induction',
      author: FACILITATOR.name,
      title: 'Benchmark cohort',
      facilitators: [FACILITATOR.name],
      createdAt: now,
      updatedAt: now,
    },
    ...Array.from({ length: ROSTER }, (_, i) => ({
      _id: `enrolment:${slug}:owner${String(i).padStart(2, '0')}`,
      type: 'enrolment',
      author: FACILITATOR.name,
      cohortId: `cohort:${slug}`,
      owner: `owner${String(i).padStart(2, '0')}`,
      createdAt: now,
      updatedAt: now,
    })),
  ];
  const response = await fetch(`${baseUrl}/couch/workshops-pl/_bulk_docs`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ docs }),
  });
  if (!response.ok) throw new Error(`roster refused: ${response.status}`);
  return { cohortId: `cohort:${slug}`, cookie };
}

/** A facilitator's device with the cohort open, the service worker ready, then offline. */
async function offlineSheet(browser, baseUrl, user, cohortId) {
  const { context, page } = await signedInPage(browser, baseUrl, user);
  await page.goto(`/workshops/cohort/${cohortId}`);
  await page
    .locator('[data-testid=attendance-row]')
    .nth(ROSTER - 1)
    .waitFor({ timeout: 60_000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload({ waitUntil: 'load' });
  await page
    .locator('[data-testid=attendance-row]')
    .nth(ROSTER - 1)
    .waitFor({ timeout: 60_000 });
  await context.setOffline(true);
  return { context, page };
}

/**
 * Taking attendance offline: opening the sheet and 30 taps that store marks, against opening it and
 * 30 taps that only switch the session shown (no storage).
 */
async function attendanceOffline(browser, baseUrl) {
  const { cohortId } = await cohortWithRoster(baseUrl);
  const { context, page } = await offlineSheet(browser, baseUrl, FACILITATOR, cohortId);
  const open = async () => {
    await page.goto(`/workshops/cohort/${cohortId}`, { waitUntil: 'commit' });
    await page
      .locator('[data-testid=attendance-row]')
      .nth(ROSTER - 1)
      .waitFor();
  };
  let begin = performance.now();
  await open();
  for (let session = 0; session < ROSTER; session++) {
    const n = (session % 3) + 2;
    await page.getByTestId(`session-${n}`).click();
    await page.locator(`ion-segment-button[data-testid=session-${n}].segment-button-checked`).waitFor();
  }
  const baseline = performance.now() - begin;
  await page.getByTestId('session-1').click();
  begin = performance.now();
  await open();
  const rows = page.locator('[data-testid=attendance-row]');
  for (let i = 0; i < ROSTER; i++) {
    await rows.nth(i).getByTestId('mark-present').click();
    await rows.nth(i).locator('[data-testid=mark-present] button[aria-pressed=true]').waitFor();
  }
  const marking = performance.now() - begin;
  await context.close();
  return { marking, baseline };
}

/**
 * Two devices that marked the same 30 people offline: from reconnecting until both show the same
 * decided sheet, against writing the same 60 marks through the gateway and reading them back.
 */
async function attendanceConvergence(browser, baseUrl) {
  const { cohortId, cookie } = await cohortWithRoster(baseUrl);
  const first = await offlineSheet(browser, baseUrl, FACILITATOR, cohortId);
  const second = await offlineSheet(browser, baseUrl, COORDINATOR, cohortId);
  for (const [{ page }, button] of [
    [first, 'mark-present'],
    [second, 'mark-late'],
  ]) {
    await page.getByTestId('mark-all').click();
    await page
      .getByTestId('attendance-count')
      .filter({ hasText: `${ROSTER} of ${ROSTER} marked` })
      .waitFor();
    if (button === 'mark-late') {
      const rows = page.locator('[data-testid=attendance-row]');
      for (let i = 0; i < ROSTER; i++) await rows.nth(i).getByTestId(button).click();
      await page
        .getByTestId('attendance-count')
        .filter({ hasText: `${ROSTER} late` })
        .waitFor();
    }
  }
  const begin = performance.now();
  await Promise.all([first.context.setOffline(false), second.context.setOffline(false)]);
  // The later marks (all late) decide on both devices.
  await Promise.all(
    [first.page, second.page].map((page) =>
      page
        .getByTestId('attendance-count')
        .filter({ hasText: `${ROSTER} late` })
        .waitFor({ timeout: 120_000 }),
    ),
  );
  const converge = performance.now() - begin;
  await first.context.close();
  await second.context.close();

  const now = new Date().toISOString();
  const marks = (author, status) =>
    Array.from({ length: ROSTER }, (_, i) => ({
      _id: `mark:base${author}${Date.now().toString(36)}${i}`,
      type: 'mark',
      author,
      cohortId,
      session: 2,
      owner: `owner${String(i).padStart(2, '0')}`,
      status,
      markedAt: now,
      seen: [],
      updatedAt: now,
    }));
  const coordinatorCookie = await sessionCookie(baseUrl, COORDINATOR);
  const plainBegin = performance.now();
  for (const [who, docs] of [
    [cookie, marks('piotr', 'present')],
    [coordinatorCookie, marks('eva', 'late')],
  ]) {
    const response = await fetch(`${baseUrl}/couch/workshops-pl/_bulk_docs`, {
      method: 'POST',
      headers: { cookie: who, 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    if (!response.ok) throw new Error(`marks refused: ${response.status}`);
  }
  for (const who of [cookie, coordinatorCookie])
    await (await fetch(`${baseUrl}/couch/workshops-pl/_all_docs?include_docs=true`, { headers: { cookie: who } })).json();
  return { converge, plain: performance.now() - plainBegin };
}

export async function attendance(env) {
  const result = await attendanceOffline(await env.browser(), (await env.server()).baseUrl);
  console.log(
    `Attendance offline, 30-person roster (open + 30 marks): ${(result.marking / result.baseline).toFixed(2)}x opening it and 30 taps that store nothing (${ms(result.marking)} vs ${ms(result.baseline)})`,
  );
}

export async function convergence(env) {
  const result = await attendanceConvergence(await env.browser(), (await env.server()).baseUrl);
  console.log(
    `Two devices' 30 marks each converging after reconnect: ${(result.converge / result.plain).toFixed(2)}x writing and reading the same 60 marks through the gateway (${ms(result.converge)} vs ${ms(result.plain)})`,
  );
}
