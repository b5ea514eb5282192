import { expect, test } from '@playwright/test';
import { formatReport, runHarness } from './harness';

/**
 * `npm test` runs the short form (75 seconds of work and faults); `npm run soak` sets
 * SOAK_MINUTES (30 by default) for the long one. SOAK_SEED repeats a run's random choices.
 */
const minutes = Number(process.env['SOAK_MINUTES'] ?? 0);
const duration = minutes > 0 ? minutes * 60_000 : 75_000;
const seed = Number(process.env['SOAK_SEED'] ?? Date.now() % 75_000);

test(`members keep working through faults and nothing is lost or duplicated (${minutes > 0 ? `${minutes} min soak` : 'short form'})`, async ({}, testInfo) => {
  test.setTimeout(duration + 15 * 60_000);
  const report = await runHarness({ duration, seed, log: (line) => console.log(`  [${new Date().toISOString().slice(11, 19)}] ${line}`) });
  const text = formatReport(report);
  console.log(text);
  await testInfo.attach('fault-injection-report.txt', { body: text, contentType: 'text/plain' });

  expect(report.lost).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.refused.onServer).toBe(0);
  expect(report.refused.shownAsRefused).toBe(report.refused.made);
  expect(report.missedTaps, 'taps that landed nowhere: the screen moved under them').toBe(0);
  for (const kind of ['offline', 'app-restart', 'session-expired', 'server-killed'] as const) expect(report.faults[kind]).toBeGreaterThan(0);
  expect(report.divergence).toEqual(Object.fromEntries(Object.keys(report.divergence).map((member) => [member, []])));
});
