import { CATALOG_DB, COUNTRIES, insightsDbName, userDbName } from '../../couchdb/database-names';
import { NEEDS_TOPICS } from '../../couchdb/needs-topics';
import { isStatus, type Couch } from '../couch/client';
import { sameJson } from '../couch/provision';
import { learningFigures, needsFigures, ownerPart, questionsOf, type OwnerPart, type QuestionKey } from './learning-figures';

/** Server-only: one part per owner (`part:<cc>:<name>`), what their private database says in counts. */
export const INSIGHT_PARTS_DB = 'me2me-insight-parts';
export const LEARNING_FIGURES_ID = 'figures:learning';
export const NEEDS_FIGURES_ID = 'figures:needs';

type Doc = { _id: string; _rev?: string } & Record<string, unknown>;

/**
 * Keeps each network's `insights-<cc>` up to date with what its owners' private databases say, as
 * counts. A change costs one owner's database and their network's parts, never every database: an
 * owner's write (reported by the gateway) updates their part, then their network's figures. A
 * catch-up over every owner at start and every half hour brings in what another instance heard or a
 * restart missed. Everything is written only when it differs, so any number of instances may run it.
 */
export class InsightsAggregator {
  private readonly waitingOwners = new Set<string>();
  private readonly waitingNetworks = new Set<string>();
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private catchUpTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(
    private readonly couch: Couch,
    private readonly delayMs = 1000,
  ) {}

  start(catchUpEveryMs = 30 * 60_000): void {
    this.stopped = false;
    void this.catchUp().catch((error) => console.warn('Insights catch-up:', (error as Error).message));
    this.catchUpTimer = setInterval(() => void this.catchUp().catch(() => undefined), catchUpEveryMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
  }

  /** An owner wrote into their private database: their part and network follow shortly (writes in a burst count once). */
  ownerChanged(name: string): void {
    this.waitingOwners.add(name);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush().catch((error) => console.warn('Insights:', (error as Error).message));
    }, this.delayMs);
  }

  /** Brings every part and every network's figures up to date. */
  async catchUp(): Promise<void> {
    const owners = await this.owners();
    const questions = await this.questions();
    for (const [name, country] of owners) await this.updatePart(name, country, questions);
    await this.removePartsOf(owners);
    for (const country of COUNTRIES) await this.updateFigures(country, questions);
  }

  /** Updates what was reported since the last flush; resolves when done (tests await it). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = (async () => {
      const names = [...this.waitingOwners];
      this.waitingOwners.clear();
      if (names.length === 0 || this.stopped) return;
      const owners = await this.owners(names);
      const questions = await this.questions();
      for (const name of names) {
        const country = owners.get(name);
        if (country && (await this.updatePart(name, country, questions))) this.waitingNetworks.add(country);
      }
      const networks = [...this.waitingNetworks];
      this.waitingNetworks.clear();
      for (const country of networks) await this.updateFigures(country, questions);
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Owners with their network, from the accounts (a deleted account has no roles left): those named,
   * or every account for a catch-up. A reported write reads only its writers' accounts.
   */
  private async owners(names?: readonly string[]): Promise<Map<string, string>> {
    const accounts = this.couch.use<Doc>('_users');
    const users = names
      ? await accounts.fetch({ keys: names.map((name) => `org.couchdb.user:${name}`) })
      : await accounts.list({ include_docs: true });
    const owners = new Map<string, string>();
    for (const row of users.rows as { doc?: Doc | null }[]) {
      if (!row.doc) continue;
      const roles = (row.doc['roles'] as string[] | undefined) ?? [];
      const network = roles.find((role) => /^owner:[a-z]{2}$/.test(role));
      if (network) owners.set(String(row.doc['name']), network.slice('owner:'.length));
    }
    return owners;
  }

  private async questions(): Promise<Map<string, QuestionKey>> {
    const catalog = await this.couch.use<Doc>(CATALOG_DB).list({ include_docs: true });
    return questionsOf(catalog.rows.map((row) => row.doc!).filter((doc) => doc && doc['type'] === 'lesson'));
  }

  /** Writes the owner's part if it changed; true when it did. */
  private async updatePart(name: string, country: string, questions: ReadonlyMap<string, QuestionKey>): Promise<boolean> {
    let docs: Doc[];
    try {
      docs = (await this.couch.use<Doc>(userDbName(name)).list({ include_docs: true })).rows.map((row) => row.doc!).filter(Boolean);
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
    const part = ownerPart(docs, questions);
    return this.writeIfChanged(INSIGHT_PARTS_DB, { _id: `part:${country}:${name}`, country, part });
  }

  /** Parts of people who are no longer owners (an account deleted) go, and with them their counts. */
  private async removePartsOf(owners: ReadonlyMap<string, string>): Promise<void> {
    const parts = await this.couch.use<Doc>(INSIGHT_PARTS_DB).list();
    const gone = parts.rows.filter((row) => {
      const [, country, name] = /^part:([a-z]{2}):(.+)$/.exec(row.id) ?? [];
      return name !== undefined && owners.get(name) !== country;
    });
    if (gone.length > 0)
      await this.couch
        .use(INSIGHT_PARTS_DB)
        .bulk({ docs: gone.map((row) => ({ _id: row.id, _rev: row.value.rev, _deleted: true })) as never });
  }

  private async updateFigures(country: string, questions: ReadonlyMap<string, QuestionKey>): Promise<void> {
    const rows = await this.couch
      .use<Doc>(INSIGHT_PARTS_DB)
      .list({ include_docs: true, startkey: `part:${country}:`, endkey: `part:${country}:\ufff0` });
    const parts = rows.rows.map((row) => row.doc!['part'] as OwnerPart);
    const figures = learningFigures(parts, questions);
    await this.writeIfChanged(insightsDbName(country), { _id: LEARNING_FIGURES_ID, type: 'figures', kind: 'learning', country, figures });
    const needs = needsFigures(parts, NEEDS_TOPICS);
    await this.writeIfChanged(insightsDbName(country), { _id: NEEDS_FIGURES_ID, type: 'figures', kind: 'needs', country, figures: needs });
  }

  /** Writes `doc` unless the stored one says the same; a write another instance made first is theirs. */
  private async writeIfChanged(db: string, doc: Doc): Promise<boolean> {
    const store = this.couch.use<Doc>(db);
    let stored: Doc | null = null;
    try {
      stored = await store.get(doc._id);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    if (stored) {
      const { _rev: _, updatedAt: __, ...storedContent } = stored;
      if (sameJson(storedContent, doc)) return false;
    }
    try {
      await store.insert({ ...doc, updatedAt: new Date().toISOString(), ...(stored?._rev ? { _rev: stored._rev } : {}) });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    return true;
  }
}
