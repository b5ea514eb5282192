import { Injectable, signal } from '@angular/core';

/**
 * What went wrong with this phone's own storage, for the line that tells the user: writes it could
 * not take (the phone is full), or saved data it could not open at start-up and rebuilt.
 */
@Injectable({ providedIn: 'root' })
export class StorageHealth {
  /** A change could not be saved because the phone (or the browser's share of it) is full. */
  readonly full = signal(false);
  /** The saved data could not be opened and was rebuilt; `kept` unsent changes were carried over. */
  readonly rebuilt = signal<{ kept: number } | null>(null);
  /** The saved data cannot be opened at all, even rebuilt (the browser's storage refuses). */
  readonly unreadable = signal(false);

  dismiss(): void {
    this.full.set(false);
    this.rebuilt.set(null);
  }
}

/** Browsers and Dexie name a full store differently and nest the cause; any of them counts. */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { name?: string; message?: string; inner?: unknown; cause?: unknown; parameters?: { error?: unknown } };
  if (e.name === 'QuotaExceededError' || /quota/i.test(e.message ?? '')) return true;
  return [e.inner, e.cause, e.parameters?.error].some((inner) => isQuotaError(inner, depth + 1));
}
