import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { I18n, LANGUAGE_NAMES } from '../i18n/i18n';
import { CheckInQr } from './check-in-qr';
import { WorkshopsStore } from './workshops-store';
import { COHORT_KIND_NAMES, MAX_SESSIONS, sessionsOf, type CohortKind } from '../../../sync-server/couchdb/workshops/cohort-kinds';
import { PageHeader } from '../shared/page-header';

/**
 * Facilitators and coordinators: the country's cohorts (inductions and CPD courses) and a new one. Everyone
 * enrolled somewhere (owners in an induction, tutors and facilitators in a CPD course): their cohort,
 * sessions, attendance, check-in code and, once complete, their certificate, all from their own database.
 */
@Component({
  selector: 'app-workshops-page',
  imports: [
    PageHeader,
    IonContent,
    IonList,
    IonListHeader,
    IonItem,
    IonLabel,
    IonInput,
    IonButton,
    IonSelect,
    IonSelectOption,
    RouterLink,
    CheckInQr,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './workshops-page.html',
  styleUrl: './workshops-page.css',
})
export class WorkshopsPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(WorkshopsStore);
  private readonly router = inject(Router);
  /** Query parameter from an invitation link (/workshops?join=CODE). */
  readonly join = input<string | undefined>();
  protected readonly typedJoinCode = signal<string | null>(null);
  protected readonly joinCode = computed(() => this.typedJoinCode() ?? this.join() ?? '');
  protected readonly joinMessage = signal<string | null>(null);
  protected readonly title = signal('');
  protected readonly venue = signal('');
  protected readonly coFacilitators = signal('');
  protected readonly language = signal(this.i18n.language() as string);
  protected readonly languages = Object.entries(LANGUAGE_NAMES);
  protected readonly kinds = COHORT_KIND_NAMES;
  protected readonly kind = signal<CohortKind>('induction');
  /** Date, time and place of each session (as many as the most any kind has), as typed. */
  protected readonly plan = signal(Array.from({ length: MAX_SESSIONS }, () => ({ date: '', time: '', place: '' })));
  protected readonly planNumbers = computed(() => sessionsOf(this.kind()));

  protected chooseKind(kind: CohortKind): void {
    this.kind.set(kind);
  }

  /** Screen readers read the code letter by letter. */
  protected spelled(code: string): string {
    return code.split('').join(' ');
  }

  protected async joinCohort(): Promise<void> {
    if (this.joinCode().trim() === '') return this.joinMessage.set(this.i18n.t('workshops.joinProblem.invalid'));
    const result = await this.store.join(this.joinCode());
    this.joinMessage.set(
      result.ok
        ? this.i18n.t('workshops.joined', { title: result.title })
        : result.problem === 'refused'
          ? this.i18n.refusal(result.reason)
          : this.i18n.t(`workshops.joinProblem.${result.problem}`),
    );
    if (result.ok) this.typedJoinCode.set('');
  }

  protected setPlan(index: number, field: 'date' | 'time' | 'place', value: string): void {
    this.plan.update((all) => all.map((session, i) => (i === index ? { ...session, [field]: value } : session)));
  }

  protected async create(): Promise<void> {
    const sessions = this.plan()
      .slice(0, this.planNumbers().length)
      .map((planned, i) => ({
        number: i + 1,
        ...(planned.date ? { date: planned.date } : {}),
        ...(/^\d\d:\d\d$/.test(planned.time) ? { time: planned.time } : {}),
        ...(planned.place.trim() ? { place: planned.place.trim().slice(0, 200) } : {}),
      }));
    const others = this.coFacilitators()
      .split(/[\s,;]+/)
      .map((name) => name.trim().toLowerCase())
      .filter((name) => /^[a-z0-9][a-z0-9._-]{1,39}$/.test(name));
    const id = await this.store.createCohort(this.kind(), this.title(), this.venue(), sessions, others, this.language());
    this.title.set('');
    await this.router.navigate(['/workshops/cohort', id]);
  }
}
