import { randomInt } from 'node:crypto';
import { userDbName } from '../../couchdb/databases';
import { isStatus, type Couch } from '../couch/client';
import { sameJson } from '../couch/provision';

/** Server-only: which owner holds which certificate code. Nobody but the server reads it. */
export const CERTIFICATES_DB = 'me2me-certificates';

/** No 0/O, 1/I/L: a code read aloud or copied from paper survives. 12 of 31 signs: about 59 bits. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

export interface CertificateFacts {
  readonly owner: string;
  readonly country: string;
  readonly completedAt: string;
  readonly facilitators: readonly string[];
}

/** What the public verification shows: the facts and the holder's full name as they gave it. */
export interface VerifiedCertificate extends CertificateFacts {
  readonly code: string;
  readonly fullName: string | null;
}

type CodeDoc = { _id: string; _rev?: string; code: string } & Record<string, unknown>;

/** A code as someone typed it ("k7qm 2xd9 prt4"), or null when it cannot be one. */
export function normaliseCode(typed: string): string | null {
  const signs = typed.toUpperCase().replace(/[\s-]/g, '');
  if (signs.length !== 12) return null;
  const code = `${signs.slice(0, 4)}-${signs.slice(4, 8)}-${signs.slice(8)}`;
  return CODE.test(code) ? code : null;
}

function newCode(): string {
  const signs = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${signs.slice(0, 4)}-${signs.slice(4, 8)}-${signs.slice(8)}`;
}

/**
 * Induction certificates: one code per owner, kept for good once issued (a printed certificate keeps
 * working), with the facts written beside it. Any number of instances may issue at once: the owner's
 * document is created only once (the loser of a race reads the winner's code), and the facts are
 * written only when they differ.
 */
export class Certificates {
  constructor(private readonly couch: Couch) {}

  private get db() {
    return this.couch.use<CodeDoc>(CERTIFICATES_DB);
  }

  /** The owner's code, issuing one if they have none; the facts are brought up to date. */
  async issue(facts: CertificateFacts): Promise<string> {
    const code = await this.codeOf(facts.owner) ?? (await this.claimCode(facts.owner));
    const id = `code:${code}`;
    const stored = await this.read(id);
    const record = { code, ...facts, facilitators: [...facts.facilitators] };
    if (stored && sameJson({ ...stored, _id: undefined, _rev: undefined }, { ...record, _id: undefined, _rev: undefined })) return code;
    try {
      await this.db.insert({ _id: id, ...(stored?._rev ? { _rev: stored._rev } : {}), ...record });
    } catch (error) {
      // Another instance wrote the same facts a moment ago.
      if (!isStatus(error, 409)) throw error;
    }
    return code;
  }

  async codeOf(owner: string): Promise<string | null> {
    return (await this.read(`owner:${owner}`))?.code ?? null;
  }

  /** The certificate a code names, with the holder's full name read now from their own settings. */
  async verify(code: string): Promise<VerifiedCertificate | null> {
    const record = await this.read(`code:${code}`);
    if (!record) return null;
    const owner = String(record['owner']);
    // The code stays with its owner: a record not matching the owner's own code is not shown.
    if ((await this.codeOf(owner)) !== code) return null;
    return {
      code,
      owner,
      country: String(record['country']),
      completedAt: String(record['completedAt']),
      facilitators: (record['facilitators'] as string[]) ?? [],
      fullName: await this.fullNameOf(owner),
    };
  }

  /** An account deleted: its certificate no longer verifies. */
  async forget(owner: string): Promise<void> {
    const mine = await this.read(`owner:${owner}`);
    if (!mine) return;
    const facts = await this.read(`code:${mine.code}`);
    const gone = [mine, facts].filter((doc): doc is CodeDoc => doc !== null).map((doc) => ({ _id: doc._id, _rev: doc._rev, _deleted: true }));
    await this.db.bulk({ docs: gone as never });
  }

  private async claimCode(owner: string): Promise<string> {
    try {
      const code = newCode();
      await this.db.insert({ _id: `owner:${owner}`, code, owner });
      return code;
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      const winner = await this.codeOf(owner);
      if (!winner) throw error;
      return winner;
    }
  }

  private async fullNameOf(owner: string): Promise<string | null> {
    try {
      const settings = await this.couch.use<{ fullName?: unknown }>(userDbName(owner)).get('settings');
      return typeof settings.fullName === 'string' && settings.fullName.trim() ? settings.fullName.trim() : null;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  private async read(id: string): Promise<CodeDoc | null> {
    try {
      return await this.db.get(id);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }
}
