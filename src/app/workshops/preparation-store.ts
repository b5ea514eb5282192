import { Injectable, inject, signal } from '@angular/core';
import { countryOf } from '../auth/roles';
import { Session } from '../auth/session';

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
  | { readonly kind: 'ready'; readonly sessions: readonly SessionPreparation[] };

/**
 * Who has done each session's preparation lesson, asked of the server for the cohort's facilitators
 * and the network's coordinators: it comes from owners' private databases, which no phone replicates,
 * so it is shown while online and kept for the rest of the app's run.
 */
@Injectable({ providedIn: 'root' })
export class PreparationStore {
  private readonly session = inject(Session);
  private readonly states = signal<ReadonlyMap<string, PreparationState>>(new Map());

  stateOf(cohortId: string): PreparationState | null {
    return this.states().get(cohortId) ?? null;
  }

  async load(cohortId: string): Promise<void> {
    const country = countryOf(this.session.user()?.roles ?? []);
    if (!country) return this.set(cohortId, { kind: 'refused' });
    // What was shown stays while asking again.
    if (!this.stateOf(cohortId)) this.set(cohortId, { kind: 'loading' });
    try {
      const response = await fetch(new URL(`api/cohorts/${country}/${encodeURIComponent(cohortId)}/preparation`, document.baseURI), {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (response.status === 401 || response.status === 403) return this.set(cohortId, { kind: 'refused' });
      // 404: a cohort made offline that has not reached the server yet.
      if (!response.ok) return this.keepOrOffline(cohortId);
      const body = (await response.json()) as { sessions?: SessionPreparation[] };
      this.set(cohortId, { kind: 'ready', sessions: body.sessions ?? [] });
    } catch {
      this.keepOrOffline(cohortId);
    }
  }

  /** Offline: the last answer, when there was one, is still the best there is. */
  private keepOrOffline(cohortId: string): void {
    if (this.stateOf(cohortId)?.kind !== 'ready') this.set(cohortId, { kind: 'offline' });
  }

  private set(cohortId: string, state: PreparationState): void {
    this.states.update((states) => new Map(states).set(cohortId, state));
  }
}
