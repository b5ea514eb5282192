import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Locator, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { checkInCode, checkInPayload } from '../sync-server/couchdb/workshops/attendance-rule';
import { pressedStatus } from './faults/member-work';
import { fillField, signIn, waitForServiceWorker } from './journeys';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };
const COORDINATOR = { name: 'eva', password: 'coordinator-2026' };

function row(page: Page, owner: string): Locator {
  return page.locator('app-cohort-page').locator(`[data-testid="attendance-row"][data-owner="${owner}"]`);
}

/**
 * Two seconds of a QR code on white, 640x480 at 10 frames a second, as a Y4M file (the format
 * Chromium's fake camera plays): black and white need only the brightness plane; colour is neutral.
 */
function qrVideo(text: string): Buffer {
  const width = 640;
  const height = 480;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const scale = Math.floor(400 / (modules.size + 8));
  const left = Math.floor((width - modules.size * scale) / 2);
  const top = Math.floor((height - modules.size * scale) / 2);
  const luma = Buffer.alloc(width * height, 255);
  for (let y = 0; y < modules.size * scale; y++) {
    for (let x = 0; x < modules.size * scale; x++) {
      if (modules.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * width + left + x] = 0;
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, Buffer.alloc((width / 2) * (height / 2) * 2, 128)]);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`),
    ...Array.from({ length: 20 }, () => frame),
  ]);
}

async function statusOf(page: Page, owner: string): Promise<string | null> {
  // Ionic moves aria-pressed onto the inner native button (the one screen readers read).
  return pressedStatus(row(page, owner));
}

test('two facilitators mark offline, disagree about one owner, converge on one sheet and settle it', async ({ page, browser }) => {
  await signIn(page, FACILITATOR);
  await page.locator('ion-tab-button[tab="workshops"]').click();
  const title = `Spring cohort ${Date.now()}`;
  await fillField(page, 'cohort-title', title);
  await page.getByTestId('create-cohort').click();
  await expect(page).toHaveURL(/\/workshops\/cohort\/cohort:/);
  for (const owner of ['ania', 'sofia']) {
    await fillField(page, 'enrol-name', owner);
    await page.getByTestId('enrol').click();
    await expect(row(page, owner)).toBeVisible();
  }
  // A Lithuanian owner and a name nobody has: the server refuses both, the sheet says so, leaves them
  // out of the count and of "mark everyone", and taking them off the roster leaves nothing behind.
  for (const owner of ['jonas', 'nobody-here']) {
    await fillField(page, 'enrol-name', owner);
    await page.getByTestId('enrol').click();
    await expect(row(page, owner).getByTestId('enrolment-refused')).toContainText(`${owner} is not enrolled`, { timeout: 30_000 });
  }
  await expect(page.getByTestId('attendance-count')).toContainText('0 of 2 marked');
  await page.getByTestId('mark-all').click();
  await expect(page.locator('ion-alert')).toContainText('Mark 2 people present in session 1?');
  await expect(page.locator('ion-alert')).toContainText('ania, sofia');
  await page.locator('.mark-all-confirm').click();
  await expect(page.getByTestId('attendance-count')).toContainText('2 of 2 marked');
  // Undone at once: nobody is marked again, here and on the server.
  await page.getByTestId('undo-mark-all').click();
  await expect(page.getByTestId('attendance-count')).toContainText('0 of 2 marked');
  for (const owner of ['jonas', 'nobody-here']) {
    await row(page, owner).getByTestId(`withdraw-${owner}`).click();
    await expect(row(page, owner)).toHaveCount(0);
  }
  const cohortPath = new URL(page.url()).pathname;

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, COORDINATOR);
  await other.goto(cohortPath);
  await expect(row(other, 'sofia')).toBeVisible({ timeout: 30_000 });

  // No network in the venue: each marks on their own device, and they disagree about ania.
  await page.context().setOffline(true);
  await otherContext.setOffline(true);
  await row(page, 'ania').getByTestId('mark-present').click();
  await row(page, 'sofia').getByTestId('mark-late').click();
  await expect(page.getByTestId('attendance-count')).toContainText('2 of 2 marked');
  await row(other, 'ania').getByTestId('mark-absent').click();
  await other.getByTestId('mark-all').click();
  await other.locator('.mark-all-confirm').click();
  await expect(other.getByTestId('attendance-count')).toContainText('1 present');

  await page.context().setOffline(false);
  await otherContext.setOffline(false);
  // One rule decides each person on both devices: the latest mark (eva's, made after piotr's).
  for (const device of [page, other]) {
    await expect.poll(() => statusOf(device, 'ania'), { timeout: 30_000 }).toBe('mark-absent');
    await expect.poll(() => statusOf(device, 'sofia'), { timeout: 30_000 }).toBe('mark-present');
    await expect(row(device, 'ania').getByTestId('disagreement')).toContainText('piotr marked Present on another device');
    await expect(row(device, 'sofia').getByTestId('disagreement')).toContainText('piotr marked Late');
  }

  // piotr settles ania: she was there. Both sheets agree and the question is gone.
  await row(page, 'ania').getByRole('button', { name: 'It was Present' }).click();
  for (const device of [page, other]) {
    await expect.poll(() => statusOf(device, 'ania'), { timeout: 30_000 }).toBe('mark-present');
    await expect(row(device, 'ania').getByTestId('disagreement')).toHaveCount(0);
  }
  await otherContext.close();

  // Taken off the roster, sofia's check-in code is refused here.
  await row(page, 'sofia').locator('summary').click();
  await row(page, 'sofia').getByTestId('withdraw-sofia').click();
  await expect(row(page, 'sofia')).toHaveCount(0);
  const cohortId = decodeURIComponent(cohortPath.split('/').pop()!);
  await fillField(page, 'check-in-input', await checkInCode(cohortId, 'sofia'));
  await page.getByTestId('check-in').click();
  await expect(page.getByTestId('check-in-result')).toContainText('not for anyone on this cohort');
});

test('an owner joins with a code, shows their check-in code offline, is checked in with it, and sees the certificate after four sessions', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const OWNER = { name: 'jonas-' + Date.now().toString(36), password: 'plumbing-pipes-2026' };
  // A new owner in Poland, so that completing the induction here changes nobody else's account.
  const signUp = await page.request.post('/api/accounts', { data: { name: OWNER.name, password: OWNER.password, country: 'pl' } });
  expect(signUp.status()).toBe(201);

  await signIn(page, FACILITATOR);
  await page.locator('ion-tab-button[tab="workshops"]').click();
  await fillField(page, 'cohort-title', `Evening cohort ${Date.now()}`);
  await page.getByTestId('create-cohort').click();
  const joinCode = /code ([A-Z2-9]{8})/.exec((await page.getByTestId('join-code').textContent())!)![1]!;

  // The owner accepts the facilitator's code and is on the roster.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signIn(owner, OWNER);
  await owner.locator('ion-tab-button[tab="workshops"]').click();
  await fillField(owner, 'join-input', joinCode);
  await owner.getByTestId('join').click();
  await expect(owner.getByTestId('join-result')).toContainText('You are on the roster');
  await expect(row(page, OWNER.name)).toBeVisible({ timeout: 30_000 });
  const code = owner.getByTestId('check-in-code').locator('.big');
  await expect(code).toHaveText(/^[A-Z2-9]{8}$/, { timeout: 30_000 });
  // In the venue with no network, the code is still on the owner's phone, even after reopening the app.
  await waitForServiceWorker(owner);
  await ownerContext.setOffline(true);
  await owner.reload({ waitUntil: 'load' });
  await expect(code).toHaveText(/^[A-Z2-9]{8}$/);
  await expect(owner.getByTestId('check-in-qr')).toHaveJSProperty('complete', true);
  expect(await owner.getByTestId('check-in-qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const shown = (await code.textContent())!;

  await fillField(page, 'check-in-input', 'WRONG123');
  await page.getByTestId('check-in').click();
  await expect(page.getByTestId('check-in-result')).toContainText('not for anyone on this cohort');
  await fillField(page, 'check-in-input', shown.toLowerCase());
  await page.getByTestId('check-in').click();
  await expect(page.getByTestId('check-in-result')).toContainText(`${OWNER.name} is present in session 1`);
  await expect.poll(() => statusOf(page, OWNER.name)).toBe('mark-present');

  for (const session of [2, 3, 4]) {
    await page.getByTestId(`session-${session}`).click();
    await row(page, OWNER.name)
      .getByTestId(session === 3 ? 'mark-late' : 'mark-present')
      .click();
  }

  await page.locator('app-cohort-page').getByTestId('print-sheet').click();
  await expect(page.getByTestId('sign-in-sheet')).toContainText(OWNER.name);

  await ownerContext.setOffline(false);
  await expect(owner.getByTestId('induction-complete')).toBeVisible({ timeout: 60_000 });
  await expect(owner.getByTestId('my-session')).toHaveText([/Present/, /Present/, /Late/, /Present/]);
  await owner.getByTestId('open-certificate').click();
  await expect(owner.getByTestId('certificate')).toContainText(OWNER.name);
  await expect(owner.getByTestId('certificate')).toContainText('Peer mentor');
  // With no full name given, the certificate shows the user name and offers to add the name in Me.
  await owner.getByTestId('add-full-name').click();
  await fillField(owner, 'full-name', 'Anna Kowalska');
  await owner.getByTestId('save-full-name').click();
  await expect(owner.getByTestId('full-name-form')).toContainText('Your certificate shows this name');
  await owner.goto('/workshops/certificate');
  await expect(owner.getByTestId('certificate')).toContainText('Anna Kowalska');
  await expect(owner.getByTestId('add-full-name')).toHaveCount(0);
  const verification = owner.getByTestId('certificate-code');
  await expect(verification).toContainText(/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/);
  const certificateCode = (await verification.locator('.code').textContent())!.trim();
  // Anyone (an employer, with no account) checks it on the server's public page, once the name has arrived there.
  const employer = await browser.newPage();
  await expect(async () => {
    await employer.goto(`/verify/${certificateCode}`);
    await expect(employer.locator('body')).toContainText('Anna Kowalska', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(employer.locator('body')).toContainText('This certificate is genuine.');
  await employer.close();
  await ownerContext.close();
});

test("a facilitator's camera reads an owner's check-in QR code and marks them present", async ({ page }) => {
  await signIn(page, FACILITATOR);
  await page.locator('ion-tab-button[tab="workshops"]').click();
  await fillField(page, 'cohort-title', `Scanned cohort ${Date.now()}`);
  await page.getByTestId('create-cohort').click();
  await fillField(page, 'enrol-name', 'sofia');
  await page.getByTestId('enrol').click();
  await expect(row(page, 'sofia')).toBeVisible();
  const cohortId = decodeURIComponent(page.url().split('/').pop()!);

  // The QR code sofia's phone shows, filmed by the facilitator's (fake) camera.
  const dir = await mkdtemp(path.join(tmpdir(), 'me2me-qr-'));
  const video = path.join(dir, 'qr.y4m');
  await writeFile(video, qrVideo(checkInPayload(cohortId, await checkInCode(cohortId, 'sofia'))));
  const camera = await chromium.launch({
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const context = await camera.newContext({ baseURL: process.env['E2E_BASE_URL'], permissions: ['camera'] });
    const scanner = await context.newPage();
    await signIn(scanner, COORDINATOR);
    await scanner.goto(`/workshops/cohort/${encodeURIComponent(cohortId)}`);
    await expect(row(scanner, 'sofia')).toBeVisible({ timeout: 30_000 });
    await scanner.getByTestId('scan-qr').click();
    await expect(scanner.getByTestId('check-in-result')).toContainText('sofia is present in session 1', { timeout: 30_000 });
    await expect.poll(() => statusOf(page, 'sofia'), { timeout: 30_000 }).toBe('mark-present');
  } finally {
    await camera.close();
    await rm(dir, { recursive: true, force: true });
  }
});
