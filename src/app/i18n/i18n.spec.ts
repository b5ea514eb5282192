import { TestBed } from '@angular/core/testing';
import { cs } from './cs';
import { en } from './en';
import { fi } from './fi';
import { hu } from './hu';
import { I18n, pseudoLocalised } from './i18n';
import { lt } from './lt';
import type { Language, Message, Messages } from './messages';
import { pl } from './pl';
import { ro } from './ro';

const translations: Record<Exclude<Language, 'en'>, Messages> = { pl, lt, hu, ro, cs, fi };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

function forms(message: Message): string[] {
  return typeof message === 'string' ? [message] : Object.values(message);
}

describe('I18n', () => {
  let i18n: I18n;

  beforeEach(() => {
    localStorage.removeItem('me2me.language');
    i18n = TestBed.inject(I18n);
  });

  it('fills in parameters', () => {
    expect(i18n.t('me.signedInAs', { name: 'Ania' })).toBe('Signed in as Ania');
  });

  it('chooses the plural form by count', () => {
    expect(i18n.t('sync.offlineWaiting', { count: 1 })).toBe('Offline: 1 change waiting to send');
    expect(i18n.t('sync.offlineWaiting', { count: 3 })).toBe('Offline: 3 changes waiting to send');
  });

  it("chooses each language's own plural form: Polish says 1 zmiana, 3 zmiany, 5 zmian", async () => {
    await i18n.setLanguage('pl');
    const [one, few, many] = [1, 3, 5].map((count) => i18n.t('sync.offlineWaiting', { count }));
    expect(new Set([one, few, many]).size)
      .withContext(`${one} | ${few} | ${many}`)
      .toBe(3);
    expect(few).toContain('3');
    expect(document.documentElement.lang).toBe('pl');
    await i18n.setLanguage('en');
  });

  it('writes times on a 24-hour clock and dates day first, in English too', async () => {
    const afternoon = new Date(2026, 9, 4, 16, 41).toISOString();
    expect(i18n.time(afternoon)).toBe('16:41');
    expect(i18n.date(afternoon)).toBe('4 October 2026');
    await i18n.setLanguage('pl');
    expect(i18n.time(afternoon)).toBe('16:41');
    expect(i18n.date(afternoon)).toBe('4 października 2026');
    await i18n.setLanguage('en');
  });

  it('shows the key itself for a missing message, so gaps are visible', () => {
    expect(i18n.t('no.such.key')).toBe('no.such.key');
  });

  it('has no empty English messages', () => {
    for (const [key, message] of Object.entries(en)) {
      for (const form of forms(message)) expect(form.trim()).withContext(key).not.toBe('');
    }
  });

  for (const [language, messages] of Object.entries(translations)) {
    it(`has every key in ${language}, with the same placeholders and the plural forms ${language} uses`, () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
      expect(Object.keys(messages).filter((key) => !(key in en)))
        .withContext('keys English does not have')
        .toEqual([]);
      for (const [key, english] of Object.entries(en)) {
        const translated = messages[key];
        expect(translated).withContext(`${language} lacks ${key}`).toBeDefined();
        if (translated === undefined) continue;
        expect(typeof translated)
          .withContext(`${key}: plural in one language, plain in the other`)
          .toBe(typeof english);
        if (typeof english === 'string') {
          expect(placeholders(translated as string))
            .withContext(`${language} ${key}`)
            .toEqual(placeholders(english));
          continue;
        }
        const plural = translated as Exclude<Message, string>;
        expect(Object.keys(plural).sort())
          .withContext(`${language} ${key} plural forms`)
          .toEqual([...categories].sort());
        const wanted = placeholders(english.other);
        for (const form of Object.values(plural)) {
          // A form for exactly one thing may say "one" in words instead of {count}.
          expect(placeholders(form).filter((name) => name !== 'count'))
            .withContext(`${language} ${key}: ${form}`)
            .toEqual(wanted.filter((name) => name !== 'count'));
        }
        for (const form of forms(translated)) expect(form.trim()).withContext(`${language} ${key}`).not.toBe('');
      }
    });
  }
});

describe('pseudoLocalised', () => {
  it('makes text 40 % longer, accented and marked at both ends, keeping words breakable', () => {
    const text = 'Download for offline';
    const pseudo = pseudoLocalised(text);
    expect(pseudo.startsWith('[Döwñlöäd')).toBeTrue();
    expect(pseudo.endsWith(']')).toBeTrue();
    expect(pseudo.length).toBeGreaterThanOrEqual(Math.round(text.length * 1.4));
    expect(Math.max(...pseudo.split(' ').map((word) => word.length))).toBeLessThanOrEqual(12);
  });
});
