import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import {
  IonButton, IonButtons, IonContent, IonHeader, IonIcon, IonItem, IonLabel, IonList, IonListHeader, IonSearchbar, IonSegment, IonSegmentButton, IonTitle,
  IonToolbar,
} from '@ionic/angular';
import { addIcons } from 'ionicons';
import { checkmarkCircle, timeOutline } from 'ionicons/icons';
import { Session } from '../auth/session';
import { mayAuthor } from '../auth/roles';
import { I18n } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';
import { searchLessons } from './lesson-search';
import { LessonsStore } from './lessons-store';
import { pickForMinutes, type Pick } from './minutes-picker';
import { PackControl } from './pack-control';

/** Programmes and their lessons, from the local database, with the user's progress. */
@Component({
  selector: 'app-learn-page',
  imports: [
    IonHeader, IonToolbar, IonTitle, IonContent, IonList, IonListHeader, IonItem, IonLabel, IonIcon, IonSearchbar, IonSegment, IonSegmentButton,
    IonButton, IonButtons, RouterLink, SyncIndicator, PackControl,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary">
        <ion-title>{{ i18n.t('learn.title') }}</ion-title>
        @if (mayAuthor()) {
          <ion-buttons slot="end"><ion-button routerLink="/learn/studio" data-testid="open-studio">{{ i18n.t('authoring.studio') }}</ion-button></ion-buttons>
        }
      </ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content>
      <ion-searchbar [placeholder]="i18n.t('learn.search')" [attr.aria-label]="i18n.t('learn.search')" [debounce]="150"
                     (ionInput)="query.set($event.detail.value ?? '')" data-testid="lesson-search" />
      @if (query().trim().length > 1) {
        <ion-list>
          <ion-list-header><ion-label role="status">{{ results().length ? i18n.t('learn.searchResults', { count: results().length }) : i18n.t('learn.searchEmpty', { query: query() }) }}</ion-label></ion-list-header>
          @for (lesson of results(); track lesson.id) {
            <ion-item [routerLink]="['/learn/lesson', lesson.id]" detail="true" data-testid="search-result">
              <ion-label class="ion-text-wrap"><h3>{{ lesson.title }}</h3><p>{{ lesson.summary }}</p></ion-label>
            </ion-item>
          }
        </ion-list>
      } @else {
      <section class="minutes ion-padding-horizontal" aria-labelledby="minutes-label">
        <h2 id="minutes-label">{{ i18n.t('learn.haveMinutes') }}</h2>
        <ion-segment [value]="minutes()" (ionChange)="chooseMinutes($event.detail.value)" data-testid="minutes">
          @for (option of [2, 5, 10]; track option) {
            <ion-segment-button [value]="option"><ion-label>{{ i18n.t('learn.minutesOption', { minutes: option }) }}</ion-label></ion-segment-button>
          }
        </ion-segment>
        @if (pick(); as choice) {
          <div class="pick" role="status" data-testid="minutes-pick">
            <p>{{ describe(choice) }}</p>
            @if (choice.kind !== 'nothing') {
              <ion-button (click)="go(choice)">{{ i18n.t('learn.pick.go') }}</ion-button>
            }
          </div>
        }
      </section>
      @for (entry of store.programmes(); track entry.programme.id) {
        <ion-list>
          <ion-list-header>
            <ion-label>
              <h2 class="programme-title">{{ entry.programme.title }}</h2>
              <p>{{ entry.programme.summary }}</p>
              <p class="meta">
                {{ i18n.t('learn.audience.' + (entry.programme.audience ?? 'owner')) }} ·
                {{ i18n.t('learn.progressSummary', { done: entry.completed, total: entry.lessons.length }) }}
              </p>
              <app-pack-control [programmeId]="entry.programme.id" [lessonCount]="entry.lessons.length" />
            </ion-label>
          </ion-list-header>
          @for (item of entry.lessons; track item.lesson.id) {
            <ion-item [routerLink]="['/learn/lesson', item.lesson.id]" detail="true" data-testid="lesson-item">
              @if (item.progress?.status === 'completed') {
                <ion-icon slot="start" name="checkmark-circle" color="success" [attr.aria-label]="i18n.t('learn.completed')"></ion-icon>
              } @else {
                <ion-icon slot="start" name="time-outline" aria-hidden="true"></ion-icon>
              }
              <ion-label class="ion-text-wrap">
                <h3>{{ item.lesson.title }}</h3>
                <p>{{ item.lesson.summary }}</p>
                <p class="meta">{{ i18n.t('learn.minutes', { minutes: item.lesson.minutes }) }}</p>
                @if (item.progress?.status === 'started') {
                  <p class="meta">{{ i18n.t('learn.inProgress', { card: item.progress!.cardIndex + 1, total: item.lesson.cards.length }) }}</p>
                }
              </ion-label>
            </ion-item>
          }
        </ion-list>
      } @empty {
        <p class="empty ion-padding">{{ i18n.t('learn.empty') }}</p>
      }
      }
    </ion-content>
  `,
  styles: `
    .programme-title { font-size: 1.15rem; font-weight: 700; margin-top: 12px; }
    .meta { color: var(--ion-color-medium-shade); font-size: 0.85rem; }
    .empty { color: var(--ion-color-medium-shade); }
    h3 { font-weight: 600; }
    .minutes h2 { font-size: 1rem; margin: 12px 0 8px; }
    .minutes ion-segment-button { min-height: 44px; }
    .minutes ion-segment-button ion-label { white-space: normal; }
    .pick { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; justify-content: space-between; margin: 8px 0; padding: 8px 12px;
            border-radius: 10px; background: rgba(15, 118, 110, 0.08); }
    .pick p { margin: 0; flex: 1 1 200px; }
  `,
})
export class LearnPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(LessonsStore);
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  /** Tutors and peer mentors write lessons. */
  protected readonly mayAuthor = computed(() => mayAuthor(this.session.user()?.roles ?? []));
  protected readonly query = signal('');
  protected readonly results = computed(() => searchLessons(this.query(), this.store.lessons()));
  protected readonly minutes = signal<number | null>(null);
  protected readonly pick = computed(() => {
    const minutes = this.minutes();
    if (minutes === null) return null;
    const order = this.store.programmes().map((p) => p.programme.id);
    return pickForMinutes(minutes, this.store.lessons(), this.store.progressByLesson(), this.store.dueReviews().length, order);
  });

  protected chooseMinutes(value: unknown): void {
    this.minutes.set(Number(value));
  }

  protected describe(choice: Pick): string {
    switch (choice.kind) {
      case 'resume':
        return this.i18n.t('learn.pick.resume', { title: choice.lesson.title, minutes: choice.minutes });
      case 'lesson':
        return this.i18n.t('learn.pick.lesson', { title: choice.lesson.title, minutes: choice.minutes });
      case 'review':
        return this.i18n.t('learn.pick.review', { count: choice.questions, minutes: choice.minutes });
      case 'nothing':
        return this.i18n.t('learn.pick.nothing');
    }
  }

  protected go(choice: Pick): void {
    if (choice.kind === 'review') void this.router.navigate(['/learn/review'], { queryParams: { count: choice.questions } });
    else if (choice.kind !== 'nothing') void this.router.navigate(['/learn/lesson', choice.lesson.id]);
  }

  constructor() {
    addIcons({ checkmarkCircle, timeOutline });
  }
}
