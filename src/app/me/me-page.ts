import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router } from '@angular/router';
import {
  IonButton, IonContent, IonHeader, IonItem, IonLabel, IonList, IonListHeader, IonSelect, IonSelectOption, IonText, IonTitle, IonToolbar,
} from '@ionic/angular';
import { Session } from '../auth/session';
import { LANGUAGE_NAMES, I18n } from '../i18n/i18n';
import type { Language } from '../i18n/messages';
import { LessonsStore } from '../lessons/lessons-store';
import { SyncIndicator } from '../sync/sync-indicator';
import { SyncService } from '../sync/sync-service';

/** The user's own corner: who is signed in, what is on its way to the server, language, sign out. */
@Component({
  selector: 'app-me-page',
  imports: [IonHeader, IonToolbar, IonTitle, IonContent, IonList, IonListHeader, IonItem, IonLabel, IonText, IonButton, IonSelect, IonSelectOption, SyncIndicator],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary"><ion-title>{{ i18n.t('me.title') }}</ion-title></ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content>
      <ion-list>
        <ion-item><ion-label>{{ i18n.t('me.signedInAs', { name: session.user()?.name ?? '' }) }}</ion-label></ion-item>
        <ion-item>
          <ion-select [label]="i18n.t('me.language')" [value]="i18n.language()" (ionChange)="setLanguage($event.detail.value)">
            @for (language of i18n.available(); track language) {
              <ion-select-option [value]="language">{{ languageNames[language] }}</ion-select-option>
            }
          </ion-select>
        </ion-item>
      </ion-list>
      <ion-list data-testid="outbox">
        <ion-list-header><ion-label><h2>{{ i18n.t('me.outbox') }}</h2></ion-label></ion-list-header>
        @for (entry of entries(); track entry.id) {
          <ion-item>
            <ion-label class="ion-text-wrap">
              <h3>{{ entry.title }}</h3>
              <p><ion-text [color]="entry.state === 'refused' ? 'danger' : entry.state === 'sent' ? 'success' : 'warning'">{{ entry.stateText }}</ion-text></p>
            </ion-label>
          </ion-item>
        } @empty {
          <ion-item><ion-label class="ion-text-wrap">{{ i18n.t('me.outboxEmpty') }}</ion-label></ion-item>
        }
      </ion-list>
      <div class="ion-padding">
        <ion-button expand="block" fill="outline" color="danger" (click)="signOut()">{{ i18n.t('me.signOut') }}</ion-button>
      </div>
    </ion-content>
  `,
})
export class MePage {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  private readonly sync = inject(SyncService);
  private readonly lessons = inject(LessonsStore);
  private readonly router = inject(Router);
  protected readonly languageNames = LANGUAGE_NAMES;

  protected readonly entries = computed(() =>
    this.sync.outboxEntries().map((entry) => {
      const lessonId = entry.docId.replace(/^progress:/, '');
      const title = this.lessons.lesson(lessonId)?.title ?? lessonId;
      const stateText =
        entry.state === 'sent'
          ? this.i18n.t('me.state.sent', { time: this.i18n.time(entry.sentAt ?? entry.queuedAt) })
          : entry.state === 'refused'
            ? this.i18n.t('me.state.refused', { reason: entry.reason ?? '' })
            : this.i18n.t('me.state.waiting');
      return { id: entry.id, state: entry.state, title: this.i18n.t(entry.label, { title }), stateText };
    }),
  );

  protected setLanguage(language: Language): void {
    this.i18n.setLanguage(language);
  }

  protected async signOut(): Promise<void> {
    await this.sync.stop();
    await this.session.signOut();
    await this.router.navigateByUrl('/sign-in');
  }
}
