import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { accessible } from './accessible';
import { fillField, newOwner, readAsUser, signedInHeaders, signIn, waitForServiceWorker } from './journeys';
import { looked, phone } from './small-screen';

const COORDINATOR = { name: 'eva', password: 'coordinator-2026' };
const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };
const TUTOR = { name: 'mary', password: 'tutor-2026' };
const CPD_LESSON = 'lesson:working-with-micro-enterprises';
const SEED_LESSONS = path.resolve(__dirname, '../sync-server/seed-content/lessons');
/** The CPD programme's lessons as shipped (the English seed content), by id. */
const SEEDED_CPD_LESSONS = readdirSync(SEED_LESSONS)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(path.join(SEED_LESSONS, file), 'utf8')) as { id: string; programmeId: string })
  .filter((lesson) => lesson.programmeId === 'programme:cpd')
  .map((lesson) => lesson.id);

/** A new member of the Polish network whom the coordinator gives a second role, through the API the Me tab uses. */
async function memberWithRole(request: APIRequestContext, prefix: string, role: string): Promise<{ name: string; password: string }> {
  const member = await newOwner(request, prefix);
  const given = await request.post('/api/roles', {
    headers: await signedInHeaders(request, COORDINATOR),
    data: { name: member.name, role },
  });
  expect(given.status()).toBe(200);
  return member;
}

async function openWorkshops(page: Page): Promise<void> {
  await page.locator('ion-tab-button[tab="workshops"]').click();
  await expect(page).toHaveURL(/\/workshops$/);
}

test('a coordinator makes a forum member a reviewer, who reviews a CPD lesson that a tutor then sees in the editor', async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const forumMember = await newOwner(request, 'forum');
  const coordinator = await phone(browser, 1, false);
  await signIn(coordinator, COORDINATOR);
  await coordinator.locator('ion-tab-button[tab="me"]').click();
  await fillField(coordinator.locator('app-network-panel'), 'network-member', forumMember.name);
  await coordinator.getByTestId('network-role').click();
  await coordinator.locator('ion-popover ion-item', { hasText: 'Reviewer of the CPD curriculum' }).click();
  await coordinator.getByTestId('grant-role').click();
  await expect(coordinator.locator('app-network-panel [role="status"]')).toContainText(
    `${forumMember.name} is now also: Reviewer of the CPD curriculum`,
  );
  await coordinator.context().close();

  // The reviewer on a phone at 360 px with text at 200 %.
  const reviewer = await phone(browser, 2, false);
  await signIn(reviewer, forumMember);
  await reviewer.getByTestId('open-cpd-review').click();
  const form = reviewer.locator(`[data-testid="cpd-review"][data-lesson="${CPD_LESSON}"]`);
  await expect(form).toBeVisible();
  // Every CPD lesson as shipped is offered, and no owners' lesson (a tutor may have published more into
  // the CPD programme, so the count is not fixed).
  expect(SEEDED_CPD_LESSONS).toHaveLength(6);
  for (const id of SEEDED_CPD_LESSONS) await expect(reviewer.locator(`[data-testid="cpd-review"][data-lesson="${id}"]`)).toHaveCount(1);
  await expect(reviewer.locator('[data-testid="cpd-review"][data-lesson="lesson:cash-flow-basics"]')).toHaveCount(0);
  await looked(reviewer, testInfo, 'cpd review page at 200%');
  await accessible(reviewer, 'cpd review page');
  // Saving with no rating says what is missing, as text a screen reader announces.
  await form.getByTestId('cpd-review-save').click();
  await expect(form.locator('[role="status"]')).toContainText('Choose a rating and write a comment first.');
  await form.getByLabel('4 of 5').check();
  const comment = `Clear and close to what owners tell us; add an example from a bakery. ${Date.now()}`;
  await fillField(form, 'cpd-review-comment', comment);
  await form.getByTestId('cpd-review-save').click();
  await expect(form.locator('[role="status"]')).toContainText('Your review has reached the tutors.');
  await form.scrollIntoViewIfNeeded();
  await looked(reviewer, testInfo, 'cpd review saved at 200%');
  const stored = await readAsUser(request, TUTOR, 'cpd-reviews', `review:working-with-micro-enterprises:${forumMember.name}`);
  expect(stored).toEqual(expect.objectContaining({ rating: 4, comment, author: forumMember.name, country: 'pl' }));
  // A reviewer reads no drafts: the studio is not theirs, and the server says so too.
  await expect(reviewer.getByTestId('open-studio')).toHaveCount(0);
  const drafts = await request.get('/couch/authoring/_all_docs', { headers: await signedInHeaders(request, forumMember) });
  expect(drafts.status()).toBe(403);
  await reviewer.context().close();

  const tutor = await phone(browser, 2, false);
  await signIn(tutor, TUTOR);
  await tutor.goto(`/learn/lesson/${CPD_LESSON}`);
  await tutor.getByTestId('edit-lesson').click();
  await expect(tutor).toHaveURL(/\/learn\/studio\//);
  const reviews = tutor.getByTestId('lesson-reviews');
  await expect(reviews.getByTestId('lesson-review').filter({ hasText: comment })).toContainText(
    `4 of 5 · ${forumMember.name}, Poland network`,
  );
  await reviews.scrollIntoViewIfNeeded();
  await looked(tutor, testInfo, 'lesson editor with reviews at 200%');
  await accessible(tutor, 'lesson editor with reviews');
  await expect(reviews.getByTestId('lesson-reviews-checked')).toContainText('Last checked');

  // At a training day with no network, the app started again: the reviews as last read, and when.
  await waitForServiceWorker(tutor);
  await tutor.context().setOffline(true);
  await tutor.reload();
  await expect(reviews.getByTestId('lesson-review').filter({ hasText: comment })).toBeVisible();
  await expect(reviews.getByTestId('lesson-reviews-checked')).toContainText('Last checked');
  await tutor.context().close();
});

test('a facilitator runs a CPD course for a tutor, who gets its own certificate and no new role', async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const learner = await memberWithRole(request, 'cpdtutor', 'tutor');
  const facilitator = await phone(browser, 2, false);
  await signIn(facilitator, FACILITATOR);
  await openWorkshops(facilitator);
  await facilitator.getByTestId('cohort-kind-select').click();
  await facilitator.locator('ion-popover ion-item', { hasText: 'CPD course for tutors and facilitators (3 sessions)' }).click();
  await fillField(facilitator, 'cohort-title', `CPD for tutors ${Date.now()}`);
  await expect(facilitator.locator('app-workshops-page fieldset.session')).toHaveCount(3);
  await facilitator.locator('app-workshops-page fieldset.session').first().scrollIntoViewIfNeeded();
  await looked(facilitator, testInfo, 'new CPD cohort form at 200%');
  await accessible(facilitator, 'new CPD cohort form');
  await facilitator.getByTestId('create-cohort').click();
  await expect(facilitator).toHaveURL(/\/workshops\/cohort\/cohort:/);
  await expect(facilitator.getByTestId('cohort-kind')).toHaveText('CPD course for tutors and facilitators');
  await expect(facilitator.getByTestId('session-4')).toHaveCount(0);

  // An owner is refused by the server and the sheet says why; the tutor is enrolled.
  await fillField(facilitator, 'enrol-name', 'ania');
  await facilitator.getByTestId('enrol').click();
  const ownerRow = facilitator.locator('[data-testid="attendance-row"][data-owner="ania"]');
  await expect(ownerRow.getByTestId('enrolment-refused')).toContainText('ania is not a tutor or facilitator in this country network.', {
    timeout: 30_000,
  });
  await ownerRow.getByTestId('withdraw-ania').click();
  await fillField(facilitator, 'enrol-name', learner.name);
  await facilitator.getByTestId('enrol').click();
  const learnerRow = facilitator.locator(`[data-testid="attendance-row"][data-owner="${learner.name}"]`);
  for (const session of [1, 2, 3]) {
    await facilitator.getByTestId(`session-${session}`).click();
    await learnerRow.getByTestId('mark-present').click();
    await expect(facilitator.getByTestId('attendance-count')).toContainText('1 of 1 marked');
  }
  await looked(facilitator, testInfo, 'CPD cohort sheet at 200%');
  // The three marks have reached the server before the facilitator's phone is put away.
  const facilitatorHeaders = await signedInHeaders(request, FACILITATOR);
  await expect
    .poll(async () => {
      const all = await (await request.get('/couch/workshops-pl/_all_docs?include_docs=true', { headers: facilitatorHeaders })).json();
      return (all.rows as { doc?: { type?: string; owner?: string } }[]).filter(
        (row) => row.doc?.type === 'mark' && row.doc.owner === learner.name,
      ).length;
    })
    .toBe(3);
  await facilitator.context().close();

  const tutor = await phone(browser, 2, false);
  await signIn(tutor, learner);
  await openWorkshops(tutor);
  await expect(tutor.getByTestId('my-cohort')).toContainText('CPD course for tutors and facilitators');
  await expect(tutor.getByTestId('cpd-complete')).toBeVisible({ timeout: 60_000 });
  await expect(tutor.getByTestId('induction-complete')).toHaveCount(0);
  await tutor.getByTestId('open-cpd-certificate').click();
  const certificate = tutor.getByTestId('certificate');
  await expect(certificate).toContainText('ME2ME · CPD for VET tutors');
  await expect(certificate).toContainText('attended all three sessions of the CPD course');
  await expect(certificate).not.toContainText('Peer mentor');
  const code = (await tutor.getByTestId('certificate-code').locator('.code').textContent())!.trim();
  await looked(tutor, testInfo, 'CPD certificate at 200%');
  await accessible(tutor, 'CPD certificate');
  await tutor.goto(`/verify/${code}`);
  await expect(tutor.locator('body')).toContainText('This certificate is genuine.');
  await expect(tutor.locator('body')).toContainText('Completed the CPD course for VET tutors and facilitators');
  await tutor.context().close();

  const account = await request.get('/couch/_session', { headers: await signedInHeaders(request, learner) });
  expect((await account.json()).userCtx.roles).not.toContain('peer-mentor');
});
