import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonIcon } from '@ionic/angular/ion-icon';
import { addIcons } from 'ionicons';
import { alertCircleOutline, cloudDoneOutline, cloudOfflineOutline, syncOutline } from 'ionicons/icons';
import { I18n } from '../i18n/i18n';
import { StorageHealth } from '../data/storage-health';
import { AppUpdates } from './app-updates';
import { SyncService } from './sync-service';

/**
 * One line that answers "is my work safe?", announced politely to screen readers when it changes,
 * and the news that a new app version is ready (the user chooses when to switch).
 * The line keeps its height from state to state (short messages, an action that takes no extra
 * height): it sits above the page, and a line that grew moved the page under a finger mid-tap.
 * With very large text a message may wrap to a second line: readable first, still beats steady.
 */
@Component({
  selector: 'app-sync-indicator',
  imports: [IonIcon, IonButton, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      class="indicator"
      [class]="status().state"
      role="status"
      aria-live="polite"
      data-testid="sync-indicator"
      [attr.data-state]="status().state"
    >
      <ion-icon [name]="icon()" aria-hidden="true"></ion-icon>
      <span>{{ text() }}</span>
      @if (status().problem === 'sign-in') {
        <a class="action" routerLink="/sign-in" data-testid="sync-sign-in">{{ i18n.t('sync.signInAgain') }}</a>
      }
    </div>
    @if (storage.full()) {
      <div class="storage" role="alert" data-testid="storage-full">
        <span>{{ i18n.t('storage.full') }}</span>
        <ion-button size="small" fill="outline" routerLink="/me">{{ i18n.t('storage.freeSpace') }}</ion-button>
        <ion-button size="small" fill="clear" (click)="storage.dismiss()">{{ i18n.t('storage.dismiss') }}</ion-button>
      </div>
    }
    @if (storage.rebuilt(); as rebuilt) {
      <div class="storage" role="alert" data-testid="storage-rebuilt">
        <span>{{ i18n.t('storage.rebuilt', { count: rebuilt.kept }) }}</span>
        <ion-button size="small" fill="clear" (click)="storage.dismiss()">{{ i18n.t('storage.dismiss') }}</ion-button>
      </div>
    }
    @if (storage.unreadable()) {
      <div class="storage" role="alert" data-testid="storage-unreadable">
        <span>{{ i18n.t('storage.unreadable') }}</span>
        <ion-button size="small" (click)="reload()">{{ i18n.t('storage.tryAgain') }}</ion-button>
      </div>
    }
    @if (update.state() !== 'current') {
      <div class="update" role="status" data-testid="update-ready">
        <span>{{ i18n.t(update.state() === 'ready' ? 'update.ready' : 'update.broken') }}</span>
        <ion-button size="small" (click)="update.apply()" data-testid="apply-update">{{ i18n.t('update.apply') }}</ion-button>
      </div>
    }
  `,
  styles: `
    .indicator {
      display: flex;
      align-items: center;
      gap: 6px;
      padding: 4px 12px;
      font-size: 0.85rem;
      line-height: 1.4;
      flex-wrap: wrap;
    }
    /* A target taller than the text (WCAG's 24px) within the line's own padding, so it neither grows
       the line nor reaches over the page below. */
    .action {
      padding: 4px 8px;
      margin: -4px 0;
      color: inherit;
      font-weight: 700;
      text-decoration: underline;
    }
    ion-icon {
      font-size: 1.1rem;
      flex: none;
    }
    .up-to-date {
      color: var(--ion-color-success-shade);
    }
    .syncing {
      color: var(--ion-color-medium-shade);
    }
    .offline {
      color: var(--ion-color-warning-shade);
    }
    .error {
      color: var(--ion-color-danger);
    }
    /* Not the warning tint: dark enough for warning text on white, it left black text and buttons on it unreadable. */
    .storage {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px 12px;
      flex-wrap: wrap;
      background: var(--me2me-notice-background);
      border-left: 4px solid var(--ion-color-warning);
      color: #000;
      font-size: 0.9rem;
    }
    .update {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px 12px;
      flex-wrap: wrap;
      background: var(--ion-color-light);
      font-size: 0.9rem;
    }
  `,
})
export class SyncIndicator {
  protected readonly i18n = inject(I18n);
  protected readonly status = inject(SyncService).status;
  protected readonly update = inject(AppUpdates);
  protected readonly storage = inject(StorageHealth);

  protected reload(): void {
    document.location.reload();
  }

  constructor() {
    addIcons({ alertCircleOutline, cloudDoneOutline, cloudOfflineOutline, syncOutline });
  }

  protected readonly icon = computed(
    () =>
      ({ 'up-to-date': 'cloud-done-outline', syncing: 'sync-outline', offline: 'cloud-offline-outline', error: 'alert-circle-outline' })[
        this.status().state
      ],
  );

  protected readonly text = computed(() => {
    const { state, waiting, problem } = this.status();
    const t = (key: string, params = {}) => this.i18n.t(key, params);
    if (state === 'offline') return waiting > 0 ? t('sync.offlineWaiting', { count: waiting }) : t('sync.offline');
    if (state === 'error')
      return problem === 'sign-in' && waiting > 0 ? t('sync.error.sign-in-waiting', { count: waiting }) : t(`sync.error.${problem}`);
    if (state === 'syncing') return waiting > 0 ? t('sync.syncingWaiting', { count: waiting }) : t('sync.syncing');
    return t('sync.upToDate');
  });
}
