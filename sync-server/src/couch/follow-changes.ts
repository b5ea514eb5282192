import { setTimeout as wait } from 'node:timers/promises';
import type { Couch } from './client';

export interface Change<T> {
  readonly id: string;
  readonly doc?: T;
}

export interface FollowOptions {
  /** How long the store may hold a long-poll open (`timeout=`), in milliseconds. */
  readonly timeoutMs?: number;
  /** How long to wait after a failure before catching up again, in milliseconds. */
  readonly retryMs?: number;
}

interface ChangesAnswer<T> {
  last_seq: string;
  results: Change<T>[];
}

/**
 * Follows a database's changes for background work that keeps no state: it starts from "now" after
 * calling `catchUp` (which looks at everything, so nothing missed while no instance ran is lost), and
 * after any failure (the store restarting) it waits, catches up again and goes on. Ends with `signal`.
 *
 * Two things the store does that a long-poll must survive:
 * - the embedded store ignores `timeout=` and holds a quiet database's long-poll until something
 *   changes, so each one here has a deadline of its own (a little after `timeout=`; Apache CouchDB
 *   answers before it), after which it simply asks again from the same sequence. Without it, Node's
 *   fetch gave up on the body after 5 minutes;
 * - the store sends the headers of a long-poll at once, so when the body never comes (the deadline
 *   above, Node's own 5 minutes, the store restarting) nano does not fail but answers an empty string.
 *   That used to end in "Cannot read properties of undefined (reading 'length')" every 5 minutes per
 *   quiet database; an answer that is not a list of changes is now told apart and dealt with.
 */
export async function followChanges<T>(
  couch: Couch,
  db: string,
  handlers: { catchUp: () => Promise<void>; changed: (changes: Change<T>[]) => Promise<void> },
  signal: AbortSignal,
  { timeoutMs = 25000, retryMs = 2000 }: FollowOptions = {},
): Promise<void> {
  let since: string | null = null;
  while (!signal.aborted) {
    try {
      if (since === null) {
        since = String((await couch.db.get(db)).update_seq);
        await handlers.catchUp();
      }
      const answer: ChangesAnswer<T> | 'deadline' = await longPoll<T>(couch, db, since, timeoutMs, signal);
      if (answer === 'deadline') continue; // ask again from the same place
      since = answer.last_seq;
      if (answer.results.length > 0) await handlers.changed(answer.results);
    } catch (error) {
      if (signal.aborted) return;
      console.warn(`Following ${db}:`, (error as Error).message);
      since = null;
      await wait(retryMs);
    }
  }
}

/** One long-poll: the changes, or 'deadline' when its own deadline (or `signal`) ended it first. */
async function longPoll<T>(
  couch: Couch,
  db: string,
  since: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ChangesAnswer<T> | 'deadline'> {
  const deadline = new AbortController();
  const stop = () => deadline.abort();
  signal.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(stop, timeoutMs + Math.min(5000, timeoutMs));
  // Node's fetch does not always end a request whose signal aborts once its headers have come: about
  // one long-poll in 300 went on to undici's own 5 minutes. So the deadline ends the wait itself.
  const ended = new Promise<'deadline'>((resolve) => deadline.signal.addEventListener('abort', () => resolve('deadline'), { once: true }));
  const request = couch.request({
    db,
    path: '_changes',
    qs: { feed: 'longpoll', since, include_docs: true, timeout: timeoutMs },
    signal: deadline.signal,
  } as Parameters<Couch['request']>[0]) as Promise<unknown>;
  request.catch(() => undefined); // settled after the deadline: nobody is waiting for it any more
  try {
    const answer = await Promise.race([request, ended]);
    if (deadline.signal.aborted) return 'deadline';
    if (!isChangesAnswer<T>(answer)) throw new Error('the store ended the long-poll without a list of changes (did it restart?)');
    return answer;
  } catch (error) {
    if (deadline.signal.aborted) return 'deadline';
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}

function isChangesAnswer<T>(answer: unknown): answer is ChangesAnswer<T> {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    Array.isArray((answer as ChangesAnswer<T>).results) &&
    ['string', 'number'].includes(typeof (answer as ChangesAnswer<T>).last_seq)
  );
}
