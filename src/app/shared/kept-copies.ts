/**
 * What is kept for a user in localStorage, beside the local database: copies of what they last saw,
 * so that a screen shows them before the database or the network has answered, and steps they took
 * before the database had answered, until they are stored in it. Each names its user and is given to
 * no one else, and all go at sign-out: the phone may be shared.
 */
const KEYS = {
  /** Read by public/first-paint.js too. */
  firstPaint: 'me2me.firstPaint',
  firstLessons: 'me2me.firstLessons',
  firstProgress: 'me2me.firstProgress',
  preparation: 'me2me.preparation',
  waitingSteps: 'me2me.waitingSteps',
  needsLater: 'me2me.needsLater',
  cpdReviews: 'me2me.cpdReviews',
} as const;

/** Kept by earlier versions under each user's database name. */
const LEGACY_PREFIXES = ['me2me.needsLater.'];

export type KeptCopyName = keyof typeof KEYS;

interface KeptCopy {
  readonly v: number;
  readonly user: string;
}

/**
 * The object each copy was last written from in this tab: the same object kept again (the next
 * lessons, at every card turned) is neither turned into text nor read back. Forgetting a copy, or
 * failing to write it, clears its entry, so it is written again.
 */
const lastKept = new Map<KeptCopyName, KeptCopy>();

/**
 * False when the phone had no room. A copy that could not be renewed is dropped, as it no longer says
 * how things are, unless the older one is still true as far as it goes (`keepOlder`).
 */
export function keepCopy<T extends KeptCopy>(name: KeptCopyName, copy: T, { keepOlder = false } = {}): boolean {
  if (lastKept.get(name) === copy) return true;
  const text = JSON.stringify(copy);
  try {
    if (localStorage.getItem(KEYS[name]) !== text) localStorage.setItem(KEYS[name], text);
    lastKept.set(name, copy);
    return true;
  } catch {
    lastKept.delete(name);
    if (!keepOlder) localStorage.removeItem(KEYS[name]);
    return false;
  }
}

export function forgetCopy(name: KeptCopyName): void {
  lastKept.delete(name);
  localStorage.removeItem(KEYS[name]);
}

/** Whose the copy is, whatever its format (undefined: none, or unreadable). */
export function ownerOfCopy(name: KeptCopyName): string | undefined {
  try {
    const user = (JSON.parse(localStorage.getItem(KEYS[name]) ?? 'null') as Partial<KeptCopy> | null)?.user;
    return typeof user === 'string' ? user : undefined;
  } catch {
    return undefined;
  }
}

/** This user's copy in this format, or null (none kept, another user's, an older format, unreadable). */
export function keptCopy<T extends KeptCopy>(name: KeptCopyName, user: string | undefined, version: T['v']): T | null {
  try {
    const copy = JSON.parse(localStorage.getItem(KEYS[name]) ?? 'null') as T | null;
    return copy && typeof copy === 'object' && copy.v === version && copy.user === user && user !== undefined ? copy : null;
  } catch {
    return null;
  }
}

export function forgetKeptCopies(): void {
  lastKept.clear();
  for (const key of Object.values(KEYS)) localStorage.removeItem(key);
  const legacy = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter(
    (key): key is string => !!key && LEGACY_PREFIXES.some((prefix) => key.startsWith(prefix)),
  );
  for (const key of legacy) localStorage.removeItem(key);
}
