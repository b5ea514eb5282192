import type { RxCollection, WithDeleted } from 'rxdb';
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';

export interface CouchReplicationOptions<T> {
  readonly collection: RxCollection<T>;
  /** Absolute database URL ending in "/". */
  readonly url: string;
  readonly push: boolean;
  readonly fetch: typeof fetch;
  /** A schema-valid placeholder for a document the server deleted (it arrives with no body). */
  readonly tombstone: (id: string) => T;
  readonly identifier: string;
  readonly retryTime?: number;
  /** Browsers replicate from one tab only; tests with a single instance skip the election. */
  readonly waitForLeadership?: boolean;
  /**
   * The server's own validation rule, run before a push: a document it would refuse stays local and
   * is reported, instead of being sent (and it never blocks the documents after it).
   */
  readonly pushCheck?: (doc: WithDeleted<T>) => string | null;
  readonly onRefusedLocally?: (doc: WithDeleted<T>, reason: string) => void;
}

/** Live replication of one collection with one CouchDB database; see couch-fetch.ts for the repairs. */
export function replicateWithCouch<T extends { id: string }>(
  options: CouchReplicationOptions<T>,
): RxCouchDBReplicationState<T> {
  // Fields a newer server adds (a lesson's version, its author) would fail the local schema, which
  // allows no others, and stop the whole pull: only the fields this app version knows are kept.
  const known = new Set([...Object.keys(options.collection.schema.jsonSchema.properties), '_deleted']);
  const knownFieldsOnly = (doc: WithDeleted<T>) =>
    Object.fromEntries(Object.entries(doc).filter(([key]) => known.has(key))) as WithDeleted<T>;
  let paused = false;
  const onResume: (() => void)[] = [];
  // A long-poll asked for while paused waits for the resume instead of running (see below).
  const pausableFetch: typeof fetch = async (input, init) => {
    if (paused && String(input).includes('feed=longpoll')) await new Promise<void>((resume) => onResume.push(resume));
    return options.fetch(input, init);
  };
  const state = replicateCouchDB<T>({
    replicationIdentifier: options.identifier,
    collection: options.collection,
    url: options.url,
    fetch: pausableFetch,
    live: true,
    retryTime: options.retryTime ?? 5000,
    waitForLeadership: options.waitForLeadership ?? true,
    pull: {
      batchSize: 100,
      // Defect 2: a server-side deletion has only _id, _rev and _deleted.
      modifier: (doc: WithDeleted<T>) =>
        doc._deleted ? ({ ...options.tombstone(doc.id), _deleted: true } as WithDeleted<T>) : knownFieldsOnly(doc),
    },
    push: options.push
      ? {
          batchSize: 50,
          modifier: (doc: WithDeleted<T>) => {
            const reason = options.pushCheck?.(doc) ?? null;
            if (reason === null) return doc;
            options.onRefusedLocally?.(doc, reason);
            return null;
          },
        }
      : undefined,
  });
  // Defect 6: the plugin's start() launches another long-poll loop on every call, and a loop ends only
  // when the replication is cancelled, never when it is paused. Each pause and start (going offline,
  // the tab hidden and shown) added a long-poll per database, until the browser's six connections per
  // server were taken and uploads and pushes waited behind them. One loop per replication is started;
  // later starts only resume, and the loop holds its long-poll while paused.
  const startWithLoop = state.start.bind(state);
  const resumeOnly = Object.getPrototypeOf(state).start.bind(state) as () => Promise<void>;
  const pause = state.pause.bind(state);
  let loopStarted = false;
  state.start = () => {
    paused = false;
    onResume.splice(0).forEach((resume) => resume());
    if (loopStarted) return resumeOnly();
    loopStarted = true;
    return startWithLoop();
  };
  state.pause = () => {
    paused = true;
    return pause();
  };
  return state;
}
