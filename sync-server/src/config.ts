import { isIP } from 'node:net';
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
  /** Live connections (long-polls) one member may hold on one instance; the app holds at most five per device. */
  readonly memberLongPolls: number;
  /** Accounts that may be made from one address in an hour (a workshop venue's Wi-Fi is one address). */
  readonly signUpsPerAddressPerHour: number;
  /** Certificate checks one address may make in a minute (/verify, /api/certificates). */
  readonly certificateChecksPerAddressPerMinute: number;
  /** How long after an owner's last mark a completed induction counts: the marks' undo window (600 s); shorter only for tests. */
  readonly certificateSettleSeconds: number;
  /** Requests one member may send to one instance's member API in a minute. */
  readonly memberRequestsPerMinute: number;
  /**
   * Which proxies may tell the client's address and protocol (`X-Forwarded-For`, `-Proto`): false for
   * none (the socket's address is the client's), else Express's list (`loopback`, addresses, CIDRs).
   */
  readonly trustProxy: false | readonly string[];
  /** Open connections at most; more are refused (see http-limits.ts). */
  readonly maxConnections: number;
  /** How long a client may take to send a request's headers, in milliseconds. */
  readonly headersTimeoutMs: number;
  /** How long a client may take to send a whole request (headers and body; not the answer), in milliseconds. */
  readonly requestTimeoutMs: number;
  /**
   * How long an idle kept-alive connection stays open, in milliseconds: above a load balancer's own
   * idle timeout, or the balancer reuses connections the server has closed and answers 502.
   */
  readonly keepAliveTimeoutMs: number;
  /** Hours at least between two publications of a network's insights (a tutor cannot watch one owner's write arrive). */
  readonly insightsMinHours: number;
  /** Days an account must exist before its owner counts in the insights (sock puppets made today count in a week at best). */
  readonly insightsMinAccountDays: number;
  /** Owners whose contributions must have changed before a network's figures are published again (five: no two publications differ by one person). */
  readonly insightsBatchOwners: number;
}

/** What the insights aggregator is told, with the defaults it keeps when nobody tells it. */
export type InsightsSettings = Pick<Config, 'insightsMinHours' | 'insightsMinAccountDays' | 'insightsBatchOwners'>;
export const INSIGHTS_DEFAULTS: InsightsSettings = Object.freeze({
  insightsMinHours: 24,
  insightsMinAccountDays: 7,
  insightsBatchOwners: 5,
});

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const couchUrl = optionalCouchUrl(env['COUCHDB_URL']);
  const headersTimeoutSeconds = integer(env, 'HEADERS_TIMEOUT_SECONDS', 20, 1, 300);
  const requestTimeoutSeconds = integer(env, 'REQUEST_TIMEOUT_SECONDS', 120, 1, 3600);
  if (requestTimeoutSeconds < headersTimeoutSeconds) {
    throw new ConfigError(
      'REQUEST_TIMEOUT_SECONDS',
      `must be at least HEADERS_TIMEOUT_SECONDS (${headersTimeoutSeconds}), got ${requestTimeoutSeconds}`,
    );
  }
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: nonEmpty(env, 'HOST', '127.0.0.1'),
    dataDir: path.resolve(cwd, nonEmpty(env, 'DATA_DIR', 'data')),
    couchUrl,
    appDir: path.resolve(cwd, nonEmpty(env, 'APP_DIR', 'dist/me2me-learn/browser')),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    demoAccounts: flag(env, 'DEMO_ACCOUNTS', couchUrl === null),
    memberLongPolls: integer(env, 'MEMBER_LONG_POLLS', 20, 1, 100000),
    // Two workshops of 30 signing up on one venue's Wi-Fi.
    signUpsPerAddressPerHour: integer(env, 'SIGN_UPS_PER_ADDRESS_PER_HOUR', 60, 1, 1_000_000),
    certificateChecksPerAddressPerMinute: integer(env, 'CERTIFICATE_CHECKS_PER_ADDRESS_PER_MINUTE', 30, 1, 1_000_000),
    certificateSettleSeconds: integer(env, 'CERTIFICATE_SETTLE_SECONDS', 600, 0, 86_400),
    memberRequestsPerMinute: integer(env, 'MEMBER_REQUESTS_PER_MINUTE', 1200, 10, 10_000_000),
    trustProxy: trustProxy(env['TRUST_PROXY']),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 2000, 1, 1_000_000),
    headersTimeoutMs: headersTimeoutSeconds * 1000,
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', 5, 1, 600) * 1000,
    insightsMinHours: integer(env, 'INSIGHTS_MIN_HOURS', INSIGHTS_DEFAULTS.insightsMinHours, 0, 24 * 366),
    insightsMinAccountDays: integer(env, 'INSIGHTS_MIN_ACCOUNT_DAYS', INSIGHTS_DEFAULTS.insightsMinAccountDays, 0, 366),
    insightsBatchOwners: integer(env, 'INSIGHTS_BATCH_OWNERS', INSIGHTS_DEFAULTS.insightsBatchOwners, 1, 1000),
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

/** off (the default), loopback, or a comma-separated list of addresses and CIDRs (and loopback). */
function trustProxy(raw: string | undefined): false | readonly string[] {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (value === '' || ['off', 'false', 'no', '0', 'none'].includes(value)) return false;
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (entry === 'loopback') continue;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (!family || !prefixOk || rest.length > 0) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be off, loopback, or a comma-separated list of IP addresses and CIDRs (such as 10.0.0.5,192.168.0.0/16); "${entry}" is none of these`,
      );
    }
  }
  return Object.freeze(entries);
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
