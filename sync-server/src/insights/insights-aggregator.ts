import { createHash } from 'node:crypto';
import type { DocumentScope } from 'nano';
import { CATALOG_DB, COUNTRIES, insightsDbName, userDbName } from '../../couchdb/database-names';
import { NEEDS_TOPICS } from '../../couchdb/needs-topics';
import { INSIGHTS_DEFAULTS, type InsightsSettings } from '../config';
import { isStatus, type Couch } from '../couch/client';
import { sameJson } from '../couch/provision';
import { catalogKeyOf, learningFigures, needsFigures, ownerPart, QUARTER_DAYS, type CatalogKey, type OwnerPart } from './learning-figures';

/**
 * Server-only: one part per owner (`part:<cc>:<name>`), what their private database says in counts,
 * with the time the aggregator first saw them as an owner; and per network and figures document
 * what was last published (`published:<cc>:<kind>`): when, from whose contributions, and the figures.
 */
export const INSIGHT_PARTS_DB = 'me2me-insight-parts';
export const LEARNING_FIGURES_ID = 'figures:learning';
export const NEEDS_FIGURES_ID = 'figures:needs';

const DAY_MS = 86_400_000;
/** Owners whose records are read at once: each owner costs a few small reads, mostly waiting on the store. */
const OWNERS_AT_ONCE = 8;
/** Needs check-ins an owner's records may hold before they are read by key instead: one a quarter is six years' worth. */
const CHECK_INS_READ = 24;

type Doc = { _id: string; _rev?: string } & Record<string, unknown>;

interface PartDoc extends Doc {
  readonly country: string;
  /** When the aggregator first saw this account as an owner: the account's age, as far as the store can tell. */
  readonly since: string;
  readonly part: OwnerPart;
}

interface PublishedDoc extends Doc {
  readonly publishedAt: string;
  /** A fingerprint of each owner's contribution as published, by name: what "changed since" compares with. */
  readonly contributions: Readonly<Record<string, string>>;
  readonly figures: unknown;
}

/** One figures document of a network: what of a part it shows, and how. */
interface FiguresKind {
  readonly kind: 'learning' | 'needs';
  readonly id: string;
  /** The part of an owner's part this document is made from, or null when they add nothing to it. */
  contribution(part: OwnerPart): unknown;
  figures(parts: readonly OwnerPart[], catalog: CatalogKey): unknown;
}

const KINDS: readonly FiguresKind[] = [
  {
    kind: 'learning',
    id: LEARNING_FIGURES_ID,
    contribution: (part) =>
      Object.keys(part.lessons).length > 0 ? { lessons: part.lessons, minutes: part.minutes ?? {}, questions: part.questions } : null,
    figures: (parts, catalog) => learningFigures(parts, catalog),
  },
  {
    kind: 'needs',
    id: NEEDS_FIGURES_ID,
    contribution: (part) => (part.needs || part.feedback ? { needs: part.needs ?? null, feedback: part.feedback ?? null } : null),
    figures: (parts, catalog) => needsFigures(parts, NEEDS_TOPICS, catalog),
  },
];

/**
 * Keeps each network's `insights-<cc>` up to date with what its owners' private databases say, as
 * counts. A change costs one owner's records and their network's parts, never every database: an
 * owner's write (reported by the gateway) updates their part, then their network is looked at. A
 * catch-up over every owner at start and every half hour brings in what another instance heard or a
 * restart missed.
 *
 * A figures document is published only when at least five owners' contributions to it changed since
 * its last publication, at most once per `insightsMinHours`, and counts only owners first seen at
 * least `insightsMinAccountDays` ago: no publication differs from the one before by one person, and
 * sock puppets signed up today make nobody's answers visible. Earlier revisions are compacted away.
 * The decision is taken against the stored publication record, written with its revision, so any
 * number of instances agree on one publication; everything else is written only when it differs.
 */
export class InsightsAggregator {
  private readonly waitingOwners = new Set<string>();
  private readonly waitingNetworks = new Set<string>();
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private catchUpTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly delayMs: number;
  private readonly now: () => number;

  constructor(
    private readonly couch: Couch,
    private readonly settings: InsightsSettings = INSIGHTS_DEFAULTS,
    options: { readonly delayMs?: number; readonly now?: () => number } = {},
  ) {
    this.delayMs = options.delayMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

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

  /** Brings every part up to date, and publishes every network that is due. */
  async catchUp(): Promise<void> {
    const owners = await this.owners();
    const catalog = await this.catalog();
    // Every stored part in one read, rather than one read per owner.
    const parts = await this.couch.use<PartDoc>(INSIGHT_PARTS_DB).list({ include_docs: true, startkey: 'part:', endkey: 'part:\ufff0' });
    const stored = new Map(parts.rows.flatMap((row) => (row.doc ? [[row.id, row.doc] as const] : [])));
    await atMost(OWNERS_AT_ONCE, [...owners], ([name, country]) => this.updatePartSafely(name, country, catalog, stored));
    await this.removePartsOf(owners, parts.rows);
    for (const country of COUNTRIES) await this.publishSafely(country, catalog);
  }

  /** Updates what was reported since the last flush; resolves when done (tests await it). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = (async () => {
      const names = [...this.waitingOwners];
      this.waitingOwners.clear();
      if (names.length === 0 || this.stopped) return;
      const owners = await this.owners(names);
      const catalog = await this.catalog();
      await atMost(OWNERS_AT_ONCE, names, async (name) => {
        const country = owners.get(name);
        if (country && (await this.updatePartSafely(name, country, catalog))) this.waitingNetworks.add(country);
      });
      const networks = [...this.waitingNetworks];
      this.waitingNetworks.clear();
      for (const country of networks) await this.publishSafely(country, catalog);
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

  /** The catalog's lessons and questions, read once per run. */
  private async catalog(): Promise<CatalogKey> {
    const lessons = await this.couch.use<Doc>(CATALOG_DB).list({ include_docs: true, startkey: 'lesson:', endkey: 'lesson:\ufff0' });
    return catalogKeyOf(lessons.rows.map((row) => row.doc!).filter((doc) => doc && doc['type'] === 'lesson'));
  }

  /** One owner's failure (a database that does not answer) is reported and does not stop the others. */
  private async updatePartSafely(
    name: string,
    country: string,
    catalog: CatalogKey,
    stored?: ReadonlyMap<string, PartDoc>,
  ): Promise<boolean> {
    try {
      return await this.updatePart(name, country, catalog, stored);
    } catch (error) {
      console.warn(`Insights: the records of ${name} could not be read:`, (error as Error).message);
      return false;
    }
  }

  /** Writes the owner's part if it changed; true when it did. `parts`: every stored part, when a catch-up read them already. */
  private async updatePart(name: string, country: string, catalog: CatalogKey, parts?: ReadonlyMap<string, PartDoc>): Promise<boolean> {
    const docs = await this.recordsOf(name, catalog);
    if (!docs) return false;
    const id = `part:${country}:${name}`;
    const stored = parts ? (parts.get(id) ?? null) : await this.read<PartDoc>(INSIGHT_PARTS_DB, id);
    const since = typeof stored?.since === 'string' ? stored.since : new Date(this.now()).toISOString();
    return this.writeIfChanged(INSIGHT_PARTS_DB, { _id: id, country, since, part: ownerPart(docs, catalog) }, stored);
  }

  /**
   * What can count of an owner's private database, and nothing else: progress and feedback of the
   * catalog's lessons, the latest needs check-in not dated ahead of today and the latest at least
   * three months before it. Null without a database.
   *
   * One range read takes an owner's feedback, check-ins and progress together, as many rows at most as
   * a full record of every catalog lesson and a few years of check-ins. When it is full, the owner has
   * records of lessons the catalog has not (withdrawn, or made up), and the records that can count are
   * read by key instead: a flood of made-up records costs a bounded read either way.
   */
  private async recordsOf(name: string, catalog: CatalogKey): Promise<Doc[] | null> {
    const db = this.couch.use<Doc>(userDbName(name));
    const today = isoDay(this.now());
    const limit = rangeReadLimit(catalog);
    try {
      const range = await db.list({ include_docs: true, startkey: 'feedback:', endkey: 'progress:\ufff0', limit });
      if (range.rows.length < limit) {
        const docs = range.rows.flatMap((row) => (row.doc ? [row.doc] : []));
        const checkIns = docs.filter((doc) => doc._id.startsWith('needs:') && doc._id <= `needs:${today}`);
        return [...docs.filter((doc) => countsFor(doc._id, catalog)), ...latestCheckIns(checkIns)];
      }
      return await this.recordsByKey(db, catalog, today);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** The records that can count, each read by its key (the catalog's lessons), and two needs check-ins. */
  private async recordsByKey(db: DocumentScope<Doc>, catalog: CatalogKey, today: string): Promise<Doc[]> {
    const keys = [...catalog.lessonIds].flatMap((lessonId) => [`progress:${lessonId}`, `feedback:${lessonId}`]);
    const docs: Doc[] = [];
    if (keys.length > 0) {
      const rows = (await db.fetch({ keys })).rows as { doc?: Doc | null }[];
      rows.forEach((row) => row.doc && docs.push(row.doc));
    }
    const latestBefore = async (day: string) =>
      (await db.list({ include_docs: true, descending: true, startkey: `needs:${day}`, endkey: 'needs:', limit: 1 })).rows[0]?.doc as
        | Doc
        | undefined;
    const latest = await latestBefore(today);
    const latestDay = latest ? Date.parse(`${latest._id.slice('needs:'.length)}T00:00:00Z`) : NaN;
    if (latest && Number.isFinite(latestDay)) {
      docs.push(latest);
      const earlier = await latestBefore(isoDay(latestDay - QUARTER_DAYS * DAY_MS));
      if (earlier) docs.push(earlier);
    }
    return docs;
  }

  /** Parts of people who are no longer owners (an account deleted) go, and with them their counts. */
  private async removePartsOf(
    owners: ReadonlyMap<string, string>,
    parts: readonly { id: string; value: { rev: string } }[],
  ): Promise<void> {
    const gone = parts.filter((row) => {
      const [, country, name] = /^part:([a-z]{2}):(.+)$/.exec(row.id) ?? [];
      return name !== undefined && owners.get(name) !== country;
    });
    if (gone.length > 0)
      await this.couch
        .use(INSIGHT_PARTS_DB)
        .bulk({ docs: gone.map((row) => ({ _id: row.id, _rev: row.value.rev, _deleted: true })) as never });
  }

  /** One network's failure is reported and does not stop the others. */
  private async publishSafely(country: string, catalog: CatalogKey): Promise<void> {
    try {
      await this.publish(country, catalog);
    } catch (error) {
      console.warn(`Insights: the figures of ${country} could not be published:`, (error as Error).message);
    }
  }

  /**
   * Publishes each figures document of the network that is due, then makes `insights-<cc>` say what
   * the publication records say and compacts it, so that no earlier revision can be read.
   */
  private async publish(country: string, catalog: CatalogKey): Promise<void> {
    const rows = await this.couch
      .use<PartDoc>(INSIGHT_PARTS_DB)
      .list({ include_docs: true, startkey: `part:${country}:`, endkey: `part:${country}:\ufff0` });
    const oldEnough = this.now() - this.settings.insightsMinAccountDays * DAY_MS;
    const counted = new Map(
      rows.rows
        .map((row) => row.doc!)
        .filter((doc) => doc && Date.parse(doc.since) <= oldEnough)
        .map((doc) => [doc._id.slice(`part:${country}:`.length), doc.part] as const),
    );
    let rewritten = false;
    for (const kind of KINDS) {
      const record = await this.publication(country, kind, counted, catalog);
      if (!record) continue;
      const shown = { _id: kind.id, type: 'figures', kind: kind.kind, country, figures: record.figures };
      const stored = await this.read<Doc>(insightsDbName(country), kind.id);
      if (await this.writeIfChanged(insightsDbName(country), shown, stored)) rewritten = true;
    }
    // CouchDB compacts in the background; the embedded store before it answers.
    if (rewritten) await this.couch.db.compact(insightsDbName(country));
  }

  /** The network's publication of one figures document: a new one when due, else the last; null when none yet. */
  private async publication(
    country: string,
    kind: FiguresKind,
    counted: ReadonlyMap<string, OwnerPart>,
    catalog: CatalogKey,
  ): Promise<PublishedDoc | null> {
    const id = `published:${country}:${kind.kind}`;
    const record = await this.read<PublishedDoc>(INSIGHT_PARTS_DB, id);
    const contributions: Record<string, string> = {};
    for (const [name, part] of counted) {
      const contribution = kind.contribution(part);
      if (contribution !== null) contributions[name] = fingerprint(contribution);
    }
    if (!this.due(record, contributions)) return record;
    const figures = kind.figures([...counted.values()], catalog);
    const publishedAt = new Date(this.now()).toISOString();
    try {
      await this.couch
        .use<PublishedDoc>(INSIGHT_PARTS_DB)
        .insert({ _id: id, ...(record?._rev ? { _rev: record._rev } : {}), publishedAt, contributions, figures });
    } catch (error) {
      // Another instance published first: its publication is the one to show.
      if (!isStatus(error, 409)) throw error;
    }
    return this.read<PublishedDoc>(INSIGHT_PARTS_DB, id);
  }

  /** Enough owners' contributions (five unless configured) differ from the last publication, and it is old enough. */
  private due(record: PublishedDoc | null, contributions: Readonly<Record<string, string>>): boolean {
    if (record && this.now() - Date.parse(record.publishedAt) < this.settings.insightsMinHours * 3_600_000) return false;
    const published = record?.contributions ?? {};
    const names = new Set([...Object.keys(published), ...Object.keys(contributions)]);
    let changed = 0;
    for (const name of names) if (published[name] !== contributions[name]) changed += 1;
    return changed >= this.settings.insightsBatchOwners;
  }

  private async read<T extends Doc>(db: string, id: string): Promise<T | null> {
    try {
      return await this.couch.use<T>(db).get(id);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** Writes `doc` over `stored` unless it says the same; a write another instance made first is theirs. */
  private async writeIfChanged(db: string, doc: Doc, stored: Doc | null): Promise<boolean> {
    if (stored) {
      const { _rev: _, updatedAt: __, ...storedContent } = stored;
      if (sameJson(storedContent, doc)) return false;
    }
    try {
      await this.couch
        .use<Doc>(db)
        .insert({ ...doc, updatedAt: new Date(this.now()).toISOString(), ...(stored?._rev ? { _rev: stored._rev } : {}) });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    return true;
  }
}

/**
 * The most rows one range read of an owner's records takes: a progress and a feedback record for every
 * lesson of the catalog, and a few years of check-ins. Also the bound of the read by key that follows
 * a full one (tests read it).
 */
export function rangeReadLimit(catalog: CatalogKey): number {
  return 2 * catalog.lessonIds.size + CHECK_INS_READ;
}

/** Whether a record of an owner's range read is progress or feedback of a catalog lesson. */
function countsFor(id: string, catalog: CatalogKey): boolean {
  const lessonId = /^(?:progress|feedback):(.+)$/.exec(id)?.[1];
  return lessonId !== undefined && catalog.lessonIds.has(lessonId);
}

/** Of an owner's check-ins (none dated ahead), the latest and the latest at least three months before it. */
function latestCheckIns(checkIns: readonly Doc[]): Doc[] {
  const newestFirst = [...checkIns].sort((a, b) => b._id.localeCompare(a._id));
  const latest = newestFirst[0];
  if (!latest) return [];
  const dayOf = (doc: Doc) => Date.parse(`${doc._id.slice('needs:'.length)}T00:00:00Z`);
  const earlier = newestFirst.find((doc) => dayOf(latest) - dayOf(doc) >= QUARTER_DAYS * DAY_MS);
  return earlier ? [latest, earlier] : [latest];
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function atMost<T>(limit: number, items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The UTC day of a time, as in `needs:<day>`. */
function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** A short digest of a contribution, the same for the same content whatever the order of its keys. */
function fingerprint(value: unknown): string {
  const ordered = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(ordered)
      : item && typeof item === 'object'
        ? Object.fromEntries(
            Object.keys(item)
              .sort()
              .map((key) => [key, ordered((item as Record<string, unknown>)[key])]),
          )
        : item;
  return createHash('sha256')
    .update(JSON.stringify(ordered(value)))
    .digest('hex')
    .slice(0, 32);
}
