import path from 'node:path';

/** Everything the sync server can be told, validated once at start and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where the embedded store keeps its LevelDB files; unused with an external CouchDB. */
  readonly dataDir: string;
  /** Apache CouchDB with admin credentials, or null to run the embedded store. */
  readonly couchUrl: URL | null;
  /** The production build of the app, served at `/`. */
  readonly appDir: string;
  /** Largest request body the gateway accepts, in bytes. */
  readonly maxBodyBytes: number;
  /** Seed the demo accounts printed at start (on by default only for the embedded store). */
  readonly demoAccounts: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const couchUrl = optionalCouchUrl(env['COUCHDB_URL']);
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: nonEmpty(env, 'HOST', '127.0.0.1'),
    dataDir: path.resolve(cwd, nonEmpty(env, 'DATA_DIR', 'data')),
    couchUrl,
    appDir: path.resolve(cwd, nonEmpty(env, 'APP_DIR', 'dist/me2me-learn/browser')),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    demoAccounts: flag(env, 'DEMO_ACCOUNTS', couchUrl === null),
  });
}

function nonEmpty(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (raw.trim() === '') throw new ConfigError(name, 'must not be empty');
  return raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  throw new ConfigError(name, `must be on or off, got "${raw}"`);
}

function optionalCouchUrl(raw: string | undefined): URL | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError('COUCHDB_URL', 'is not a URL (expected http://admin:password@host:5984)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('COUCHDB_URL', `must use http or https, got ${url.protocol}`);
  }
  if (!url.username || !url.password) {
    throw new ConfigError('COUCHDB_URL', 'must carry the admin credentials (http://admin:password@host:5984)');
  }
  return url;
}
