import { setTimeout as wait } from 'node:timers/promises';
import type { StoreClient } from './store-client';

interface Listener {
  generation: number;
  /** The sequence the listener has seen every change up to, as the store wrote it; null when unknown. */
  seq: unknown;
  holders: number;
  waiters: Set<() => void>;
  armed: Promise<void>;
  abort: AbortController;
}

/** A member's hold on a database's listener: wait for a change after the moment it was taken. */
export interface ChangeWatch {
  /** True when the database changed since the watch was taken (or the last wait), false at the deadline or on abort. */
  changed(deadlineMs: number, signal: AbortSignal): Promise<boolean>;
  /**
   * The store's own value of `since` when nothing has changed after it (the listener stands there and
   * has not moved since the watch was taken or last waited), else undefined: the caller must read.
   */
  upToDate(since: string): unknown;
  /** Where the listener stands (every change up to it seen), or null while that is not known. */
  position(): unknown;
  release(): void;
}

/**
 * One long-poll on the store per database, however many members wait on it. A member's long-poll
 * reads the store only when this says the database changed, so 1,000 waiting phones cost the store
 * one open request, not 1,000. A listener ends when nobody holds it.
 */
export class ChangeHub {
  private readonly listeners = new Map<string, Listener>();

  constructor(private readonly store: StoreClient) {}

  /** Takes a watch once the listener knows where the database stands, so no later change is missed. */
  async watch(db: string): Promise<ChangeWatch> {
    let listener = this.listeners.get(db);
    if (!listener) {
      const abort = new AbortController();
      let armed!: () => void;
      let failed!: (error: unknown) => void;
      const ready = new Promise<void>((resolve, reject) => ((armed = resolve), (failed = reject)));
      listener = { generation: 0, seq: null, holders: 0, waiters: new Set(), armed: ready, abort };
      this.listeners.set(db, listener);
      void this.listen(db, listener, armed, failed);
    }
    const held = listener;
    held.holders += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      held.holders -= 1;
      if (held.holders === 0) {
        if (this.listeners.get(db) === held) this.listeners.delete(db);
        held.abort.abort();
      }
    };
    try {
      await held.armed;
    } catch (error) {
      release();
      throw error;
    }
    let seen = held.generation;
    return {
      release,
      upToDate: (since) => (held.generation === seen && held.seq !== null && String(held.seq) === since ? held.seq : undefined),
      position: () => held.seq,
      changed: (deadlineMs, signal) => {
        if (held.generation !== seen) {
          seen = held.generation;
          return Promise.resolve(true);
        }
        // A client gone before the wait began: an abort listener added now would never fire.
        if (signal.aborted) return Promise.resolve(false);
        return new Promise((resolve) => {
          const done = (changed: boolean) => {
            clearTimeout(timer);
            signal.removeEventListener('abort', aborted);
            held.waiters.delete(wake);
            seen = held.generation;
            resolve(changed);
          };
          const wake = () => done(true);
          const aborted = () => done(false);
          const timer = setTimeout(() => done(false), deadlineMs);
          signal.addEventListener('abort', aborted);
          held.waiters.add(wake);
        });
      },
    };
  }

  /** Databases listened to now (tests check that listeners end). */
  get size(): number {
    return this.listeners.size;
  }

  private async listen(db: string, listener: Listener, armed: () => void, failed: (error: unknown) => void): Promise<void> {
    let since: string;
    try {
      listener.seq = (await this.store.json<{ update_seq: unknown }>('GET', [db], { signal: listener.abort.signal })).body.update_seq;
      since = String(listener.seq);
      armed();
    } catch (error) {
      failed(error);
      return;
    }
    const wakeAll = () => {
      listener.generation += 1;
      for (const wake of [...listener.waiters]) wake();
    };
    while (!listener.abort.signal.aborted) {
      try {
        const { body } = await this.store.json<{ last_seq: unknown; results: unknown[] }>('GET', [db, '_changes'], {
          query: { feed: 'longpoll', since, timeout: '30000', limit: '1' },
          signal: listener.abort.signal,
        });
        // The position and the generation move together, so a watch that saw neither move missed nothing.
        listener.seq = body.last_seq;
        since = String(body.last_seq);
        if (Array.isArray(body.results) && body.results.length > 0) wakeAll();
      } catch {
        if (listener.abort.signal.aborted) return;
        // The store is restarting: everyone reads again (getting its answer or an error), then this retries.
        listener.seq = null;
        wakeAll();
        await wait(500);
      }
    }
  }
}
