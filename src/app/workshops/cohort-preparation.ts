import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { IonItem } from '@ionic/angular/ion-item';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { countryOf } from '../auth/roles';
import { Session } from '../auth/session';
import type { Cohort } from '../data/workshop-repository';
import { I18n } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { PreparationStore } from './preparation-store';
import { WorkshopsStore } from './workshops-store';

/**
 * One session's preparation lesson on the cohort page: which lesson (chosen by the cohort's author or
 * a coordinator) and, from the server, who of the roster has done it and who has not yet.
 */
@Component({
  selector: 'app-cohort-preparation',
  imports: [IonButton, IonItem, IonSelect, IonSelectOption],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cohort-preparation.html',
  styleUrl: './cohort-preparation.css',
})
export class CohortPreparation {
  readonly cohort = input.required<Cohort>();
  readonly session = input.required<number>();
  protected readonly i18n = inject(I18n);
  private readonly store = inject(PreparationStore);
  private readonly workshops = inject(WorkshopsStore);
  private readonly lessons = inject(LessonsStore);
  private readonly user = inject(Session).user;
  private readonly cohortId = computed(() => this.cohort().id);

  protected readonly lessonId = computed(
    () => this.cohort().sessions?.find((planned) => planned.number === this.session())?.preparationLessonId ?? null,
  );
  protected readonly state = computed(() => this.store.stateOf(this.cohortId()));
  /** The server's count for this session's lesson; null until it has counted that lesson. */
  protected readonly counted = computed(() => {
    const state = this.state();
    if (state?.kind !== 'ready') return null;
    return state.sessions.find((session) => session.number === this.session() && session.lessonId === this.lessonId()) ?? null;
  });
  /** The answer may be from an earlier day (kept for a venue with no network): its time is said. */
  protected readonly checkedAt = computed(() => {
    const state = this.state();
    return state?.kind === 'ready'
      ? this.i18n.t('network.checkedAt', { date: this.i18n.date(state.at), time: this.i18n.time(state.at) })
      : '';
  });
  /** The rule lets the cohort's author and the network's coordinators change a cohort. */
  protected readonly mayChoose = computed(() => {
    const roles = this.user()?.roles ?? [];
    return this.cohort().author === this.user()?.name || roles.includes(`coordinator:${countryOf(roles)}`);
  });
  /** Lessons in the reader's language, each standing for the lesson it translates (what progress counts for). */
  protected readonly lessonOptions = computed(() =>
    this.lessons
      .lessons()
      .map((lesson) => ({ id: lesson.translationOf ?? lesson.id, title: lesson.title }))
      .sort((a, b) => a.title.localeCompare(b.title, this.i18n.locale())),
  );
  protected readonly lessonTitle = computed(() => {
    const id = this.lessonId();
    return id ? (this.lessonOptions().find((option) => option.id === id)?.title ?? this.lessons.lesson(id)?.title ?? id) : null;
  });

  constructor() {
    effect(() => {
      const id = this.cohortId();
      untracked(() => void this.store.load(id));
    });
  }

  protected refresh(): void {
    void this.store.load(this.cohortId());
  }

  protected async choose(lessonId: string): Promise<void> {
    await this.workshops.setPreparationLesson(this.cohort(), this.session(), lessonId || null);
  }
}
