import { Injectable, computed, signal } from '@angular/core';
import { en } from './en';
import { LANGUAGES, type Language, type Messages } from './messages';
import { decodeRefusal, type Refusal } from '../../../sync-server/couchdb/refusal';

const STORAGE_KEY = 'me2me.language';
/** Set to "on" (tests, translators) to see every message accented and 40 % longer: layouts that clip long languages show. */
const PSEUDO_KEY = 'me2me.pseudo';

/**
 * The other languages load when chosen: English (the reference and the fallback for any missing
 * message) is in the first bundle, the rest are chunks of their own that the service worker keeps.
 */
const loaders: Record<Exclude<Language, 'en'>, () => Promise<Messages>> = {
  pl: () => import('./pl').then((m) => m.pl),
  lt: () => import('./lt').then((m) => m.lt),
  hu: () => import('./hu').then((m) => m.hu),
  ro: () => import('./ro').then((m) => m.ro),
  cs: () => import('./cs').then((m) => m.cs),
  fi: () => import('./fi').then((m) => m.fi),
};

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  pl: 'Polski',
  lt: 'Lietuvių',
  hu: 'Magyar',
  ro: 'Română',
  cs: 'Čeština',
  fi: 'Suomi',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The locale for Intl: British English for English (the partnership is European: 24-hour clock, 4 October). */
export function localeOf(language: Language): string {
  return language === 'en' ? 'en-GB' : language;
}

/**
 * Run-time translation: every user-facing string goes through t(). Switching language re-renders
 * every template that called t(), because t() reads the language signal.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly catalogs = signal<Partial<Record<Language, Messages>>>({ en });
  private readonly languageSignal = signal<Language>('en');
  readonly language = this.languageSignal.asReadonly();
  /** The locale dates, times and numbers are written in. */
  readonly locale = computed(() => localeOf(this.languageSignal()));
  readonly available = signal<readonly Language[]>(LANGUAGES).asReadonly();
  private readonly plurals = computed(() => new Intl.PluralRules(this.locale()));
  private choice = 0;
  private readonly pseudo = localStorage.getItem(PSEUDO_KEY) === 'on';

  constructor() {
    document.documentElement.lang = 'en';
  }

  /** The language saved on this phone, else the phone's own when it is one of ours; for the app's start. */
  preferredLanguage(): Language {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
    for (const tag of navigator.languages ?? [navigator.language]) {
      const base = tag.toLowerCase().split('-')[0];
      if (isLanguage(base)) return base;
    }
    return 'en';
  }

  /** Switches once the language's messages are here; the last choice wins when several are loading. */
  async setLanguage(language: Language): Promise<void> {
    if (!isLanguage(language)) return;
    const choice = ++this.choice;
    if (!this.catalogs()[language] && language !== 'en') {
      const messages = await loaders[language]();
      this.catalogs.update((loaded) => ({ ...loaded, [language]: messages }));
    }
    if (choice !== this.choice) return;
    this.languageSignal.set(language);
    localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
  }

  t(key: string, params: Record<string, string | number> = {}): string {
    const message = this.catalogs()[this.languageSignal()]?.[key] ?? en[key];
    if (message === undefined) return key;
    let text: string;
    if (typeof message === 'string') {
      text = message;
    } else {
      const form = this.plurals().select(Number(params['count'] ?? 0)) as keyof typeof message;
      text = message[form] ?? message.other;
    }
    const filled = text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    return this.pseudo ? pseudoLocalised(filled) : filled;
  }

  /**
   * A refusal (as stored by encodeRefusal, or a server answer's code, params and reason) in the
   * user's language: the message for its code, else the server's English text.
   */
  refusal(refusal: string | Refusal): string {
    const { code, params, reason } = typeof refusal === 'string' ? decodeRefusal(refusal) : refusal;
    const key = `refusal.${code}`;
    if (code && (this.catalogs()[this.languageSignal()]?.[key] ?? en[key]) !== undefined) return this.t(key, { ...params });
    return reason;
  }

  /** A calendar day (2026-03-14) in the user's language: "14 Mar" short, "Saturday 14 March" long. */
  day(isoDate: string, style: 'short' | 'long'): string {
    const [year, month, date] = isoDate.split('-').map(Number);
    const options: Intl.DateTimeFormatOptions =
      style === 'short' ? { day: 'numeric', month: 'short' } : { weekday: 'long', day: 'numeric', month: 'long' };
    const day = new Date(year!, month! - 1, date!);
    return Number.isNaN(day.getTime()) ? isoDate : new Intl.DateTimeFormat(this.locale(), options).format(day);
  }

  /** A date in full ("4 October 2026"), for certificates and records. */
  date(iso: string): string {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? '' : new Intl.DateTimeFormat(this.locale(), { dateStyle: 'long' }).format(at);
  }

  /** A time of day in the user's language (24-hour where usual), e.g. for receipts. */
  time(iso: string): string {
    // A time the server let through before it checked real dates must not stop the screen showing it.
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? '' : new Intl.DateTimeFormat(this.locale(), { hour: '2-digit', minute: '2-digit' }).format(at);
  }
}

const ACCENTED: Record<string, string> = {
  a: 'ä',
  e: 'ë',
  i: 'ï',
  o: 'ö',
  u: 'ü',
  A: 'Ä',
  E: 'Ë',
  I: 'Ï',
  O: 'Ö',
  U: 'Ü',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  z: 'ž',
};

/** "Sign in" becomes "[Šïgñ ïñ ëxtr]": accented, 40 % longer in words (as Polish or Finnish often are), its ends marked. */
export function pseudoLocalised(text: string): string {
  const accented = text.replace(/[aeiouAEIOUcnsz]/g, (letter) => ACCENTED[letter] ?? letter);
  const extra = Math.ceil(text.length * 0.4) - 1;
  const words = 'ëxträwörd '
    .repeat(Math.ceil(extra / 10) + 1)
    .slice(0, Math.max(0, extra))
    .trim();
  return `[${accented}${words ? ' ' + words : ''}]`;
}
