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

  const english = () => docs.filter((d) => d['type'] === 'lesson' && d['language'] === 'en');
  const translated = () => docs.filter((d) => d['type'] === 'lesson' && d['language'] !== 'en');

  it('ships the three programmes with enough lessons: 12 toolbox, 4 induction, 6 CPD', () => {
    const count = (programme: string) => english().filter((d) => d['programmeId'] === programme).length;
    expect(
      docs
        .filter((d) => d['type'] === 'programme')
        .map((d) => d['_id'])
        .sort(),
    ).toEqual(['programme:cpd', 'programme:induction', 'programme:toolbox']);
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
      expect(cards.some((c) => c.kind === 'quiz'))
        .withContext(lesson['_id'])
        .toBeTrue();
    }
  });

  it('has every media file a lesson names, and all media together stay under 30 MB', () => {
    for (const lesson of docs.filter((d) => d['type'] === 'lesson')) {
      for (const card of lesson['cards'] as { src?: string }[]) {
        if (card.src)
          expect(existsSync(path.join(SEED_CONTENT_DIR, card.src)))
            .withContext(`${lesson['_id']} ${card.src}`)
            .toBeTrue();
      }
    }
    const mediaDir = path.join(SEED_CONTENT_DIR, 'media');
    const total = readdirSync(mediaDir)
      .map((name) => statSync(path.join(mediaDir, name)))
      .filter((stat) => stat.isFile())
      .reduce((sum, stat) => sum + stat.size, 0);
    expect(total).toBeLessThan(30 * 1024 * 1024);
  });

  it('translates each English lesson faithfully: same programme, topic, minutes and order, same cards, answers marked the same', () => {
    const originals = new Map(english().map((lesson) => [lesson['_id'] as string, lesson]));
    for (const lesson of translated()) {
      const id = String(lesson['_id']);
      const original = originals.get(String(lesson['translationOf']));
      expect(original).withContext(`${id} names the English lesson it translates`).toBeDefined();
      if (!original) continue;
      expect(id).toBe(`${original['_id']}-${lesson['language']}`);
      for (const field of ['programmeId', 'topic', 'minutes', 'order'])
        expect(lesson[field]).withContext(`${id} ${field}`).toEqual(original[field]);
      const cards = lesson['cards'] as Record<string, any>[];
      const originalCards = original['cards'] as Record<string, any>[];
      expect(cards.map((card) => card['kind']))
        .withContext(`${id} card kinds`)
        .toEqual(originalCards.map((card) => card['kind']));
      cards.forEach((card, i) => {
        const source = originalCards[i]!;
        if (card['kind'] === 'image') expect(card['src']).withContext(`${id} card ${i}: illustrations are shared`).toBe(source['src']);
        if (card['kind'] === 'audio')
          expect(card['src'])
            .withContext(`${id} card ${i}: narration in its own language`)
            .toBe(source['src'].replace(/\.m4a$/, `-${lesson['language']}.m4a`));
        if (card['kind'] === 'quiz') {
          expect(card['multiple']).withContext(`${id} card ${i}`).toBe(source['multiple']);
          expect(card['options'].map((o: { correct: boolean }) => o.correct))
            .withContext(`${id} card ${i} answers`)
            .toEqual(source['options'].map((o: { correct: boolean }) => o.correct));
        }
        // Nothing left untranslated: no text identical to the English, bar names and numbers.
        for (const field of ['title', 'body', 'question', 'transcript', 'alt']) {
          if (typeof source[field] === 'string' && source[field].length > 30)
            expect(card[field]).withContext(`${id} card ${i} ${field} is translated`).not.toBe(source[field]);
        }
      });
    }
  });

  it('offers every language it ships in full: all 22 lessons and the programme titles', () => {
    const languages = [...new Set(translated().map((lesson) => String(lesson['language'])))].sort();
    for (const language of languages) {
      const ofLanguage = translated()
        .filter((lesson) => lesson['language'] === language)
        .map((lesson) => lesson['translationOf'])
        .sort();
      expect(ofLanguage)
        .withContext(language)
        .toEqual(
          english()
            .map((lesson) => lesson['_id'])
            .sort(),
        );
      for (const programme of docs.filter((d) => d['type'] === 'programme')) {
        expect(programme['translations']?.[language]?.title).withContext(`${programme['_id']} in ${language}`).toBeDefined();
      }
    }
  });
});
