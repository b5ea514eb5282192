import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { I18n, LANGUAGE_NAMES } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';
import { CheckInQr } from './check-in-qr';
import { WorkshopsStore } from './workshops-store';

/**
 * Facilitators and coordinators: the country's induction cohorts and a new one. Owners: their cohort,
 * sessions, attendance, check-in code and, once complete, their certificate, all from their own database.
 */
@Component({
  selector: 'app-workshops-page',
  imports: [
    IonHeader,
    IonToolbar,
    IonTitle,
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
    SyncIndicator,
    CheckInQr,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary"
        ><ion-title>{{ i18n.t('workshops.title') }}</ion-title></ion-toolbar
      >
      <app-sync-indicator />
    </ion-header>
    <ion-content class="ion-padding">
      <div class="page">
        <p>{{ i18n.t('workshops.intro') }}</p>
        @if (store.runsWorkshops()) {
          <ion-list data-testid="cohorts">
            <ion-list-header role="listitem"
              ><h2>{{ i18n.t('workshops.cohorts') }}</h2></ion-list-header
            >
            @for (cohort of store.cohorts(); track cohort.id) {
              <ion-item [routerLink]="['/workshops/cohort', cohort.id]" detail="true" data-testid="cohort-item">
                <ion-label class="ion-text-wrap"
                  ><h3>{{ cohort.title }}</h3>
                  <p>
                    {{ cohort.venue ?? '' }} · {{ i18n.t('workshops.rosterSize', { count: store.roster(cohort.id).length }) }}
                  </p></ion-label
                >
              </ion-item>
            } @empty {
              <ion-item
                ><ion-label class="ion-text-wrap">{{ i18n.t('workshops.noCohorts') }}</ion-label></ion-item
              >
            }
          </ion-list>
          <form class="new" (submit)="$event.preventDefault(); create()">
            <h2>{{ i18n.t('workshops.newCohort') }}</h2>
            <ion-input
              [label]="i18n.t('workshops.cohortTitle')"
              labelPlacement="stacked"
              [value]="title()"
              (ionInput)="title.set($event.detail.value ?? '')"
              data-testid="cohort-title"
            />
            <ion-input
              [label]="i18n.t('workshops.venue')"
              labelPlacement="stacked"
              [value]="venue()"
              (ionInput)="venue.set($event.detail.value ?? '')"
            />
            <ion-input
              [label]="i18n.t('workshops.coFacilitators')"
              labelPlacement="stacked"
              [helperText]="i18n.t('workshops.coFacilitatorsHint')"
              [value]="coFacilitators()"
              (ionInput)="coFacilitators.set($event.detail.value ?? '')"
            />
            <ion-select
              [label]="i18n.t('workshops.language')"
              labelPlacement="stacked"
              interface="popover"
              [value]="language()"
              (ionChange)="language.set($event.detail.value)"
            >
              @for (entry of languages; track entry[0]) {
                <ion-select-option [value]="entry[0]">{{ entry[1] }}</ion-select-option>
              }
            </ion-select>
            @for (n of [1, 2, 3, 4]; track n) {
              <fieldset class="session">
                <legend>{{ i18n.t('workshops.sessionShort', { number: n }) }}</legend>
                <ion-input
                  type="date"
                  [label]="i18n.t('workshops.sessionDate', { number: n })"
                  labelPlacement="stacked"
                  [value]="plan()[n - 1]!.date"
                  (ionInput)="setPlan(n - 1, 'date', $event.detail.value ?? '')"
                />
                <ion-input
                  type="time"
                  [label]="i18n.t('workshops.sessionTime')"
                  labelPlacement="stacked"
                  [value]="plan()[n - 1]!.time"
                  (ionInput)="setPlan(n - 1, 'time', $event.detail.value ?? '')"
                />
                <ion-input
                  [label]="i18n.t('workshops.sessionPlace')"
                  labelPlacement="stacked"
                  [value]="plan()[n - 1]!.place"
                  (ionInput)="setPlan(n - 1, 'place', $event.detail.value ?? '')"
                />
              </fieldset>
            }
            <ion-button type="submit" expand="block" [disabled]="title().trim().length === 0" data-testid="create-cohort">{{
              i18n.t('workshops.create')
            }}</ion-button>
          </form>
        }
        @if (!store.runsWorkshops() && store.myInduction(); as induction) {
          @if (induction.completed) {
            <section class="done" data-testid="induction-complete">
              <h2>{{ i18n.t('workshops.completedHeading') }}</h2>
              <p>{{ i18n.t('workshops.completedText') }}</p>
              <ion-button routerLink="/workshops/certificate" data-testid="open-certificate">{{
                i18n.t('workshops.certificate')
              }}</ion-button>
            </section>
          }
          @for (cohort of induction.cohorts; track cohort.id) {
            <section class="cohort" data-testid="my-cohort">
              <h2>{{ cohort.title }}</h2>
              @if (cohort.venue) {
                <p>{{ cohort.venue }}</p>
              }
              <div class="code" data-testid="check-in-code">
                <p>{{ i18n.t('workshops.showCode') }}</p>
                <app-check-in-qr [cohortId]="cohort.id" [code]="cohort.checkInCode" />
                <p class="big" [attr.aria-label]="spelled(cohort.checkInCode)">{{ cohort.checkInCode }}</p>
              </div>
              <ul class="sessions">
                @for (session of cohort.sessions; track session.number) {
                  <li data-testid="my-session">
                    <strong>{{ i18n.t('workshops.sessionShort', { number: session.number }) }}</strong>
                    @if (session.date) {
                      · {{ i18n.day(session.date, 'long') }}
                    }
                    @if (session.time) {
                      {{ session.time }}
                    }
                    @if (session.place) {
                      · {{ session.place }}
                    }
                    · {{ session.status ? i18n.t('workshops.status.' + session.status) : i18n.t('workshops.notYet') }}
                  </li>
                }
              </ul>
            </section>
          } @empty {
            <p class="muted">{{ i18n.t('workshops.ownerSoon') }}</p>
          }
        } @else if (!store.runsWorkshops()) {
          <p class="muted">{{ i18n.t('workshops.ownerSoon') }}</p>
        }
        <!-- An owner's own cohort and check-in code come first; joining one with a code after. -->
        @if (!store.runsWorkshops()) {
          <form class="join" (submit)="$event.preventDefault(); joinCohort()">
            <ion-input
              [label]="i18n.t('workshops.joinLabel')"
              labelPlacement="stacked"
              [value]="joinCode()"
              (ionInput)="typedJoinCode.set($event.detail.value ?? '')"
              autocapitalize="characters"
              data-testid="join-input"
            />
            <!-- Never disabled: a keyboard or screen reader user can reach it, and an empty code is answered. -->
            <ion-button type="submit" fill="outline" data-testid="join">{{ i18n.t('workshops.join') }}</ion-button>
            @if (joinMessage(); as message) {
              <p role="status" data-testid="join-result">{{ message }}</p>
            }
          </form>
        }
      </div>
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 720px;
      margin: 0 auto;
    }
    .muted {
      color: var(--ion-color-medium-shade);
    }
    ion-button {
      min-height: 48px;
    }
    .new {
      margin-top: 24px;
    }
    .session {
      border: 1px solid var(--ion-color-light-shade);
      border-radius: 8px;
      margin: 8px 0;
      padding: 4px 8px;
    }
    .join {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: flex-end;
      margin-bottom: 16px;
    }
    .join ion-input {
      flex: 1 1 200px;
    }
    .code {
      background: var(--ion-color-light);
      border-radius: 12px;
      padding: 8px 16px;
      text-align: center;
    }
    .big {
      font-size: 2rem;
      font-weight: 700;
      letter-spacing: 0.15em;
      margin: 4px 0;
      overflow-wrap: anywhere;
    }
    .sessions {
      padding-left: 1.2em;
    }
    .sessions li {
      margin: 6px 0;
    }
    .done {
      border-left: 4px solid var(--ion-color-success);
      padding-left: 12px;
    }
  `,
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
  /** Date, time and place of each of the four sessions, as typed. */
  protected readonly plan = signal([1, 2, 3, 4].map(() => ({ date: '', time: '', place: '' })));

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
    const sessions = this.plan().map((planned, i) => ({
      number: i + 1,
      ...(planned.date ? { date: planned.date } : {}),
      ...(/^\d\d:\d\d$/.test(planned.time) ? { time: planned.time } : {}),
      ...(planned.place.trim() ? { place: planned.place.trim().slice(0, 200) } : {}),
    }));
    const others = this.coFacilitators()
      .split(/[\s,;]+/)
      .map((name) => name.trim().toLowerCase())
      .filter((name) => /^[a-z0-9][a-z0-9._-]{1,39}$/.test(name));
    const id = await this.store.createCohort(this.title(), this.venue(), sessions, others, this.language());
    this.title.set('');
    await this.router.navigate(['/workshops/cohort', id]);
  }
}
