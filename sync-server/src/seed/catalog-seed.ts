import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CATALOG_DB } from '../../couchdb/databases';
import type { Couch } from '../couch/client';
import { ensureDoc, type ProvisionReport } from '../couch/provision';

/** Where the programmes, lessons and media we ship live, relative to the sync-server folder. */
export const SEED_CONTENT_DIR = path.resolve(__dirname, '../../../seed-content');

/** Reads the shipped catalog as CouchDB documents. */
export async function readSeedCatalog(dir = SEED_CONTENT_DIR): Promise<Record<string, unknown>[]> {
  const programmes = JSON.parse(await readFile(path.join(dir, 'programmes.json'), 'utf8')) as Record<string, unknown>[];
  const lessonFiles = (await readdir(path.join(dir, 'lessons'))).filter((f) => f.endsWith('.json')).sort();
  const lessons = await Promise.all(
    lessonFiles.map(async (file) => JSON.parse(await readFile(path.join(dir, 'lessons', file), 'utf8'))),
  );
  return [
    ...programmes.map(({ id, ...rest }) => ({ _id: id, type: 'programme', ...rest })),
    ...lessons.map(({ id, ...rest }) => ({ _id: id, type: 'lesson', ...rest })),
  ];
}

/**
 * Writes each shipped document that is missing or differs, except lessons that tutors have edited and
 * published since (their versions win over the shipped text). The catalog's validation checks them too.
 */
export async function seedCatalog(couch: Couch, report: ProvisionReport): Promise<void> {
  for (const doc of await readSeedCatalog()) {
    try {
      await ensureDoc(couch, CATALOG_DB, doc, report, (stored) => stored['publishedFrom'] !== undefined);
    } catch (error) {
      // The catalog's validation refused shipped content: say which file to fix.
      const reason = (error as { reason?: string }).reason ?? (error as Error).message;
      throw new Error(`Seed content ${String(doc['_id'])} was refused: ${reason}`);
    }
  }
}
