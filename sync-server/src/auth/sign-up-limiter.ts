import { setTimeout as wait } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { RequestHandler } from 'express';
import { isStatus, type Couch } from '../couch/client';

/** The sign-in limiter's database (`AUTH_ATTEMPTS_DB`, provisioned server-only by provision-all.ts). */
const ATTEMPTS_DB = 'me2me-auth-attempts';

export const SIGN_UP_WINDOW_MS = 60 * 60 * 1000;

interface SignUpsDoc {
  _id: string;
  _rev?: string;
  /** One entry per account made (or being made) from the address: when, and a tag to take it back by. */
  signUps: { at: string; tag: string }[];
}

type Reservation = { ok: true; tag: string } | { ok: false; waitMs: number };

/**
 * Limits the accounts made from one address in a sliding window. A place is taken before the
 * account is made, so that requests sent all at once cannot all pass the count, and given back when
 * no account was made (a name taken, a weak password). The counts live in CouchDB under
 * `signup:<address>`, so every instance behind a load balancer sees the same numbers.
 */
export class SignUpLimiter {
  constructor(
    private readonly couch: Couch,
    private readonly max: number,
    private readonly windowMs = SIGN_UP_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async reserve(address: string): Promise<Reservation> {
    const id = signUpId(address);
    for (let attempt = 0; attempt < 10; attempt++) {
      const doc = (await this.read(id)) ?? { _id: id, signUps: [] };
      const recent = this.recent(doc);
      if (recent.length >= this.max) {
        const oldest = Date.parse(recent[recent.length - this.max]!.at);
        return { ok: false, waitMs: Math.max(1000, oldest + this.windowMs - this.now()) };
      }
      const tag = randomBytes(6).toString('hex');
      try {
        await this.couch
          .use<SignUpsDoc>(ATTEMPTS_DB)
          .insert({ ...doc, signUps: [...recent, { at: new Date(this.now()).toISOString(), tag }] });
        return { ok: true, tag };
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
        await wait(20 + Math.random() * 80);
      }
    }
    // So many sign-ups from one address at the same moment that none got its turn: that is a flood.
    return { ok: false, waitMs: 60_000 };
  }

  /** Gives a place back: no account was made with it. */
  async release(address: string, tag: string): Promise<void> {
    const id = signUpId(address);
    for (let attempt = 0; attempt < 10; attempt++) {
      const doc = await this.read(id);
      if (!doc || !doc.signUps.some((entry) => entry.tag === tag)) return;
      try {
        await this.couch.use<SignUpsDoc>(ATTEMPTS_DB).insert({ ...doc, signUps: doc.signUps.filter((entry) => entry.tag !== tag) });
        return;
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
      }
    }
  }

  private recent(doc: SignUpsDoc): SignUpsDoc['signUps'] {
    const since = this.now() - this.windowMs;
    return (Array.isArray(doc.signUps) ? doc.signUps : [])
      .filter((entry) => Date.parse(entry.at) > since)
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  private async read(id: string): Promise<SignUpsDoc | null> {
    try {
      return await this.couch.use<SignUpsDoc>(ATTEMPTS_DB).get(id);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }
}

/**
 * The document id for an address. IPv6 addresses count by their /64 (one home or phone gets a whole
 * /64 and may pick any address in it); IPv4-mapped IPv6 addresses count as the IPv4 address.
 */
export function signUpId(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `signup:${mapped[1]}`;
  if (isIPv6(address)) return `signup:${ipv6Prefix64(address)}::/64`;
  return `signup:${address}`;
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':');
}

/**
 * Express middleware for `POST /api/accounts`: refuses with 429 and Retry-After once an address has
 * made its limit of accounts in the window, and gives the place back when the route
 * answered anything but 201 (an answer never finished, a client gone, keeps it: that is the safe side).
 */
export function signUpLimit(limiter: SignUpLimiter): RequestHandler {
  return async (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const reservation = await limiter.reserve(address);
    if (!reservation.ok) {
      const minutes = Math.ceil(reservation.waitMs / 60000);
      res
        .status(429)
        .set({ 'retry-after': String(Math.ceil(reservation.waitMs / 1000)), 'cache-control': 'no-store' })
        .json({
          error: 'too_many_sign_ups',
          reason: `Too many accounts were made from this network in the last hour. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask your coordinator for help.`,
          code: 'account.tooManySignUps',
          params: { minutes },
        });
      return;
    }
    res.once('finish', () => {
      if (res.statusCode !== 201) {
        limiter.release(address, reservation.tag).catch((error: Error) => console.warn('Sign-up limiter:', error.message));
      }
    });
    next();
  };
}
