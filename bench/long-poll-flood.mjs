// A member's write while another member floods the server with long-polls (`longpolls`).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { median, ms, RUN_TAG, signedUpMember, sleep } from './harness.mjs';
import { discussion, idleWrites, post } from './polish-network.mjs';

const FLOOD_LONG_POLLS = 300;

/**
 * A member's write while another member holds (or tries to hold) 300 long-polls on the same database:
 * the median of 20 writes, with nobody listening and then under the flood (the server holds the
 * member's first MEMBER_LONG_POLLS and refuses the rest with 429; each refused loop re-opens at once).
 * The writes are a quarter of a second apart in both, so that each is measured on its own and not
 * with the previous one's aftermath (the 20 held long-polls it wakes, answered and re-opened): a
 * write straight after a write costs about twice an idle one with only 20 plain listeners.
 */
async function writeUnderLongPollFlood(baseUrl) {
  const writer = await signedUpMember(baseUrl, `b${RUN_TAG}writer`, 'pl');
  const attacker = await signedUpMember(baseUrl, `b${RUN_TAG}flood`, 'pl');
  const WRITES = 20;
  const PAUSE_MS = 250;
  const idle = await idleWrites(baseUrl, writer, WRITES, 'benchfloodidle', PAUSE_MS);
  // A thread of its own, so that the flood's loop does not hold up the writer's timing in this one
  // (it still shares the machine's two cores with the server).
  const worker = new Worker(new URL('./long-poll-flood-worker.mjs', import.meta.url), {
    workerData: { url: `${discussion(baseUrl)}/_changes?feed=longpoll&since=now`, cookie: attacker.cookie, loops: FLOOD_LONG_POLLS },
  });
  await once(worker, 'message');
  // Two seconds for the flood to open its 300 and settle into refusals and re-opens.
  await sleep(2000);
  const took = [];
  const floodStart = performance.now();
  for (let i = 0; i < WRITES; i++) {
    took.push((await post(baseUrl, writer, `post:benchflood${Date.now().toString(36)}${i}`, `Flood benchmark post ${i}`)).took);
    await sleep(PAUSE_MS);
  }
  const floodSeconds = (performance.now() - floodStart + 2000) / 1000;
  worker.postMessage('stop');
  const [stats] = await once(worker, 'message');
  await worker.terminate();
  return { idle, flooded: median(took), stats, floodSeconds };
}

export async function longpolls(env) {
  const flood = await writeUnderLongPollFlood((await env.server()).baseUrl);
  const { stats } = flood;
  console.log(
    `A member's write while another holds ${FLOOD_LONG_POLLS} long-polls (median of 20): ${(flood.flooded / flood.idle).toFixed(2)}x the same write with nobody listening ` +
      `(${ms(flood.flooded)} vs ${ms(flood.idle)}; goal: <= 2x)`,
  );
  console.log(
    `  of the ${FLOOD_LONG_POLLS} opened at once ${stats.firstHeld} were held and ${stats.firstRefused} refused (429)${stats.firstOther ? `, ${stats.firstOther} failed otherwise` : ''}; ` +
      `re-opening at once, the flood sent ${stats.requests} requests in ${flood.floodSeconds.toFixed(1)} s ` +
      `(${stats.cappedRefusals} refused for too many long-polls, ${stats.rateRefusals} for too many requests, ${stats.answered} held and answered, ${stats.other} other)`,
  );
}
