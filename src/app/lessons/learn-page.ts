import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  IonContent, IonHeader, IonIcon, IonItem, IonLabel, IonList, IonListHeader, IonTitle, IonToolbar,
} from '@ionic/angular';
import { addIcons } from 'ionicons';
import { checkmarkCircle, timeOutline } from 'ionicons/icons';
import { I18n } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';
import { LessonsStore } from './lessons-store';

/** Programmes and their lessons, from the local database, with the user's progress. */
@Component({
  selector: 'app-learn-page',
  imports: [IonHeader, IonToolbar, IonTitle, IonContent, IonList, IonListHeader, IonItem, IonLabel, IonIcon, RouterLink, SyncIndicator],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary"><ion-title>{{ i18n.t('learn.title') }}</ion-title></ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content>
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
    </ion-content>
  `,
  styles: `
    .programme-title { font-size: 1.15rem; font-weight: 700; margin-top: 12px; }
    .meta { color: var(--ion-color-medium-shade); font-size: 0.85rem; }
    .empty { color: var(--ion-color-medium-shade); }
    h3 { font-weight: 600; }
  `,
})
export class LearnPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(LessonsStore);

  constructor() {
    addIcons({ checkmarkCircle, timeOutline });
  }
}
