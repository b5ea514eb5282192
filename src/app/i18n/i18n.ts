import { Injectable, computed, signal } from '@angular/core';
import { en } from './en';
import type { Language, Messages } from './messages';

const STORAGE_KEY = 'me2me.language';

/** Languages with a complete translation; the others are added as translators deliver them. */
const catalogs: Partial<Record<Language, Messages>> = { en };

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  pl: 'Polski',
  lt: 'Lietuvių',
  hu: 'Magyar',
  ro: 'Română',
  cs: 'Čeština',
  fi: 'Suomi',
};

/**
 * Run-time translation: every user-facing string goes through t(). Switching language re-renders
 * every template that called t(), because t() reads the language signal.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly languageSignal = signal<Language>(initialLanguage());
  readonly language = this.languageSignal.asReadonly();
  readonly available = computed(() => Object.keys(catalogs) as Language[]);
  private readonly plurals = computed(() => new Intl.PluralRules(this.languageSignal()));

  setLanguage(language: Language): void {
    if (!catalogs[language]) return;
    this.languageSignal.set(language);
    localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
  }

  t(key: string, params: Record<string, string | number> = {}): string {
    const message = catalogs[this.languageSignal()]?.[key] ?? en[key];
    if (message === undefined) return key;
    let text: string;
    if (typeof message === 'string') {
      text = message;
    } else {
      const form = this.plurals().select(Number(params['count'] ?? 0)) as keyof typeof message;
      text = message[form] ?? message.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /** A calendar day (2026-03-14) in the user's language: "14 Mar" short, "Saturday 14 March" long. */
  day(isoDate: string, style: 'short' | 'long'): string {
    const [year, month, date] = isoDate.split('-').map(Number);
    const options: Intl.DateTimeFormatOptions = style === 'short' ? { day: 'numeric', month: 'short' } : { weekday: 'long', day: 'numeric', month: 'long' };
    return new Intl.DateTimeFormat(this.languageSignal(), options).format(new Date(year!, month! - 1, date!));
  }

  /** A time of day in the user's language, e.g. for receipts. */
  time(iso: string): string {
    return new Intl.DateTimeFormat(this.languageSignal(), { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  }
}

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY) as Language | null;
  return saved && catalogs[saved] ? saved : 'en';
}
