import { CATALOG_DB, COUNTRIES, userDbName, workshopsDbName } from '../../couchdb/database-names';
import { LANGUAGES } from '../auth/account-routes';
import { isStatus, type Couch } from '../couch/client';
import { followChanges, type Change } from '../couch/follow-changes';
import { sameJson } from '../couch/provision';

/**
 * Server-only: per cohort (`<cc>:<cohort id>`), who of its enrolled members has finished each
 * session's preparation lesson, by name. Members never reach it; the cohort's own facilitators and the
 * network's coordinators read it through `GET /api/cohorts/<cc>/<cohort id>/preparation`, which checks
 * the cohort as it is at that moment.
 */
export const PREPARATION_DB = 'me2me-preparation';

export const COHORT_ID = /^cohort:[A-Za-z0-9_-]{8,64}$/;
const LESSON_ID = /^lesson:[a-z0-9-]{1,80}$/;
/** Members whose progress is read at once: each is one small read, mostly waiting on the store. */
const MEMBERS_AT_ONCE = 8;

type Doc = { _id: string; _rev?: string; _deleted?: boolean } & Record<string, unknown>;

export interface SessionPreparation {
  readonly number: number;
  readonly lessonId: string;
  /** User names, sorted: who finished the lesson, and who has not yet. */
  readonly done: readonly string[];
  readonly notYet: readonly string[];
}

export interface CohortPreparation {
  readonly cohortId: string;
  /** The sessions that name a preparation lesson. */
  readonly sessions: readonly SessionPreparation[];
}

/**
 * Projects owners' progress in each session's preparation lesson into one document per cohort. It
 * follows every network's workshops database (a cohort or enrolment changed) and hears from the
 * gateway when a member wrote into their private database. It keeps no state of its own and writes a
 * document only when it differs, so any number of instances may run it, any number of times.
 */
export class PreparationProjector {
  private abort = new AbortController();
  private readonly waiting = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private catchUpTimer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;
  private readonly delayMs: number;

  constructor(
    private readonly couch: Couch,
    options: { readonly delayMs?: number } = {},
  ) {
    this.delayMs = options.delayMs ?? 1000;
  }

  /** `catchUpEveryMs`: how often every cohort is projected again, so that a deleted account's name goes within it. */
  start(catchUpEveryMs = 30 * 60_000): void {
    this.abort = new AbortController();
    this.catchUpTimer = setInterval(() => {
      for (const country of COUNTRIES)
        void this.projectCountry(country).catch((error) => console.warn('Cohort preparation:', (error as Error).message));
    }, catchUpEveryMs);
    for (const country of COUNTRIES) {
      void followChanges<Doc>(
        this.couch,
        workshopsDbName(country),
        { catchUp: () => this.projectCountry(country), changed: (changes) => this.projectChanged(country, changes) },
        this.abort.signal,
      );
    }
  }

  stop(): void {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
  }

  /** A member wrote into their private database: the cohorts they are enrolled in follow shortly (a burst counts once). */
  ownerChanged(name: string): void {
    this.waiting.add(name);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush().catch((error) => console.warn('Cohort preparation:', (error as Error).message));
    }, this.delayMs);
  }

  /** Projects again the cohorts of everyone reported since the last flush; resolves when done (tests await it). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = (async () => {
      const names = [...this.waiting];
      this.waiting.clear();
      for (const [country, cohortIds] of await this.cohortsOf(names))
        for (const cohortId of cohortIds) await this.projectCohort(country, cohortId);
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** Every cohort of a network; the documents of cohorts that are gone are removed. */
  async projectCountry(country: string): Promise<void> {
    const cohorts = await this.couch.use<Doc>(workshopsDbName(country)).list({ startkey: 'cohort:', endkey: 'cohort:\ufff0' });
    const live = new Set(cohorts.rows.filter((row) => COHORT_ID.test(row.id)).map((row) => row.id));
    for (const cohortId of live) await this.projectCohort(country, cohortId);
    const projected = await this.couch.use<Doc>(PREPARATION_DB).list({ startkey: `${country}:`, endkey: `${country}:\ufff0` });
    for (const row of projected.rows)
      if (!live.has(row.id.slice(`${country}:`.length))) await this.projectCohort(country, row.id.slice(`${country}:`.length));
  }

  /** Writes one cohort's document if it differs, or removes it when the cohort is gone. */
  async projectCohort(country: string, cohortId: string): Promise<void> {
    const id = `${country}:${cohortId}`;
    const stored = await this.read(PREPARATION_DB, id);
    const cohort = await this.read(workshopsDbName(country), cohortId);
    if (!cohort || cohort['type'] !== 'cohort') {
      if (stored) await this.couch.use(PREPARATION_DB).destroy(id, stored._rev!).catch(ignoreConflict);
      return;
    }
    const preparation = await this.preparationOf(country, cohort);
    const doc = { _id: id, type: 'preparation', country, ...preparation };
    if (stored) {
      const { _rev: _, updatedAt: __, ...content } = stored;
      if (sameJson(content, doc)) return;
    }
    await this.couch
      .use<Doc>(PREPARATION_DB)
      .insert({ ...doc, updatedAt: new Date().toISOString(), ...(stored ? { _rev: stored._rev } : {}) })
      .catch(ignoreConflict);
  }

  private async preparationOf(country: string, cohort: Doc): Promise<CohortPreparation> {
    const sessions = preparedSessions(cohort['sessions']);
    const members = await this.enrolledMembers(country, cohort._id);
    const lessonIds = await this.withTranslations([...new Set(sessions.map((session) => session.lessonId))]);
    const finished = new Map<string, ReadonlySet<string>>();
    if (lessonIds.size > 0) {
      let next = 0;
      const worker = async () => {
        while (next < members.length) {
          const name = members[next++]!;
          finished.set(name, await this.finishedLessons(name, lessonIds));
        }
      };
      await Promise.all(Array.from({ length: Math.min(MEMBERS_AT_ONCE, members.length) }, worker));
    }
    return {
      cohortId: cohort._id,
      sessions: sessions.map(({ number, lessonId }) => ({
        number,
        lessonId,
        done: members.filter((name) => finished.get(name)?.has(lessonId)),
        notYet: members.filter((name) => !finished.get(name)?.has(lessonId)),
      })),
    };
  }

  /**
   * The cohort's roster as the projection may name it: enrolled and not withdrawn, with an account
   * that is a member of this network (whoever wrote the enrolment, and a deleted account names nobody).
   */
  private async enrolledMembers(country: string, cohortId: string): Promise<string[]> {
    const slug = cohortId.slice('cohort:'.length);
    const enrolments = await this.couch
      .use<Doc>(workshopsDbName(country))
      .list({ include_docs: true, startkey: `enrolment:${slug}:`, endkey: `enrolment:${slug}:\ufff0` });
    const names = enrolments.rows
      .map((row) => row.doc)
      .filter((doc) => doc && doc['type'] === 'enrolment' && doc['cohortId'] === cohortId && doc['withdrawn'] !== true)
      .map((doc) => doc!['owner'])
      .filter((name): name is string => typeof name === 'string');
    if (names.length === 0) return [];
    const accounts = await this.couch.use<Doc>('_users').fetch({ keys: names.map((name) => `org.couchdb.user:${name}`) });
    return (accounts.rows as { doc?: Doc | null }[])
      .flatMap((row) =>
        row.doc && ((row.doc['roles'] as unknown[]) ?? []).includes(`country:${country}`) ? [String(row.doc['name'])] : [],
      )
      .sort();
  }

  /**
   * Each lesson and its translations in the catalog (`<id>-<language>`, naming it as `translationOf`),
   * each to the lesson it counts for: an owner may prepare in their own language.
   */
  private async withTranslations(lessonIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const counted = new Map(lessonIds.map((id) => [id, id]));
    if (lessonIds.length === 0) return counted;
    const keys = lessonIds.flatMap((id) => LANGUAGES.map((language) => `${id}-${language}`));
    for (const row of (await this.couch.use<Doc>(CATALOG_DB).fetch({ keys })).rows as { doc?: Doc | null }[]) {
      const original = row.doc?.['translationOf'];
      if (row.doc && typeof original === 'string' && counted.get(original) === original) counted.set(row.doc._id, original);
    }
    return counted;
  }

  /** Which of the lessons the member finished (a translation counting for its lesson), from their private database. */
  private async finishedLessons(name: string, lessonIds: ReadonlyMap<string, string>): Promise<ReadonlySet<string>> {
    try {
      const keys = [...lessonIds.keys()].map((id) => `progress:${id}`);
      const rows = (await this.couch.use<Doc>(userDbName(name)).fetch({ keys })).rows as { doc?: Doc | null }[];
      return new Set(
        rows.flatMap((row) =>
          row.doc && row.doc['status'] === 'completed' ? [lessonIds.get(String(row.doc['lessonId'])) ?? ''].filter(Boolean) : [],
        ),
      );
    } catch (error) {
      if (isStatus(error, 404)) return new Set();
      throw error;
    }
  }

  /** The cohorts a change touches: a cohort itself, or the cohort an enrolment's id names (a deletion is a bare tombstone). */
  private async projectChanged(country: string, changes: readonly Change<Doc>[]): Promise<void> {
    const cohortIds = new Set<string>();
    for (const { id } of changes) {
      if (COHORT_ID.test(id)) cohortIds.add(id);
      const slug = /^enrolment:([^:]+):/.exec(id)?.[1];
      if (slug && COHORT_ID.test(`cohort:${slug}`)) cohortIds.add(`cohort:${slug}`);
    }
    for (const cohortId of cohortIds) await this.projectCohort(country, cohortId);
  }

  /** The cohorts the named members are enrolled in, by network (from their accounts and enrolment ids). */
  private async cohortsOf(names: readonly string[]): Promise<Map<string, Set<string>>> {
    const cohorts = new Map<string, Set<string>>();
    if (names.length === 0) return cohorts;
    const accounts = await this.couch.use<Doc>('_users').fetch({ keys: names.map((name) => `org.couchdb.user:${name}`) });
    const namesByCountry = new Map<string, Set<string>>();
    for (const row of accounts.rows as { doc?: Doc | null }[]) {
      const roles = ((row.doc?.['roles'] as unknown[] | undefined) ?? []).map(String);
      const country = roles.find((role) => /^country:[a-z]{2}$/.test(role))?.slice('country:'.length);
      if (country && (COUNTRIES as readonly string[]).includes(country))
        namesByCountry.set(country, (namesByCountry.get(country) ?? new Set()).add(String(row.doc!['name'])));
    }
    for (const [country, members] of namesByCountry) {
      // Ids only: an enrolment's id ends with the name of whom it enrols.
      const enrolments = await this.couch.use<Doc>(workshopsDbName(country)).list({ startkey: 'enrolment:', endkey: 'enrolment:\ufff0' });
      for (const { id } of enrolments.rows) {
        const [, slug, name] = /^enrolment:([^:]+):([^:]+)$/.exec(id) ?? [];
        if (slug && name && members.has(name)) cohorts.set(country, (cohorts.get(country) ?? new Set()).add(`cohort:${slug}`));
      }
    }
    return cohorts;
  }

  private async read(db: string, id: string): Promise<Doc | null> {
    try {
      return await this.couch.use<Doc>(db).get(id);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }
}

/** The sessions of a cohort that name a preparation lesson, as the workshops rule lets them. */
function preparedSessions(sessions: unknown): { number: number; lessonId: string }[] {
  if (!Array.isArray(sessions)) return [];
  return sessions.flatMap((session: { number?: unknown; preparationLessonId?: unknown } | null) =>
    session &&
    typeof session.number === 'number' &&
    typeof session.preparationLessonId === 'string' &&
    LESSON_ID.test(session.preparationLessonId)
      ? [{ number: session.number, lessonId: session.preparationLessonId }]
      : [],
  );
}

/** Another instance wrote or removed the same document a moment ago: theirs stands. */
function ignoreConflict(error: unknown): void {
  if (!isStatus(error, 409) && !isStatus(error, 404)) throw error;
}
