import { Injectable, computed, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { watchInsights, type LearningFigures, type NeedsFigures } from '../data/insights-repository';
import { LocalDatabase } from '../data/local-database';
import { radarSeries } from './radar-data';

/** The network's figures for its tutors, facilitators and coordinators, from the replicated insights database. */
@Injectable({ providedIn: 'root' })
export class InsightsStore {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly figures = toSignal(
    toObservable(computed(() => this.localDatabase.db())).pipe(
      switchMap((db) => (db ? watchInsights(db) : of({ learning: null as LearningFigures | null, needs: null as NeedsFigures | null }))),
    ),
    { initialValue: { learning: null, needs: null } },
  );
  readonly needs = computed(() => this.figures().needs);
  readonly learning = computed(() => this.figures().learning);
  readonly radar = computed(() => {
    const needs = this.needs();
    const series = needs ? radarSeries(needs) : null;
    return series && series.now.some((value) => value !== null) ? series : null;
  });
  /** The questions most missed the first time, hardest first. */
  readonly hardest = computed(() => (this.learning()?.questions ?? []).filter((q) => q.missShare > 0).slice(0, 8));
}
