/**
 * The lesson list as the user last saw it, kept in localStorage for public/first-paint.js, which
 * paints it before the app's scripts and the local database have loaded (README, Performance).
 */
export interface FirstPaintSnapshot {
  readonly v: 1;
  /** Painted only while this user is the one signed in. */
  readonly user: string;
  readonly lang: string;
  readonly title: string;
  /** What a screen reader says for the tick of a finished lesson. */
  readonly doneLabel: string;
  readonly programmes: readonly {
    readonly title: string;
    readonly summary: string;
    readonly meta: string;
    readonly lessons: readonly { id: string; title: string; summary: string; meta: string; lang: string; done: boolean }[];
  }[];
}

const STORAGE_KEY = 'me2me.firstPaint';

export function keepFirstPaint(snapshot: FirstPaintSnapshot): void {
  const text = JSON.stringify(snapshot);
  try {
    if (localStorage.getItem(STORAGE_KEY) !== text) localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // Storage full: the next start paints when the app has loaded, as before; nothing else is lost.
  }
}

/** At sign-out: the phone may be shared. */
export function forgetFirstPaint(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/** The app's own screen is ready: the painted snapshot goes. */
export function releaseFirstPaint(): void {
  document.getElementById('first-paint')?.remove();
}
