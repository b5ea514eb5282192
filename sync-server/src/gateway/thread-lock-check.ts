import { parseDatabaseName } from '../../couchdb/database-names';
import type { Couch } from '../couch/client';
import type { ProposedWrite, WriteRefusal } from './write-checks';

interface Moderation {
  readonly _id: string;
  readonly type?: string;
  readonly targetId?: string;
  readonly action?: string;
  readonly createdAt?: string;
}

/**
 * A locked thread takes no more posts, except from the network's moderators (its tutors and
 * coordinators). Locked means what the app shows: the latest `lock`/`unlock` action on the thread, by
 * createdAt and then id (src/app/discussions/thread-assembly.ts), is `lock`. Edits of what was already
 * posted stay possible, as in the app.
 *
 * Moderation ids are `moderation:<random>` and name their thread only in `targetId`, and the databases
 * have no views, so this reads every moderation document of the network with `_all_docs` over the id
 * range `moderation:`…`moderation:\ufff0` (the same on the embedded store and on Apache CouchDB) and
 * picks the thread's. Moderation actions are few next to posts.
 */
export async function threadLockCheck(write: ProposedWrite, couch: Couch): Promise<WriteRefusal | null> {
  const database = parseDatabaseName(write.db);
  const country = database?.kind === 'discussions' ? database.country : null;
  if (!country || write.doc['_deleted'] === true || write.doc['type'] !== 'post') return null;
  const roles = write.user.roles;
  if (roles.includes('_admin') || roles.includes(`tutor:${country}`) || roles.includes(`coordinator:${country}`)) return null;
  const threadId = write.doc['threadId'];
  if (typeof threadId !== 'string') return null;
  if (!(await threadLocked(couch, write.db, threadId))) return null;
  return { reason: 'This discussion is closed: a moderator closed it to new answers.', code: 'thread.locked' };
}

export async function threadLocked(couch: Couch, db: string, threadId: string): Promise<boolean> {
  const all = await couch.use<Moderation>(db).list({ include_docs: true, startkey: 'moderation:', endkey: 'moderation:\ufff0' });
  const locks = all.rows
    .map((row): Moderation | undefined => row.doc)
    .filter(
      (doc): doc is Moderation =>
        doc?.type === 'moderation' && doc.targetId === threadId && (doc.action === 'lock' || doc.action === 'unlock'),
    )
    .sort((a, b) => String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? '')) || a._id.localeCompare(b._id));
  return locks.at(-1)?.action === 'lock';
}
