import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CATALOG_DB } from '../../couchdb/database-names';
import type { Couch } from '../couch/client';
import { ensureDoc, type ProvisionReport } from '../couch/provision';

/** Where the programmes, lessons and media we ship live, relative to the sync-server folder. */
export const SEED_CONTENT_DIR = path.resolve(__dirname, '../../../seed-content');

/** Languages other than English that have a folder of translated lessons (lessons/<language>/). */
async function translationLanguages(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(dir, 'lessons'), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function readJsonFiles(folder: string): Promise<Record<string, unknown>[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(folder, file), 'utf8')) as Record<string, unknown>));
}

async function readOptionalJson(file: string): Promise<Record<string, { title: string; summary: string }> | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Reads the shipped catalog as CouchDB documents: programmes (with their titles in each language of
 * programmes/<language>.json), the English lessons, and each language's translated lessons.
 */
export async function readSeedCatalog(dir = SEED_CONTENT_DIR): Promise<Record<string, unknown>[]> {
  const programmes = JSON.parse(await readFile(path.join(dir, 'programmes.json'), 'utf8')) as Record<string, unknown>[];
  const languages = await translationLanguages(dir);
  const translations = new Map<string, Record<string, { title: string; summary: string }>>();
  for (const language of languages) {
    const titles = await readOptionalJson(path.join(dir, 'programmes', `${language}.json`));
    for (const [id, translation] of Object.entries(titles ?? {})) {
      translations.set(id, { ...translations.get(id), [language]: translation });
    }
  }
  const lessons = [
    ...(await readJsonFiles(path.join(dir, 'lessons'))),
    ...(await Promise.all(languages.map((language) => readJsonFiles(path.join(dir, 'lessons', language))))).flat(),
  ];
  return [
    ...programmes.map(({ id, ...rest }) => ({
      _id: id,
      type: 'programme',
      ...rest,
      ...(translations.has(String(id)) ? { translations: translations.get(String(id)) } : {}),
    })),
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
