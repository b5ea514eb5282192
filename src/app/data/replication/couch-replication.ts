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
  /** False: the caller starts it (after repairing its records, see lost-records.ts). */
  readonly autoStart?: boolean;
}

/**
 * Live replication of one collection with one CouchDB database; see couch-fetch.ts for the repairs.
 * Never pause() and start() it again: each start() adds a long-poll loop (defect 6), and a pause
 * during a push can skip the unsent documents for good (defect 9). Going offline is done by holding
 * its requests instead (UserSync.pause).
 */
export function replicateWithCouch<T extends { id: string }>(
  options: CouchReplicationOptions<T>,
): RxCouchDBReplicationState<T> {
  // Fields a newer server adds (a lesson's version, its author) would fail the local schema, which
  // allows no others, and stop the whole pull: only the fields this app version knows are kept.
  const known = new Set([...Object.keys(options.collection.schema.jsonSchema.properties), '_deleted']);
  const knownFieldsOnly = (doc: WithDeleted<T>) =>
    Object.fromEntries(Object.entries(doc).filter(([key]) => known.has(key))) as WithDeleted<T>;
  // A document of a type a newer server holds would fail the schema too: it is kept as a deletion, unseen.
  const knownTypes = (options.collection.schema.jsonSchema.properties as { type?: { enum?: unknown[] } }).type?.enum;
  const unknownType = (doc: WithDeleted<T>) => knownTypes !== undefined && !knownTypes.includes((doc as { type?: unknown }).type);
  return replicateCouchDB<T>({
    replicationIdentifier: options.identifier,
    collection: options.collection,
    url: options.url,
    fetch: options.fetch,
    live: true,
    retryTime: options.retryTime ?? 5000,
    waitForLeadership: options.waitForLeadership ?? true,
    autoStart: options.autoStart ?? true,
    pull: {
      batchSize: 100,
      // Defect 2: a server-side deletion has only _id, _rev and _deleted.
      modifier: (doc: WithDeleted<T>) =>
        doc._deleted || unknownType(doc) ? ({ ...options.tombstone(doc.id), _deleted: true } as WithDeleted<T>) : knownFieldsOnly(doc),
    },
    // The server's rule runs before a push in couch-fetch.ts, against the server's copy.
    push: options.push ? { batchSize: 50 } : undefined,
  });
}
