import { randomInt } from 'node:crypto';
import { userDbName } from '../../couchdb/database-names';
import { COHORT_KIND_NAMES, isCohortKind, type CohortKind } from '../../couchdb/workshops/cohort-kinds';
import { isStatus, type Couch } from '../couch/client';
import { sameJson } from '../couch/provision';

/** Server-only: which owner holds which certificate code. Nobody but the server reads it. */
export const CERTIFICATES_DB = 'me2me-certificates';

/** No 0/O, 1/I/L: a code read aloud or copied from paper survives. 12 of 31 signs: about 59 bits. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

export interface CertificateFacts {
  readonly owner: string;
  /** Which course it certifies: the induction or a CPD course. */
  readonly course: CohortKind;
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

function stripMeta(doc: CodeDoc): Record<string, unknown> {
  const { _id: _, _rev: __, ...content } = doc;
  return content;
}

function newCode(): string {
  const signs = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${signs.slice(0, 4)}-${signs.slice(4, 8)}-${signs.slice(8)}`;
}

/** Where a holder's code for a course is kept: `owner:<name>` for the induction (as before courses), `owner:<name>:<course>` else. */
function holderId(owner: string, course: CohortKind): string {
  return course === 'induction' ? `owner:${owner}` : `owner:${owner}:${course}`;
}

/**
 * Course certificates: one code per person and course, kept for good once issued (a printed certificate keeps
 * working), with the facts written beside it. Any number of instances may issue at once: the owner's
 * document is created only once (the loser of a race reads the winner's code), and the facts are
 * written only when they differ.
 */
export class Certificates {
  constructor(private readonly couch: Couch) {}

  private get db() {
    return this.couch.use<CodeDoc>(CERTIFICATES_DB);
  }

  /**
   * The owner's code, issuing one if they have none, with the facts brought up to date. The holder's
   * full name is taken once, the first time there is one, and kept: a certificate cannot be passed
   * from name to name. A withdrawn certificate is given back when the completion holds again.
   */
  async issue(facts: CertificateFacts): Promise<{ code: string; fullName: string | null }> {
    const code = (await this.codeOf(facts.owner, facts.course)) ?? (await this.claimCode(facts.owner, facts.course));
    const id = `code:${code}`;
    const stored = await this.read(id);
    const fullName = (stored?.['fullName'] as string | undefined) ?? (await this.fullNameOf(facts.owner));
    const record = { code, ...facts, facilitators: [...facts.facilitators], ...(fullName ? { fullName } : {}) };
    await this.writeIfDifferent(id, stored, record);
    return { code, fullName };
  }

  /** Completion no longer holds: the certificate stops verifying (its code stays the owner's). */
  async withdraw(owner: string, course: CohortKind): Promise<void> {
    const code = await this.codeOf(owner, course);
    if (!code) return;
    const stored = await this.read(`code:${code}`);
    if (!stored || stored['withdrawn'] === true) return;
    await this.writeIfDifferent(stored._id, stored, { ...stripMeta(stored), withdrawn: true });
  }

  private async writeIfDifferent(id: string, stored: CodeDoc | null, record: Record<string, unknown>): Promise<void> {
    if (stored && sameJson(stripMeta(stored), record)) return;
    try {
      await this.db.insert({ _id: id, ...(stored?._rev ? { _rev: stored._rev } : {}), ...record } as CodeDoc);
    } catch (error) {
      // Another instance wrote a moment ago; the next projection brings this one up to date.
      if (!isStatus(error, 409)) throw error;
    }
  }

  async codeOf(owner: string, course: CohortKind): Promise<string | null> {
    return (await this.read(holderId(owner, course)))?.code ?? null;
  }

  /** The certificate a code names, or 'withdrawn'; the holder's name as kept (taken now if none was yet). */
  async verify(code: string): Promise<VerifiedCertificate | 'withdrawn' | null> {
    const record = await this.read(`code:${code}`);
    if (!record) return null;
    const owner = String(record['owner']);
    // Certificates from before courses were all for the induction.
    const course = record['course'] === undefined ? 'induction' : record['course'];
    if (!isCohortKind(course)) return null;
    // The code stays with its owner: a record not matching the owner's own code is not shown.
    if ((await this.codeOf(owner, course)) !== code) return null;
    if (record['withdrawn'] === true) return 'withdrawn';
    let fullName = (record['fullName'] as string | undefined) ?? null;
    if (!fullName) {
      fullName = await this.fullNameOf(owner);
      if (fullName) await this.writeIfDifferent(record._id, record, { ...stripMeta(record), fullName });
    }
    return {
      code,
      owner,
      course,
      country: String(record['country']),
      completedAt: String(record['completedAt']),
      facilitators: (record['facilitators'] as string[]) ?? [],
      fullName,
    };
  }

  /** An account deleted: none of its certificates verifies any more. */
  async forget(owner: string): Promise<void> {
    for (const course of COHORT_KIND_NAMES) {
      const mine = await this.read(holderId(owner, course));
      if (!mine) continue;
      const facts = await this.read(`code:${mine.code}`);
      const gone = [mine, facts]
        .filter((doc): doc is CodeDoc => doc !== null)
        .map((doc) => ({ _id: doc._id, _rev: doc._rev, _deleted: true }));
      await this.db.bulk({ docs: gone as never });
    }
  }

  private async claimCode(owner: string, course: CohortKind): Promise<string> {
    try {
      const code = newCode();
      await this.db.insert({ _id: holderId(owner, course), code, owner });
      return code;
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      const winner = await this.codeOf(owner, course);
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
