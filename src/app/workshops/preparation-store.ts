import { Injectable, inject, signal } from '@angular/core';
import { countryOf } from '../auth/roles';
import { Session, askAsMember, whenMemberChanges } from '../auth/session';
import { keepCopy, keptCopy } from '../shared/kept-copies';

/** One session's preparation lesson: who of the cohort has finished it, and who has not yet (user names). */
export interface SessionPreparation {
  readonly number: number;
  readonly lessonId: string;
  readonly done: readonly string[];
  readonly notYet: readonly string[];
}

/** What the server answered about a cohort's preparation, or why there is nothing to show. */
export type PreparationState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'refused' }
  /** `at`: when the server answered (an answer kept from an earlier run may be days old). */
  | { readonly kind: 'ready'; readonly sessions: readonly SessionPreparation[]; readonly at: string };

/** The last answers, kept for a facilitator at a venue with no network, after a restart too. */
interface KeptPreparation {
  readonly v: 1;
  readonly user: string;
  readonly cohorts: Readonly<Record<string, { readonly sessions: readonly SessionPreparation[]; readonly at: string }>>;
}

/** The cohorts a facilitator runs at once are few; older answers make room. */
const KEPT_COHORTS = 12;

/**
 * Who has done each session's preparation lesson, asked of the server for the cohort's facilitators
 * and the network's coordinators: it comes from owners' private databases, which no phone replicates,
 * so it is asked for while online, and the last answer is kept on the phone with its time.
 */
@Injectable({ providedIn: 'root' })
export class PreparationStore {
  private readonly session = inject(Session);
  private readonly states = signal<ReadonlyMap<string, PreparationState>>(new Map());

  constructor() {
    // Names of a cohort are for the member who asked: another signing in on the phone starts afresh.
    whenMemberChanges(() => this.states.set(new Map()));
  }

  stateOf(cohortId: string): PreparationState | null {
    return this.states().get(cohortId) ?? null;
  }

  async load(cohortId: string): Promise<void> {
    const user = this.session.user()?.name;
    const country = countryOf(this.session.user()?.roles ?? []);
    if (!user || !country) return this.set(cohortId, { kind: 'refused' });
    // What was shown, or kept at an earlier run, stays while asking again.
    if (!this.stateOf(cohortId)) {
      const cohorts = this.kept(user)?.cohorts;
      const kept = cohorts && Object.hasOwn(cohorts, cohortId) ? cohorts[cohortId] : undefined;
      this.set(cohortId, kept ? { kind: 'ready', sessions: kept.sessions, at: kept.at } : { kind: 'loading' });
    }
    const answer = await askAsMember<{ sessions?: SessionPreparation[] }>(
      this.session,
      `api/cohorts/${country}/${encodeURIComponent(cohortId)}/preparation`,
    );
    if (answer.kind === 'refused') return this.refused(cohortId, user);
    // Unanswered includes 404: a cohort made offline that has not reached the server yet.
    if (answer.kind === 'unanswered') return this.keepOrOffline(cohortId);
    if (answer.kind === 'answered') {
      const kept = { sessions: answer.body.sessions ?? [], at: answer.at };
      this.set(cohortId, { kind: 'ready', ...kept });
      this.keep(cohortId, kept, user);
    }
  }

  /** Offline: the last answer, when there was one, is still the best there is. */
  private keepOrOffline(cohortId: string): void {
    if (this.stateOf(cohortId)?.kind !== 'ready') this.set(cohortId, { kind: 'offline' });
  }

  /** No longer theirs to see (a facilitator taken off the cohort): the kept answer goes too. */
  private refused(cohortId: string, user: string): void {
    this.set(cohortId, { kind: 'refused' });
    this.keep(cohortId, null, user);
  }

  private kept(user: string): KeptPreparation | null {
    return keptCopy<KeptPreparation>('preparation', user, 1);
  }

  private keep(cohortId: string, answer: KeptPreparation['cohorts'][string] | null, user: string): void {
    const others = Object.entries(this.kept(user)?.cohorts ?? {}).filter(([id]) => id !== cohortId);
    const entries = answer ? [[cohortId, answer] as const, ...others] : others;
    const newest = entries.sort(([, a], [, b]) => b.at.localeCompare(a.at)).slice(0, KEPT_COHORTS);
    // A new answer that finds no room leaves the older ones, still true; a refusal must remove its cohort.
    keepCopy('preparation', { v: 1, user, cohorts: Object.fromEntries(newest) } satisfies KeptPreparation, { keepOlder: answer !== null });
  }

  private set(cohortId: string, state: PreparationState): void {
    this.states.update((states) => new Map(states).set(cohortId, state));
  }
}
