// One member's flood of long-polls, in a thread of its own (see long-poll-flood.mjs). Each of `loops`
// re-opens its long-poll the moment it is answered or refused, as an attacker would.
import { setMaxListeners } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';

const { url, cookie, loops } = workerData;
const stop = new AbortController();
// Every request of the flood listens on this one signal.
setMaxListeners(0, stop.signal);
const stats = { firstHeld: 0, firstRefused: 0, firstOther: 0, answered: 0, cappedRefusals: 0, rateRefusals: 0, other: 0, requests: 0 };
const first = new Array(loops).fill('open');
const loop = async (index) => {
  for (let round = 0; !stop.signal.aborted; round++) {
    let status = 0;
    let text = '';
    try {
      const response = await fetch(url, { headers: { cookie, accept: 'application/json' }, signal: stop.signal });
      status = response.status;
      text = await response.text();
    } catch {
      if (stop.signal.aborted) return;
    }
    stats.requests += 1;
    const capped = status === 429 && text.includes('live connections');
    if (status === 200) stats.answered += 1;
    else if (capped) stats.cappedRefusals += 1;
    else if (status === 429) stats.rateRefusals += 1;
    else stats.other += 1;
    if (round === 0) first[index] = status === 200 ? 'held' : status === 429 ? 'refused' : 'other';
  }
};
const loopsDone = Array.from({ length: loops }, (_, index) => loop(index));
parentPort.on('message', async () => {
  stop.abort();
  await Promise.allSettled(loopsDone);
  // A first long-poll still open when the flood stopped was held all along.
  for (const outcome of first) {
    if (outcome === 'held' || outcome === 'open') stats.firstHeld += 1;
    else if (outcome === 'refused') stats.firstRefused += 1;
    else stats.firstOther += 1;
  }
  parentPort.postMessage(stats);
});
parentPort.postMessage('started');
