import { existsSync } from 'node:fs';
import path from 'node:path';
import { validateCatalogDoc } from '../../couchdb/catalog/validate-doc-update';
import { AUTHORING_DB, CATALOG_DB } from '../../couchdb/database-names';
import { encodeRefusal, refusalOfThrown } from '../../couchdb/refusal';
import { isStatus, type Couch } from '../couch/client';
import { followChanges } from '../couch/follow-changes';
import { MEDIA_DB, mediaDocId, parseUploadName } from '../media/media-rules';
import { SEED_CONTENT_DIR } from '../seed/catalog-seed';

interface Draft {
  _id: string;
  _rev: string;
  type: 'draft';
  author: string;
  lessonId: string;
  programmeId: string;
  title: string;
  summary: string;
  topic: string;
  minutes: number;
  language: string;
  translationOf?: string;
  cards: { kind: string; src?: string }[];
  status: 'draft' | 'submitted' | 'publishing' | 'published';
  updatedAt: string;
  publishedVersion?: number;
  publishedAt?: string;
  publishError?: string;
  waitingForMedia?: string[];
}

interface CatalogLesson {
  _id: string;
  _rev?: string;
  type: 'lesson';
  programmeId: string;
  order: number;
  version?: number;
  /** `${draftId}@${draftRev}` of the draft this version came from: publishing it twice is a no-op. */
  publishedFrom?: string;
  [field: string]: unknown;
}

export type PublishOutcome = 'published' | 'already-published' | 'waiting-for-media' | 'refused' | 'busy';

/**
 * Moves drafts that a tutor marked "publishing" into the catalog, once every media file they name
 * has reached the server. It keeps no state: any instance may run it, any number of times, and the
 * same draft revision is published once (the catalog records which revision it came from).
 */
export class LessonPublisher {
  private running = false;
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private abort = new AbortController();

  constructor(
    private readonly couch: Couch,
    private readonly seedMediaDir = path.join(SEED_CONTENT_DIR, 'media'),
  ) {}

  /** Publishes what waits now, then follows the authoring database's changes until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    void followChanges<Draft>(
      this.couch,
      AUTHORING_DB,
      {
        catchUp: () => this.sweep(),
        changed: async (changes) => {
          if (changes.some((change) => change.doc?.type === 'draft' && change.doc.status === 'publishing')) await this.sweep();
        },
      },
      this.abort.signal,
    );
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
  }

  /**
   * Looks at every draft waiting to be published. Calls during a sweep are folded into one more sweep,
   * so a burst of uploads costs at most two.
   */
  sweep(): Promise<void> {
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      do {
        this.sweepAgain = false;
        const drafts = await this.couch.use<Draft>(AUTHORING_DB).list({ include_docs: true, startkey: 'draft:', endkey: 'draft:\ufff0' });
        for (const row of drafts.rows) {
          if (row.doc?.status === 'publishing') await this.publish(row.doc);
        }
      } while (this.sweepAgain);
    })().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  async publish(draft: Draft): Promise<PublishOutcome> {
    const missing = [];
    for (const name of mediaNames(draft)) if (!(await this.mediaArrived(name))) missing.push(name);
    if (missing.length > 0) {
      if (JSON.stringify(draft.waitingForMedia ?? []) !== JSON.stringify(missing)) {
        await this.updateDraft(draft, { waitingForMedia: missing });
      }
      return 'waiting-for-media';
    }

    const catalog = this.couch.use<CatalogLesson>(CATALOG_DB);
    const existing = await getOrNull(catalog, draft.lessonId);
    const source = `${draft._id}@${draft._rev}`;
    let version = existing?.version ?? (existing ? 1 : 0);
    if (existing?.publishedFrom !== source) {
      version += 1;
      const lesson: CatalogLesson = {
        _id: draft.lessonId,
        ...(existing?._rev ? { _rev: existing._rev } : {}),
        type: 'lesson',
        programmeId: draft.programmeId,
        title: draft.title,
        summary: draft.summary,
        topic: draft.topic,
        minutes: draft.minutes,
        language: draft.language,
        ...(draft.translationOf ? { translationOf: draft.translationOf } : {}),
        cards: draft.cards,
        order: existing?.order ?? (await this.nextOrder(draft.programmeId)),
        version,
        author: draft.author,
        publishedFrom: source,
      };
      // The catalog's own rule first, here, for its refusal's code: the store passes on only the English text.
      // The refusal is kept as encodeRefusal writes it, so that the editor shows it in the author's language.
      try {
        validateCatalogDoc(lesson, existing, { name: null, roles: ['_admin'] });
      } catch (refusal) {
        await this.updateDraft(draft, { status: 'draft', publishError: encodeRefusal(refusalOfThrown(refusal)) });
        return 'refused';
      }
      try {
        await catalog.insert(lesson);
      } catch (error) {
        // Another instance is publishing the same lesson right now: the next change brings us back.
        if (isStatus(error, 409)) return 'busy';
        if (!isStatus(error, 403)) throw error;
        const reason = (error as { reason?: string }).reason ?? 'The catalog refused the lesson.';
        await this.updateDraft(draft, { status: 'draft', publishError: encodeRefusal({ reason }) });
        return 'refused';
      }
    }
    await this.recordVersion(draft, version);
    await this.updateDraft(draft, { status: 'published', publishedVersion: version, publishedAt: new Date().toISOString() });
    return existing?.publishedFrom === source ? 'already-published' : 'published';
  }

  private async mediaArrived(name: string): Promise<boolean> {
    if (!parseUploadName(name)) return existsSync(path.join(this.seedMediaDir, name));
    const doc = await getOrNull(this.couch.use<{ _attachments?: object }>(MEDIA_DB), mediaDocId(name));
    return Boolean(doc?._attachments);
  }

  private async nextOrder(programmeId: string): Promise<number> {
    const lessons = await this.couch
      .use<CatalogLesson>(CATALOG_DB)
      .list({ include_docs: true, startkey: 'lesson:', endkey: 'lesson:\ufff0' });
    const orders = lessons.rows.filter((row) => row.doc?.programmeId === programmeId).map((row) => row.doc!.order);
    return Math.min(1000, Math.max(0, ...orders) + 1);
  }

  private async recordVersion(draft: Draft, version: number): Promise<void> {
    const { _id, _rev, status, publishError, waitingForMedia, publishedAt, publishedVersion, ...content } = draft;
    const snapshot = {
      ...content,
      _id: `lesson-version:${draft.lessonId.slice('lesson:'.length)}:${version}`,
      type: 'lesson-version',
      draftId: _id,
      version,
      publishedAt: new Date().toISOString(),
    };
    const history = this.couch.use(AUTHORING_DB);
    try {
      await history.insert(snapshot);
    } catch (error) {
      // Another instance recorded it first (the store reports that as a conflict or as a refused change).
      if (!(await getOrNull(history, snapshot._id))) throw error;
    }
  }

  /** The author may have changed the draft meanwhile: then their newer state stands and is handled on its own. */
  private async updateDraft(draft: Draft, changes: Partial<Draft>): Promise<void> {
    const next: Draft = { ...draft, ...changes, updatedAt: new Date().toISOString() };
    if (changes.status === 'published') {
      delete next.waitingForMedia;
      delete next.publishError;
    }
    try {
      await this.couch.use<Draft>(AUTHORING_DB).insert(next);
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }
}

/** The file names of a draft's pictures, recordings and clips (cards name them as media/<file>). */
export function mediaNames(draft: Pick<Draft, 'cards'>): string[] {
  const names = draft.cards.map((card) => (typeof card.src === 'string' && card.src.startsWith('media/') ? card.src.slice(6) : null));
  return [...new Set(names.filter((name): name is string => name !== null))];
}

async function getOrNull<T>(db: { get(id: string): Promise<T> }, id: string): Promise<T | null> {
  try {
    return await db.get(id);
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}
