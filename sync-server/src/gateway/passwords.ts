import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { StoreError, type StoreClient } from './store-client';

const derive = promisify(pbkdf2);

/** What CouchDB (and pouchdb-auth) keep of a password in `_users`. */
interface StoredUser {
  name?: unknown;
  roles?: unknown;
  password_scheme?: unknown;
  pbkdf2_prf?: unknown;
  derived_key?: unknown;
  salt?: unknown;
  iterations?: unknown;
}

export type PasswordCheck = { name: string; roles: string[] } | 'wrong' | 'unavailable' | 'busy';

/**
 * Checks a member's password against the hash the store keeps, here rather than by the store's own
 * `_session`: every sign-in reaches the store from this server's address, so CouchDB's lock-out
 * (five failures per user and address) would lock a member out for everyone; and the embedded store
 * hashes in plain JavaScript that blocks it. Node's PBKDF2 runs off the event loop; at most
 * `concurrent` run at once, so a flood of sign-ins cannot take every worker thread.
 */
export class PasswordChecker {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  /**
   * A name with no account (or no password) costs the same hashing as one with: otherwise the time of
   * an answer would tell who has an account. The parameters are those of the last real hash seen.
   */
  private decoy: StoredHash = { salt: 'decoy', iterations: 1000, key: Buffer.alloc(32), digest: 'sha256' };

  constructor(
    private readonly store: StoreClient,
    private readonly concurrent = 2,
    private readonly maxWaiting = 200,
  ) {}

  async check(name: string, password: string): Promise<PasswordCheck> {
    let user: StoredUser;
    try {
      const { status, body } = await this.store.json<StoredUser>('GET', ['_users', `org.couchdb.user:${name}`], { expect: [200, 404] });
      user = status === 404 ? {} : body;
    } catch (error) {
      if (error instanceof StoreError || (error as Error).name === 'TypeError') return 'unavailable';
      throw error;
    }
    const real = storedHash(user);
    if (real) this.decoy = { ...real, salt: 'decoy', key: Buffer.alloc(real.key.length) };
    const hash = real ?? this.decoy;
    if (this.running >= this.concurrent && this.queue.length >= this.maxWaiting) return 'busy';
    await this.turn();
    try {
      const derived = await derive(password, hash.salt, hash.iterations, hash.key.length, hash.digest);
      if (!real || !timingSafeEqual(derived, hash.key)) return 'wrong';
    } finally {
      this.next();
    }
    const roles = Array.isArray(user.roles) ? user.roles.filter((role): role is string => typeof role === 'string') : [];
    return { name, roles };
  }

  private turn(): Promise<void> {
    if (this.running < this.concurrent) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private next(): void {
    const waiting = this.queue.shift();
    if (waiting) waiting();
    else this.running -= 1;
  }
}

interface StoredHash {
  salt: string;
  iterations: number;
  key: Buffer;
  digest: string;
}

/** The PBKDF2 parameters of a stored user, or null for a scheme we do not take (no password, `simple`). */
function storedHash(user: StoredUser): StoredHash | null {
  if (user.password_scheme !== 'pbkdf2') return null;
  const { salt, iterations, derived_key: derivedKey } = user;
  // CouchDB 3.4+ names its hash function; older hashes, and pouchdb-auth's, are SHA-1.
  const digest = user.pbkdf2_prf === undefined ? 'sha1' : user.pbkdf2_prf;
  if (typeof salt !== 'string' || typeof derivedKey !== 'string' || !/^([0-9a-f]{2}){16,64}$/.test(derivedKey)) return null;
  if (typeof digest !== 'string' || !['sha1', 'sha224', 'sha256', 'sha384', 'sha512'].includes(digest)) return null;
  const rounds = Number(iterations);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10_000_000) return null;
  return { salt, iterations: rounds, key: Buffer.from(derivedKey, 'hex'), digest };
}
