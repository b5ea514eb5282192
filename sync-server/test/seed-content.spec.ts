import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { validateCatalogDoc } from '../couchdb/catalog/validate-doc-update';
import { readSeedCatalog, SEED_CONTENT_DIR } from '../src/seed/catalog-seed';

/** The shipped catalog: every lesson is valid, fits the product's shape, and its media exist and are small. */
describe('seed content – programmes, lessons and media we ship', () => {
  let docs: Record<string, any>[];

  beforeAll(async () => {
    docs = await readSeedCatalog();
  });

  it('ships the three programmes with enough lessons: 12 toolbox, 4 induction, 6 CPD', () => {
    const count = (programme: string) => docs.filter((d) => d['type'] === 'lesson' && d['programmeId'] === programme).length;
    expect(docs.filter((d) => d['type'] === 'programme').map((d) => d['_id']).sort()).toEqual(['programme:cpd', 'programme:induction', 'programme:toolbox']);
    expect(count('programme:toolbox')).toBeGreaterThanOrEqual(12);
    expect(count('programme:induction')).toBeGreaterThanOrEqual(4);
    expect(count('programme:cpd')).toBeGreaterThanOrEqual(6);
  });

  it('passes the catalog validation, as the server applies it at start', () => {
    for (const doc of docs) {
      expect(() => validateCatalogDoc(doc, null, { name: 'seed', roles: ['_admin'] }))
        .withContext(String(doc['_id']))
        .not.toThrow();
    }
  });

  it('keeps every lesson bite-sized: 3 to 8 cards, at most 5 minutes, at least one quick check', () => {
    for (const lesson of docs.filter((d) => d['type'] === 'lesson')) {
      const cards = lesson['cards'] as { kind: string }[];
      expect(cards.length).withContext(lesson['_id']).toBeGreaterThanOrEqual(3);
      expect(cards.length).withContext(lesson['_id']).toBeLessThanOrEqual(8);
      expect(lesson['minutes']).withContext(lesson['_id']).toBeLessThanOrEqual(5);
      expect(cards.some((c) => c.kind === 'quiz')).withContext(lesson['_id']).toBeTrue();
    }
  });

  it('has every media file a lesson names, and all media together stay under 30 MB', () => {
    for (const lesson of docs.filter((d) => d['type'] === 'lesson')) {
      for (const card of lesson['cards'] as { src?: string }[]) {
        if (card.src) expect(existsSync(path.join(SEED_CONTENT_DIR, card.src))).withContext(`${lesson['_id']} ${card.src}`).toBeTrue();
      }
    }
    const mediaDir = path.join(SEED_CONTENT_DIR, 'media');
    const total = readdirSync(mediaDir)
      .map((name) => statSync(path.join(mediaDir, name)))
      .filter((stat) => stat.isFile())
      .reduce((sum, stat) => sum + stat.size, 0);
    expect(total).toBeLessThan(30 * 1024 * 1024);
  });
});
