import { combineLatest, map, merge, type Observable, type Subscription } from 'rxjs';
import type { RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { validateUserDoc } from '../../../../sync-server/couchdb/userdb/validate-doc-update';
import type { AppDatabase } from '../database';
import { markRefused, markSent } from '../outbox';
import { catalogTombstone } from '../schemas/catalog';
import { personalTombstone } from '../schemas/personal';
import { createCouchFetch, type ConnectionState } from './couch-fetch';
import { replicateWithCouch } from './couch-replication';

export type { ConnectionState };

export interface UserSyncOptions {
  /** The CouchDB API base, absolute, ending in "/" (e.g. https://host/couch/). */
  readonly couchBase: string;
  readonly userName: string;
  readonly onConnection: (state: ConnectionState, status?: number) => void;
  readonly retryTime?: number;
  readonly waitForLeadership?: boolean;
  /** The network; tests pass an in-memory CouchDB. */
  readonly baseFetch?: typeof fetch;
}

/** CouchDB's per-user database name: userdb- followed by the hex of the name. */
export function userDbName(userName: string): string {
  return 'userdb-' + Array.from(new TextEncoder().encode(userName), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The live replications of one signed-in user: the catalog (pull only) and the private database
 * (both ways), with the outbox kept in step with what reached the server.
 */
export class UserSync {
  /** True while either replication is moving documents. */
  readonly active$: Observable<boolean>;
  readonly errors$: Observable<unknown>;
  private readonly catalog: RxCouchDBReplicationState<any>;
  private readonly personal: RxCouchDBReplicationState<any>;
  private readonly subscription: Subscription;
  /** `${docId}@${updatedAt}` of states the server refused, known before sent$ reports them. */
  private readonly refusedStates = new Set<string>();

  constructor(private readonly db: AppDatabase, options: UserSyncOptions) {
    const common = { retryTime: options.retryTime, waitForLeadership: options.waitForLeadership };
    this.catalog = replicateWithCouch({
      ...common,
      collection: db.catalog,
      url: `${options.couchBase}catalog/`,
      push: false,
      identifier: `catalog-${options.userName}`,
      tombstone: catalogTombstone,
      fetch: createCouchFetch({ connection: options.onConnection, refused: () => undefined }, options.baseFetch),
    });
    this.personal = replicateWithCouch({
      ...common,
      collection: db.personal,
      url: `${options.couchBase}${userDbName(options.userName)}/`,
      push: true,
      identifier: `personal-${options.userName}`,
      tombstone: personalTombstone,
      // The same rule the server runs (rules live once): userCtx and secObj as the server would see them.
      pushCheck: (doc) => {
        try {
          const { id, ...body } = doc as unknown as Record<string, unknown>;
          validateUserDoc({ ...body, _id: id }, null, { name: options.userName, roles: [] }, { members: { names: [options.userName] } });
          return null;
        } catch (refusal) {
          return (refusal as { forbidden?: string }).forbidden ?? String(refusal);
        }
      },
      onRefusedLocally: (doc, reason) => {
        const { id, updatedAt } = doc as unknown as { id: string; updatedAt: string };
        void markRefused(db, 'personal', id, reason, updatedAt);
      },
      fetch: createCouchFetch({
        connection: options.onConnection,
        refused: (docId, reason, sent) => {
          // Recorded before sent$ reports the same push (RxDB counts refused rows as pushed).
          const version = String(sent?.['updatedAt'] ?? '');
          this.refusedStates.add(`${docId}@${version}`);
          void markRefused(db, 'personal', docId, reason, version);
        },
      }, options.baseFetch),
    });
    this.active$ = combineLatest([this.catalog.active$, this.personal.active$]).pipe(map(([a, b]) => a || b));
    this.errors$ = merge(this.catalog.error$, this.personal.error$);
    this.subscription = this.personal.sent$.subscribe((doc: { id: string; updatedAt: string }) => {
      if (this.refusedStates.has(`${doc.id}@${doc.updatedAt}`)) return;
      void markSent(db, 'personal', doc.id, doc.updatedAt);
    });
  }

  async pause(): Promise<void> {
    await Promise.all([this.catalog.pause(), this.personal.pause()]);
  }

  /** Restarts paused replications (a restart re-syncs); running ones are only told to re-sync. */
  async resume(): Promise<void> {
    await Promise.all(
      [this.catalog, this.personal].map((replication) => (replication.isPaused() ? replication.start() : replication.reSync())),
    );
  }

  /** Pull and push now, e.g. when connectivity returns. */
  reSync(): void {
    this.catalog.reSync();
    this.personal.reSync();
  }

  async awaitInSync(): Promise<void> {
    await Promise.all([this.catalog.awaitInSync(), this.personal.awaitInSync()]);
  }

  async stop(): Promise<void> {
    this.subscription.unsubscribe();
    await Promise.all([this.catalog.cancel(), this.personal.cancel()]);
  }

  get database(): AppDatabase {
    return this.db;
  }
}
