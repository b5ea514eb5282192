import { test } from '@playwright/test';
import { expectNothingLost, formatReport, runHarness } from './harness';

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

  expectNothingLost(report, ['offline', 'app-restart', 'session-expired', 'server-killed']);
});
