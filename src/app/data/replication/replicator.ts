import { BehaviorSubject, combineLatest, filter, firstValueFrom, map, type Observable, type Subject, type Subscription } from 'rxjs';
import type { RxCollection } from 'rxdb';
import type { PullCheckpoint } from '../database';
import { Interrupted } from './couch-client';
import { applyChanges } from './couch-documents';
import { pushBatch, type PushTarget } from './push';
import { isWaiting, markedDocuments } from '../sync-marker';

/** A first page small enough to show something soon; pages double while full, up to the largest. */
const FIRST_PAGE = 100;
const LARGEST_PAGE = 1000;
/** How often a polled feature's database is asked for changes once caught up. */
const POLL_MS = 20_000;

interface ChangesAnswer {
  results: Parameters<typeof applyChanges>[2];
  last_seq: string | number;
}

/** A page of changes and the size it was asked for: a full page means more are waiting. */
type Page = ChangesAnswer & { limit: number };

/**
 * One CouchDB database and its collection, in CouchDB's terms. The pull follows `_changes` by
 * sequence (one long-poll once caught up) and stores the sequence it reached; the push sends what
 * waits (see push.ts). All the state is the documents' markers and that one sequence, so an app
 * closed at any moment leaves nothing half-recorded: a page pulled again is taken again harmlessly,
 * and a write is waiting until the write that marks it delivered.
 */
export class Replicator {
  private readonly caughtUp = new BehaviorSubject(false);
  private readonly pushing = new BehaviorSubject(false);
  private readonly waiting = new BehaviorSubject(0);
  private readonly retries = new Set<() => void>();
  private readonly loops: Promise<void>[] = [];
  private subscription: Subscription | null = null;
  private pushAgain = false;
  private stopped = false;

  /** Moving documents: catching up, or pushing. */
  readonly active$: Observable<boolean> = combineLatest([this.caughtUp, this.pushing]).pipe(
    map(([caughtUp, pushing]) => !caughtUp || pushing),
  );

  constructor(
    private readonly target: PushTarget & { readonly pushes: boolean },
    private readonly checkpoints: RxCollection<PullCheckpoint>,
    private readonly retryTime: number,
    private readonly errors: Subject<unknown>,
  ) {}

  start(): void {
    this.loops.push(this.pull());
    if (!this.target.pushes) return;
    // Every write that leaves a document waiting (the user's, or one kept back offline) starts a push.
    this.subscription = markedDocuments(this.target.collection, isWaiting).subscribe((docs) => {
      this.waiting.next(docs.length);
      if (docs.length > 0) this.push();
    });
  }

  private async pull(): Promise<void> {
    const { collection, dbName, feature } = this.target;
    let since = (await this.checkpoints.findOne(dbName).exec())?.since ?? '0';
    let limit = FIRST_PAGE;
    let ahead: Promise<Page> | null = null;
    while (!this.stopped) {
      try {
        if (this.caughtUp.value && feature.polled && !ahead) await this.waitFor(POLL_MS);
        const page = await (ahead ?? this.changesAfter(since, limit, this.caughtUp.value && !feature.polled ? 'longpoll' : 'normal'));
        ahead = null;
        const full = page.results.length >= page.limit;
        // Catching up, the next page travels while this one is stored: the server's time and the
        // device's overlap instead of adding up.
        if (full) {
          limit = Math.min(limit * 2, LARGEST_PAGE);
          ahead = this.changesAfter(String(page.last_seq), limit, 'normal');
          ahead.catch(() => undefined);
        }
        await applyChanges(feature, collection, page.results);
        since = String(page.last_seq);
        await this.checkpoints.upsert({ id: dbName, since });
        this.caughtUp.next(!full);
      } catch (error) {
        // A page asked for ahead of one that failed is asked for again after it.
        ahead = null;
        if (!(error instanceof Interrupted)) this.caughtUp.next(false);
        await this.afterFailure(error);
      }
    }
  }

  /** The changes after `since`: at once while catching up ('normal'), or held open until there is one. */
  private async changesAfter(since: string, limit: number, feed: 'normal' | 'longpoll'): Promise<Page> {
    const answer = await this.target.client.get<ChangesAnswer>(
      `${this.target.dbName}/_changes?feed=${feed}&since=${encodeURIComponent(since)}&limit=${limit}&include_docs=true`,
    );
    return { ...answer, limit };
  }

  private push(): void {
    if (this.pushing.value) {
      this.pushAgain = true;
      return;
    }
    this.pushing.next(true);
    this.loops.push(this.pushWhileWaiting().finally(() => this.pushing.next(false)));
  }

  private async pushWhileWaiting(): Promise<void> {
    while (!this.stopped) {
      this.pushAgain = false;
      try {
        if (!(await pushBatch(this.target)) && !this.pushAgain) return;
      } catch (error) {
        await this.afterFailure(error);
      }
    }
  }

  /** Reported, then tried again after a while (or at once on reSync); an interrupted request waits for resume. */
  private async afterFailure(error: unknown): Promise<void> {
    if (error instanceof Interrupted || this.stopped) return;
    this.errors.next(error);
    await this.waitFor(this.retryTime);
  }

  /** A pause that reSync() and stop() end early. */
  private waitFor(milliseconds: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const retry = () => {
        clearTimeout(timer);
        this.retries.delete(retry);
        resolve();
      };
      const timer = setTimeout(retry, milliseconds);
      this.retries.add(retry);
    });
  }

  /** Tries again now what failed, e.g. after signing in again or when the network is back. */
  reSync(): void {
    [...this.retries].forEach((retry) => retry());
    if (this.target.pushes && this.waiting.value > 0) this.push();
  }

  /** Caught up with the server, and nothing of this device's waiting to go. */
  awaitInSync(): Promise<unknown> {
    return firstValueFrom(
      combineLatest([this.caughtUp, this.pushing, this.waiting]).pipe(
        filter(([caughtUp, pushing, waiting]) => caughtUp && !pushing && waiting === 0),
      ),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    [...this.retries].forEach((retry) => retry());
    await Promise.allSettled(this.loops);
  }
}
