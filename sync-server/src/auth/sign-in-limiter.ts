import { setTimeout as wait } from 'node:timers/promises';
import { isStatus, type Couch } from '../couch/client';

/** Admin-only database of recent failed sign-ins, shared by every sync-server instance. */
export const AUTH_ATTEMPTS_DB = 'me2me-auth-attempts';

export const WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords for one account from one address: past this, that address waits (the owner elsewhere does not). */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
/** Wrong passwords for one account from everywhere: a ceiling for guessing spread over many addresses. */
export const MAX_FAILURES_PER_ACCOUNT_EVERYWHERE = 100;
/** Attempts for one account from one address waiting their turn on one instance; more are refused at once. */
const MAX_WAITING_SIGN_INS = 5;

interface AttemptsDoc {
  _id: string;
  _rev?: string;
  failures: string[];
}

/**
 * Limits failed sign-ins per account and address, per address, and per account from everywhere, within
 * a sliding window. Someone who types wrong passwords for another member's name locks out only their
 * own address: the member signing in from their phone is not locked out by a stranger. The counts live in
 * CouchDB, not in this process, so every instance behind a load balancer sees the same numbers.
 */
export class SignInLimiter {
  /** Sign-ins being checked on this instance, by account and address: each waits for the one before it. */
  private readonly inFlight = new Map<string, { last: Promise<unknown>; waiting: number }>();

  constructor(
    private readonly couch: Couch,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs one sign-in attempt (limit check, password check, record) after the ones before it for the
   * same account from the same address, so a burst sent at once is counted as it would be one by one;
   * null when too many already wait. Across instances the counts in CouchDB still hold, at worst one
   * attempt per instance ahead of them.
   */
  async oneAtATime<T>(name: string, address: string, attempt: () => Promise<T>): Promise<T | null> {
    const key = pairId(name, address);
    const queue = this.inFlight.get(key) ?? { last: Promise.resolve(), waiting: 0 };
    if (queue.waiting >= MAX_WAITING_SIGN_INS) return null;
    queue.waiting += 1;
    this.inFlight.set(key, queue);
    const run = queue.last.catch(() => undefined).then(attempt);
    queue.last = run;
    try {
      return await run;
    } finally {
      queue.waiting -= 1;
      if (queue.waiting === 0 && this.inFlight.get(key) === queue) this.inFlight.delete(key);
    }
  }

  /**
   * One guess at a secret of `name`'s (a password, a reset code) from `address`: in turn with the
   * others (oneAtATime), refused while the limits say wait, and counted when `failed` says it failed.
   * Every route that takes a secret goes through here, so they share one count.
   */
  async guarded<T>(
    name: string,
    address: string,
    attempt: () => Promise<T>,
    failed: (outcome: T) => boolean,
  ): Promise<{ wait: number } | { outcome: T }> {
    const result = await this.oneAtATime(name, address, async (): Promise<{ wait: number } | { outcome: T }> => {
      const wait = await this.waitBeforeAttempt(name, address);
      if (wait > 0) return { wait };
      const outcome = await attempt();
      if (failed(outcome)) await this.recordFailure(name, address);
      return { outcome };
    });
    // Too many already waiting for this name and address: come back in a few seconds.
    return result ?? { wait: 5000 };
  }

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  async waitBeforeAttempt(name: string, address: string): Promise<number> {
    const [pair, origin, account] = await Promise.all([
      this.read(pairId(name, address)),
      this.read(`address:${address}`),
      this.read(`account:${name}`),
    ]);
    return Math.max(
      this.wait(pair, MAX_FAILURES_PER_ACCOUNT),
      this.wait(origin, MAX_FAILURES_PER_ADDRESS),
      this.wait(account, MAX_FAILURES_PER_ACCOUNT_EVERYWHERE),
    );
  }

  async recordFailure(name: string, address: string): Promise<void> {
    await Promise.all([this.append(pairId(name, address)), this.append(`address:${address}`), this.append(`account:${name}`)]);
  }

  /** A successful sign-in forgives the failures of that account from that address (not the address's own). */
  async recordSuccess(name: string, address: string): Promise<void> {
    const doc = await this.read(pairId(name, address));
    if (doc?._rev)
      await this.couch
        .use(AUTH_ATTEMPTS_DB)
        .destroy(doc._id, doc._rev)
        .catch(() => undefined);
  }

  private wait(doc: AttemptsDoc | null, max: number): number {
    const recent = this.recent(doc);
    if (recent.length < max) return 0;
    const oldest = Date.parse(recent[recent.length - max]!);
    return Math.max(0, oldest + WINDOW_MS - this.now());
  }

  private recent(doc: AttemptsDoc | null): string[] {
    const since = this.now() - WINDOW_MS;
    return (doc?.failures ?? []).filter((time) => Date.parse(time) > since).sort();
  }

  private async read(id: string): Promise<AttemptsDoc | null> {
    try {
      return await this.couch.use<AttemptsDoc>(AUTH_ATTEMPTS_DB).get(id);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** Appends a failure; a concurrent append (another account's, another instance's) is retried, never dropped. */
  private async append(id: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const doc = (await this.read(id)) ?? { _id: id, failures: [] };
      const failures = [...this.recent(doc), new Date(this.now()).toISOString()].slice(-100);
      try {
        await this.couch.use<AttemptsDoc>(AUTH_ATTEMPTS_DB).insert({ ...doc, failures });
        return;
      } catch (error) {
        if (!isStatus(error, 409) || attempt >= 50) throw error;
        await wait(Math.random() * 20 * Math.min(attempt + 1, 10));
      }
    }
  }
}

function pairId(name: string, address: string): string {
  return `account:${name}:from:${address}`;
}
