import { combineLatest, map, merge, type Observable, type Subscription } from 'rxjs';
import type { RxCollection } from 'rxdb';
import type { RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { validateAuthoringDoc } from '../../../../sync-server/couchdb/authoring/validate-doc-update';
import { validateDiscussionDoc } from '../../../../sync-server/couchdb/discussions/validate-doc-update';
import { validateWorkshopDoc } from '../../../../sync-server/couchdb/workshops/validate-doc-update';
import { validateUserDoc } from '../../../../sync-server/couchdb/userdb/validate-doc-update';
import { encodeRefusal, refusalOfThrown } from '../../../../sync-server/couchdb/refusal';
import type { AppDatabase } from '../database';
import { markRefused, markSent } from '../outbox';
import { authoringTombstone } from '../schemas/authoring';
import { catalogTombstone } from '../schemas/catalog';
import { discussionTombstone } from '../schemas/discussion';
import { workshopTombstone } from '../schemas/workshop';
import { personalTombstone } from '../schemas/personal';
import { createCouchFetch, type ConnectionState } from './couch-fetch';
import { replicateWithCouch } from './couch-replication';
import { repairLostRecords } from './lost-records';

export type { ConnectionState };

export interface UserSyncOptions {
  /** The CouchDB API base, absolute, ending in "/" (e.g. https://host/couch/). */
  readonly couchBase: string;
  readonly userName: string;
  /** The user's roles, as the server's rules see them. */
  readonly roles?: readonly string[];
  /** Also replicate the authoring database (tutors and peer mentors). */
  readonly authoring?: boolean;
  /** The user's country network, whose discussion database they replicate. */
  readonly country?: string | null;
  /** Also replicate the country's workshops database (its facilitators and coordinators). */
  readonly workshops?: boolean;
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

type Validate = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

/**
 * The live replications of one signed-in user: the catalog (pull only), the private database, the
 * country network's discussions and, for authors, the authoring database (both ways), with the outbox
 * kept in step with what reached the server. At most four long-polls, inside a browser's six
 * connections per server (downloads and uploads use the rest).
 */
export class UserSync {
  /** True while any replication is moving documents. */
  readonly active$: Observable<boolean>;
  readonly errors$: Observable<unknown>;
  private readonly replications: RxCouchDBReplicationState<any>[];
  private readonly subscriptions: Subscription[] = [];
  /** `${source}|${docId}@${updatedAt}` of states the server refused, known before sent$ reports them. */
  private readonly refusedStates = new Set<string>();
  /** Requests on their way, so that pausing can end them (see pause()). */
  private readonly inFlight = new Set<AbortController>();
  /** While offline, every request waits here for resume() instead of going out. */
  private offline: { resumed: Promise<void>; resume: () => void } | null = null;
  private stopped = false;
  /** Repairs under way (see startAfterRepair): stopping waits for them, as the database may go next. */
  private readonly repairs = new Set<Promise<void>>();
  private readonly network: typeof fetch;

  constructor(private readonly db: AppDatabase, private readonly options: UserSyncOptions) {
    const base = options.baseFetch ?? fetch.bind(globalThis);
    this.network = async (input, init) => {
      while (this.offline) await this.offline.resumed;
      if (this.stopped) throw new DOMException('Replication stopped', 'AbortError');
      const controller = new AbortController();
      init?.signal?.addEventListener('abort', () => controller.abort(init.signal!.reason));
      this.inFlight.add(controller);
      return base(input, { ...init, signal: controller.signal }).finally(() => this.inFlight.delete(controller));
    };
    const catalog = replicateWithCouch({
      ...this.common(),
      collection: db.catalog,
      url: `${options.couchBase}catalog/`,
      push: false,
      identifier: `catalog-${options.userName}`,
      tombstone: catalogTombstone,
      fetch: createCouchFetch({ connection: this.reportConnection, refused: () => undefined }, this.network),
    });
    this.replications = [
      catalog,
      this.pushing('personal', db.personal, userDbName(options.userName), personalTombstone, validateUserDoc, {
        members: { names: [options.userName] },
      }),
    ];
    if (options.authoring) {
      this.replications.push(this.pushing('authoring', db.authoring, 'authoring', authoringTombstone, validateAuthoringDoc, {}));
    }
    if (options.country) {
      const network = { members: { names: [], roles: [`country:${options.country}`] } };
      this.replications.push(
        this.pushing('discussion', db.discussion, `discussions-${options.country}`, discussionTombstone, validateDiscussionDoc, network, 'createdAt'),
      );
      if (options.workshops) {
        const staff = { members: { names: [], roles: [`facilitator:${options.country}`, `coordinator:${options.country}`] } };
        this.replications.push(this.pushing('workshops', db.workshops, `workshops-${options.country}`, workshopTombstone, validateWorkshopDoc, staff));
      }
    }
    this.active$ = combineLatest(this.replications.map((r) => r.active$)).pipe(map((states) => states.some(Boolean)));
    this.errors$ = merge(...this.replications.map((r) => r.error$));
  }

  /** A stopped sync's last requests (ended by stop()) must not speak over the one that replaced it. */
  private readonly reportConnection = (state: ConnectionState, status?: number) => {
    if (!this.stopped) this.options.onConnection(state, status);
  };

  private common() {
    return { retryTime: this.options.retryTime, waitForLeadership: this.options.waitForLeadership };
  }

  /** A two-way replication whose refused and delivered writes are reported to the outbox. */
  private pushing<T extends { id: string }>(
    source: string,
    collection: RxCollection<T>,
    dbName: string,
    tombstone: (id: string) => T,
    validate: Validate,
    secObj: object,
    /** The field whose value says which state of a document the outbox waits for. */
    versionField: 'updatedAt' | 'createdAt' = 'updatedAt',
  ): RxCouchDBReplicationState<T> {
    const versionOf = (doc: unknown) => String((doc as Record<string, unknown> | undefined)?.[versionField] ?? '');
    const { db, options } = this;
    const refused = (docId: string, reason: string, version: string): Promise<void> => {
      this.refusedStates.add(`${source}|${docId}@${version}`);
      return markRefused(db, source, docId, reason, version);
    };
    const replication = replicateWithCouch<T>({
      ...this.common(),
      autoStart: false,
      collection,
      url: `${options.couchBase}${dbName}/`,
      push: true,
      identifier: `${source}-${options.userName}`,
      tombstone,
      fetch: createCouchFetch(
        {
          connection: this.reportConnection,
          // Recorded before sent$ reports the same push (RxDB counts refused rows as pushed).
          refused: (docId, reason, sent) => refused(docId, reason, versionOf(sent)),
        },
        this.network,
        // The same rule the server runs (rules live once), against the server's copy of the document,
        // with userCtx and secObj as the server would see them.
        (doc, serverCopy) => {
          try {
            validate(doc, serverCopy, { name: options.userName, roles: [...(options.roles ?? [])] }, secObj);
            return null;
          } catch (refusal) {
            return encodeRefusal(refusalOfThrown(refusal));
          }
        },
      ),
    });
    void this.startAfterRepair(source, replication, (doc) => void markSent(db, source, doc.id, versionOf(doc)));
    this.subscriptions.push(
      replication.sent$.subscribe((doc: { id: string }) => {
        if (this.refusedStates.has(`${source}|${doc.id}@${versionOf(doc)}`)) return;
        void markSent(db, source, doc.id, versionOf(doc));
      }),
    );
    return replication;
  }

  /**
   * Records lost by an app closed in the middle of a pull, and writes RxDB passed over, are repaired
   * before it starts (defect 10); `delivered` hears of waiting writes found already on the server.
   */
  private async startAfterRepair<T extends { id: string }>(
    source: string,
    replication: RxCouchDBReplicationState<T>,
    delivered: (doc: T) => void,
  ): Promise<void> {
    const database = replication.collection.database;
    if ((this.options.waitForLeadership ?? true) && database.multiInstance) await database.waitForLeadership();
    if (this.stopped) return;
    const repair = (async () => {
      const waiting = await this.db.outbox.find({ selector: { source, state: 'waiting' } }).exec();
      (await repairLostRecords(replication, new Set(waiting.map((entry) => entry.docId)))).forEach(delivered);
    })();
    this.repairs.add(repair);
    try {
      await repair;
    } catch (error) {
      // A repair that could not finish is tried again at the next start; syncing goes ahead meanwhile.
      console.warn('Replication records could not be repaired', error);
    } finally {
      this.repairs.delete(repair);
    }
    // A start that fails is reported on errors$.
    if (!this.stopped) await replication.start().catch(() => undefined);
  }

  /**
   * Going offline: requests on their way are ended and new ones wait for resume(). RxDB's own pause()
   * is not used (see couch-replication.ts). It would skip unsent documents for good when a push
   * batch was waiting for its retry while later batches were queued (defect 9). A long-poll left
   * open on its socket would also keep one of the browser's six connections per server.
   */
  pause(): void {
    if (!this.offline) {
      let resume = () => undefined as void;
      const resumed = new Promise<void>((resolve) => (resume = resolve));
      this.offline = { resumed, resume };
    }
    this.inFlight.forEach((controller) => controller.abort());
    this.inFlight.clear();
  }

  /** Lets the waiting requests go and re-syncs, so that what was written offline goes at once. */
  resume(): void {
    const offline = this.offline;
    this.offline = null;
    offline?.resume();
    this.reSync();
  }

  /** Pull and push now, e.g. when connectivity returns. */
  reSync(): void {
    this.replications.forEach((r) => r.reSync());
  }

  async awaitInSync(): Promise<void> {
    await Promise.all(this.replications.map((r) => r.awaitInSync()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.repairs]);
    this.subscriptions.forEach((s) => s.unsubscribe());
    // Requests held while offline end now (stopped, they throw), so that the loops end with them.
    this.offline?.resume();
    this.offline = null;
    await Promise.all(this.replications.map((r) => r.cancel()));
    this.inFlight.forEach((controller) => controller.abort());
  }

  get database(): AppDatabase {
    return this.db;
  }
}
