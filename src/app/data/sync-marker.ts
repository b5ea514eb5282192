import type { RxCollection, RxDocument } from 'rxdb';
import { distinctUntilChanged, map, type Observable } from 'rxjs';

/**
 * Where a replicated document stands with the server, kept inside the document: the content and its
 * marker are one write, so no app close or crash can leave one without the other.
 */
export interface SyncMarker {
  /** The CouchDB `_rev` this copy was last seen with on the server; none: the server never had it. */
  rev?: string;
  /** waiting: written here, not yet on the server; refused: the server's rule said no; sent, pulled: the server has it. */
  state: 'waiting' | 'sent' | 'refused' | 'pulled';
  /** Taken back here (the server is told with a deletion); hidden from every screen. */
  deleted?: boolean;
  /** The refusal as `encodeRefusal` keeps it. */
  reason?: string;
  /** For the outbox: what the write was (an i18n key), when it was made and when it reached the server. */
  label?: string;
  queuedAt?: string;
  sentAt?: string;
}

export type Synced<T> = T & { sync?: SyncMarker };

/** The marker's place in every replicated collection's schema. */
export const syncMarkerSchema = {
  type: 'object',
  properties: {
    rev: { type: 'string' },
    state: { type: 'string', enum: ['waiting', 'sent', 'refused', 'pulled'] },
    deleted: { type: 'boolean' },
    reason: { type: 'string' },
    label: { type: 'string' },
    queuedAt: { type: 'string' },
    sentAt: { type: 'string' },
  },
} as const;

/** Schema versions that only added optional fields (this marker among them): documents stay as they are. */
export function addedOptionalFields(upTo: number): Record<number, (doc: unknown) => unknown> {
  return Object.fromEntries(Array.from({ length: upTo }, (_, i) => [i + 1, (doc: unknown) => doc]));
}

/** Not taken back on this device: what screens show. */
export function isLive(doc: { sync?: SyncMarker }): boolean {
  return !doc.sync?.deleted;
}

/** The document's own fields, as the server and the conflict rules see them. */
export function contentOf<T>(doc: Synced<T>): T {
  const { sync, _deleted, ...content } = doc as Synced<T> & { _deleted?: boolean };
  return content as T;
}

type Change<T> = (current: Synced<T> | null) => (Synced<T> & { _deleted?: boolean }) | null;

/**
 * Writes one document from what is stored now (null: nothing), or leaves it when `change` answers
 * null. RxDB runs `change` again if another write came first, so no write is ever lost to a race.
 */
export async function changeDocument<T extends { id: string }>(
  collection: RxCollection<Synced<T>>,
  id: string,
  change: Change<T>,
): Promise<void> {
  const stored = await collection.findOne(id).exec();
  if (!stored) {
    const next = change(null);
    if (!next || next._deleted) return;
    const kept = await collection.insertIfNotExists(next);
    // Another write got there first: decide again from it.
    if (!sameContent(kept.toMutableJSON(), next)) await changeDocument(collection, id, change);
    return;
  }
  if (!change(stored.toMutableJSON())) return;
  await stored.incrementalModify((current) => {
    // RxDB hands the modifier its own fields too; the change sees the document as toMutableJSON() gives it.
    const { _deleted, _attachments, ...data } = current as Synced<T> & { _deleted?: boolean; _attachments?: unknown };
    return (_deleted ? null : change(data as Synced<T>)) ?? current;
  });
}

/**
 * A user's write: stored with its marker 'waiting' in the same write, keeping the revision it
 * replaces so that the push can send it as CouchDB expects.
 */
export async function saveForServer<T extends { id: string }>(
  collection: RxCollection<Synced<T>>,
  doc: T,
  label: string,
  taken: { deleted?: boolean } = {},
): Promise<void> {
  await mergeForServer(
    collection,
    doc.id,
    () => doc,
    () => label,
    taken,
  );
}

/**
 * A user's write made from what is stored at the moment of writing (null: nothing); `next` answers
 * null when there is nothing to write. RxDB runs `next` again if another write came first, so two
 * writes close together merge: the later never undoes the earlier by starting from what was stored
 * before it.
 */
export async function mergeForServer<T extends { id: string }>(
  collection: RxCollection<Synced<T>>,
  id: string,
  next: (stored: T | null) => T | null,
  label: (doc: T) => string,
  taken: { deleted?: boolean } = {},
): Promise<void> {
  const queuedAt = new Date().toISOString();
  await changeDocument(collection, id, (current) => {
    const doc = next(current ? contentOf(current) : null);
    if (!doc) return null;
    return {
      ...contentOf(doc as Synced<T>),
      sync: {
        ...(current?.sync?.rev ? { rev: current.sync.rev } : {}),
        state: 'waiting',
        label: label(doc),
        queuedAt,
        ...(taken.deleted ? { deleted: true } : {}),
      },
    } as Synced<T>;
  });
}

/** Several user writes in one storage write (a "mark everyone present"), each marked 'waiting'. */
export async function saveAllForServer<T extends { id: string }>(
  collection: RxCollection<Synced<T>>,
  docs: T[],
  label: string,
): Promise<void> {
  const queuedAt = new Date().toISOString();
  const stored = await collection.findByIds(docs.map((doc) => doc.id)).exec();
  await collection.bulkUpsert(
    docs.map((doc) => {
      const rev = stored.get(doc.id)?.get('sync')?.rev as string | undefined;
      return { ...contentOf(doc as Synced<T>), sync: { ...(rev ? { rev } : {}), state: 'waiting', label, queuedAt } } as Synced<T>;
    }),
  );
}

/**
 * What screens show of a collection: documents not taken back, without their markers. RxDB's
 * documents are immutable (a new revision is a new object), so each is copied once, not on every
 * change to the collection: a first sync storing page after page would otherwise copy every
 * document stored so far for each page.
 */
export function liveContents<T>(docs: { toMutableJSON(): Synced<T> }[]): T[] {
  const live: T[] = [];
  for (const doc of docs) {
    let content = contents.get(doc);
    if (content === undefined) {
      const data = doc.toMutableJSON();
      // Shared by every emission from now on: frozen, so a screen that changed it would fail loudly.
      content = isLive(data) ? Object.freeze(contentOf(data)) : null;
      contents.set(doc, content);
    }
    if (content !== null) live.push(content as T);
  }
  return live;
}

const contents = new WeakMap<object, unknown>();

/** What the outbox shows of a write, carried over when the document's revision changes. */
export function outboxFields(marker: SyncMarker | undefined): Pick<SyncMarker, 'label' | 'queuedAt' | 'sentAt'> {
  const { label, queuedAt, sentAt } = marker ?? {};
  return { ...(label ? { label } : {}), ...(queuedAt ? { queuedAt } : {}), ...(sentAt ? { sentAt } : {}) };
}

/** The same fields and values, whatever their order or the objects' prototypes (RxDB hands out both kinds). */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The documents of a collection whose marker passes `keep`, live. They are taken from the whole
 * collection's live query, the one the screens watch, so that the replication's and the outbox's
 * questions cost no read of their own: a large network's discussion (30,000 documents) is read once
 * at start, not once for each question. Emits when the documents kept change (RxDB hands out the
 * same document object until it changes).
 */
export function markedDocuments<T>(
  collection: RxCollection<Synced<T>>,
  keep: (marker: SyncMarker | undefined) => boolean,
): Observable<RxDocument<Synced<T>>[]> {
  return collection.find().$.pipe(
    // Read from the document's stored data: get() would leave a cache and a proxy on every document.
    map((docs) => docs.filter((doc) => keep((doc._data as Synced<T>).sync))),
    distinctUntilChanged((before, now) => before.length === now.length && before.every((doc, i) => doc === now[i])),
  );
}

export const isWaiting = (marker: SyncMarker | undefined): boolean => marker?.state === 'waiting';
