import type { Couch } from './client';

export interface Change<T> {
  readonly id: string;
  readonly doc?: T;
}

/**
 * Follows a database's changes for background work that keeps no state: it starts from "now" after
 * calling `catchUp` (which looks at everything, so nothing missed while no instance ran is lost), and
 * after any failure (the store restarting) it waits, catches up again and goes on. Ends with `signal`.
 */
export async function followChanges<T>(
  couch: Couch,
  db: string,
  handlers: { catchUp: () => Promise<void>; changed: (changes: Change<T>[]) => Promise<void> },
  signal: AbortSignal,
): Promise<void> {
  let since: string | null = null;
  while (!signal.aborted) {
    try {
      if (since === null) {
        since = String((await couch.db.get(db)).update_seq);
        await handlers.catchUp();
      }
      const answer = (await couch.request({
        db,
        path: '_changes',
        qs: { feed: 'longpoll', since, include_docs: true, timeout: 25000 },
        signal,
      } as Parameters<Couch['request']>[0])) as { last_seq: string; results: Change<T>[] };
      since = answer.last_seq;
      if (answer.results.length > 0) await handlers.changed(answer.results);
    } catch (error) {
      if (signal.aborted) return;
      console.warn(`Following ${db}:`, (error as Error).message);
      since = null;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
