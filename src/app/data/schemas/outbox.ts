import type { RxJsonSchema } from 'rxdb';

/**
 * A user's write on its way to the server. Local only (never replicated): it is what the app shows
 * as "waiting to send", "sent at 14:02" or "refused: reason".
 */
export interface OutboxEntry {
  /** `${source}|${docId}`: one entry per document, the latest write. */
  id: string;
  /** The collection the document lives in (`collection` is taken by RxDB's documents). */
  source: string;
  docId: string;
  /** i18n key describing the write, e.g. outbox.progress. */
  label: string;
  /** The updatedAt of the document state that must reach the server. */
  version: string;
  state: 'waiting' | 'sent' | 'refused';
  queuedAt: string;
  sentAt?: string;
  reason?: string;
}

export const outboxSchema: RxJsonSchema<OutboxEntry> = {
  title: 'outbox entry',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 300 },
    source: { type: 'string' },
    docId: { type: 'string' },
    label: { type: 'string' },
    version: { type: 'string' },
    state: { type: 'string', enum: ['waiting', 'sent', 'refused'] },
    queuedAt: { type: 'string' },
    sentAt: { type: 'string' },
    reason: { type: 'string' },
  },
  required: ['id', 'source', 'docId', 'label', 'version', 'state', 'queuedAt'],
};
