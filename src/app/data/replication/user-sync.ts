import { combineLatest, map, Subject, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { encodeRefusal, refusalOfThrown } from '../../../../sync-server/couchdb/refusal';
import type { AppDatabase } from '../database';
import { FEATURES, securityOfDatabase, type ReplicatedFeature, type SyncUser } from '../features';
import { CouchClient, type ConnectionState } from './couch-client';
import type { CouchDoc, LocalDoc } from './couch-documents';
import { Replicator } from './replicator';

export type { ConnectionState };

export interface UserSyncOptions extends SyncUser {
  /** The CouchDB API base, absolute, ending in "/" (e.g. https://host/couch/). */
  readonly couchBase: string;
  readonly onConnection: (state: ConnectionState, status?: number) => void;
  readonly retryTime?: number;
  readonly waitForLeadership?: boolean;
  /** The network; tests pass an in-memory CouchDB. */
  readonly baseFetch?: typeof fetch;
}

/**
 * The live replication of one signed-in user: one replicator per feature this user reads (see
 * features.ts), so at most five long-polls, inside a browser's six connections per server. Only
 * the tab that leads replicates.
 */
export class UserSync {
  /** True while any replication is moving documents. */
  readonly active$: Observable<boolean>;
  readonly errors$: Observable<unknown>;
  private readonly errors = new Subject<unknown>();
  private readonly client: CouchClient;
  private readonly replicators: Replicator[];
  private readonly started: Promise<void>;
  private stopped = false;

  constructor(
    private readonly db: AppDatabase,
    private readonly options: UserSyncOptions,
  ) {
    this.client = new CouchClient(options.couchBase, options.onConnection, options.baseFetch);
    this.replicators = FEATURES.flatMap((feature) => {
      const dbName = feature.database(options);
      return dbName ? [this.replicatorFor(feature, dbName)] : [];
    });
    this.active$ = combineLatest(this.replicators.map((r) => r.active$)).pipe(map((states) => states.some(Boolean)));
    this.errors$ = this.errors.asObservable();
    this.started = this.start();
  }

  private replicatorFor(feature: ReplicatedFeature, dbName: string): Replicator {
    const { options } = this;
    const userCtx = { name: options.userName, roles: [...(options.roles ?? [])] };
    const secObj = securityOfDatabase(dbName);
    // The same rule the server runs (rules live once), with userCtx and secObj as the server would see them.
    const check = (doc: CouchDoc, serverCopy: CouchDoc | null) => {
      try {
        feature.rule?.validate(doc, serverCopy, userCtx, secObj);
        return null;
      } catch (refusal) {
        return encodeRefusal(refusalOfThrown(refusal));
      }
    };
    const collection = this.db[feature.collection] as unknown as RxCollection<LocalDoc>;
    return new Replicator(
      { feature, collection, client: this.client, dbName, check, pushes: !!feature.rule },
      this.db.checkpoints,
      options.retryTime ?? 5000,
      this.errors,
    );
  }

  private async start(): Promise<void> {
    if ((this.options.waitForLeadership ?? true) && this.db.multiInstance) await this.db.waitForLeadership();
    if (!this.stopped) this.replicators.forEach((r) => r.start());
  }

  /** Going offline: requests on their way end (long-polls included), new ones wait for resume(). */
  pause(): void {
    this.client.pause();
  }

  /** Lets the waiting requests go and re-syncs, so that what was written offline goes at once. */
  resume(): void {
    this.client.resume();
    this.reSync();
  }

  /** Tries again now whatever failed, e.g. after signing in again. */
  reSync(): void {
    this.replicators.forEach((r) => r.reSync());
  }

  async awaitInSync(): Promise<void> {
    await this.started;
    await Promise.all(this.replicators.map((r) => r.awaitInSync()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const stopping = this.replicators.map((r) => r.stop());
    this.client.stop();
    await Promise.all(stopping);
  }

  get database(): AppDatabase {
    return this.db;
  }
}
