import type { RxCollection } from 'rxdb';
import { combineLatest, map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import { FEATURES } from './features';
import { markedDocuments, type Synced, type SyncMarker } from './sync-marker';

/**
 * A user's write on its way to the server, as the app shows it: "waiting to send", "sent at 14:02"
 * or "refused: reason". Not a record of its own: it is read from the documents' sync markers.
 */
export interface OutboxEntry {
  /** `${source}|${docId}`. */
  id: string;
  /** The collection the document lives in. */
  source: string;
  docId: string;
  /** i18n key describing the write, e.g. outbox.progress. */
  label: string;
  state: 'waiting' | 'sent' | 'refused';
  queuedAt: string;
  sentAt?: string;
  reason?: string;
}

/** Delivered writes shown to the user; older ones drop out of the list (waiting and refused ones never do). */
export const SENT_KEPT = 100;

const PUSHED = FEATURES.filter((feature) => feature.rule).map((feature) => feature.collection);

/** Every write made on this device, newest first. */
export function watchOutbox(db: AppDatabase): Observable<OutboxEntry[]> {
  const lists = PUSHED.map((source) => {
    const collection = db[source] as unknown as RxCollection<Synced<{ id: string }>>;
    return markedDocuments(collection, (marker) => marker?.queuedAt !== undefined).pipe(
      map((docs) => docs.map((doc) => entryOf(source, doc.primary, doc._data.sync!))),
    );
  });
  return combineLatest(lists).pipe(
    map((all) => {
      const entries = all.flat().sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
      const sent = entries.filter((entry) => entry.state === 'sent').slice(SENT_KEPT);
      return sent.length === 0 ? entries : entries.filter((entry) => !sent.includes(entry));
    }),
  );
}

function entryOf(source: string, docId: string, marker: SyncMarker): OutboxEntry {
  const state = marker.state === 'pulled' ? 'sent' : marker.state;
  return {
    id: `${source}|${docId}`,
    source,
    docId,
    label: marker.label ?? '',
    state,
    queuedAt: marker.queuedAt ?? '',
    ...(marker.sentAt ? { sentAt: marker.sentAt } : {}),
    ...(marker.reason ? { reason: marker.reason } : {}),
  };
}
