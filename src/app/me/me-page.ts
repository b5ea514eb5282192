import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AlertController } from '@ionic/angular/alert-controller';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { IonText } from '@ionic/angular/ion-text';
import { AuthoringStore } from '../authoring/authoring-store';
import { DiscussionsStore } from '../discussions/discussions-store';
import { WorkshopsStore } from '../workshops/workshops-store';
import { LocalDatabase } from '../data/local-database';
import { Session } from '../auth/session';
import { LANGUAGE_NAMES, I18n } from '../i18n/i18n';
import type { Language } from '../i18n/messages';
import { LessonsStore } from '../lessons/lessons-store';
import { SyncService } from '../sync/sync-service';
import { NetworkPanel } from './network-panel';
import { ResetCodePanel } from './reset-code-panel';
import { mayRunWorkshops } from '../auth/roles';
import { formatBytes } from '../shared/format-bytes';
import { fullNameAccepted, tidyFullName } from '../shared/full-name';
import { PageHeader } from '../shared/page-header';

/** The user's own corner: who is signed in, what is on its way to the server, language, sign out. */
@Component({
  selector: 'app-me-page',
  imports: [
    PageHeader,
    FormsModule,
    RouterLink,
    IonContent,
    IonList,
    IonListHeader,
    IonItem,
    IonLabel,
    IonText,
    IonButton,
    IonInput,
    IonSelect,
    IonSelectOption,
    NetworkPanel,
    ResetCodePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './me-page.html',
  styleUrl: './me-page.css',
})
export class MePage {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  private readonly sync = inject(SyncService);
  private readonly lessons = inject(LessonsStore);
  private readonly authoring = inject(AuthoringStore);
  private readonly discussions = inject(DiscussionsStore);
  private readonly workshops = inject(WorkshopsStore);
  private readonly router = inject(Router);
  private readonly alerts = inject(AlertController);
  private readonly localDatabase = inject(LocalDatabase);
  protected readonly languageNames = LANGUAGE_NAMES;
  protected currentPassword = '';
  protected newPassword = '';
  protected readonly passwordMessage = signal('');
  protected readonly passwordProblem = signal(false);
  protected readonly storage = signal<{ used: string; quota: string; persisted: boolean } | null>(null);

  constructor() {
    void this.readStorage();
  }

  private async readStorage(): Promise<void> {
    const estimate = await navigator.storage?.estimate?.();
    const persisted = (await navigator.storage?.persisted?.()) ?? false;
    if (!estimate) return;
    const language = this.i18n.locale();
    this.storage.set({ used: formatBytes(estimate.usage ?? 0, language), quota: formatBytes(estimate.quota ?? 0, language), persisted });
  }

  protected readonly isOwner = computed(() => this.session.user()?.roles.includes('owner') ?? false);
  protected readonly isCoordinator = computed(() => this.session.user()?.roles.includes('coordinator') ?? false);
  protected readonly runsWorkshops = computed(() => mayRunWorkshops(this.session.user()?.roles ?? []));

  protected readonly entries = computed(() =>
    this.sync.outboxEntries().map((entry) => {
      const lessonId = entry.docId.replace(/^(progress|review):/, '').replace(/:\d+$/, '');
      const title =
        entry.source === 'authoring'
          ? this.authoring.draft(entry.docId)?.title || this.i18n.t('authoring.untitled')
          : entry.source === 'discussion'
            ? this.discussions.threadTitleOf(entry.docId)
            : entry.source === 'workshops'
              ? this.workshops.describe(entry.docId)
              : (this.lessons.lesson(lessonId)?.title ?? lessonId);
      const stateText =
        entry.state === 'sent'
          ? this.i18n.t('me.state.sent', { time: this.i18n.time(entry.sentAt ?? entry.queuedAt) })
          : entry.state === 'refused'
            ? this.i18n.t('me.state.refused', { reason: this.i18n.refusal(entry.reason ?? '') })
            : this.i18n.t('me.state.waiting');
      return { id: entry.id, state: entry.state, title: this.i18n.t(entry.label, { title }), stateText };
    }),
  );

  /** What the field holds: the saved name until the person types. */
  protected readonly fullName = signal('');
  protected readonly fullNameProblem = signal('');
  protected readonly fullNameSaved = signal('');
  private readonly showSavedFullName = effect(() => {
    const saved = this.sync.settings()?.fullName ?? '';
    untracked(() => {
      if (!this.fullName()) this.fullName.set(saved);
    });
  });

  protected async saveFullName(): Promise<void> {
    const fullName = tidyFullName(this.fullName());
    this.fullNameSaved.set('');
    if (!fullNameAccepted(fullName)) return this.fullNameProblem.set(this.i18n.t('me.fullNameInvalid'));
    this.fullNameProblem.set('');
    this.fullName.set(fullName);
    await this.sync.saveFullName(fullName);
    this.fullNameSaved.set(this.i18n.t('me.fullNameSaved'));
  }

  protected setLanguage(language: Language): void {
    void this.sync.chooseLanguage(language);
  }

  protected async changePassword(): Promise<void> {
    const result = await this.session.changePassword(this.currentPassword, this.newPassword);
    this.passwordProblem.set(!result.ok);
    if (result.ok) {
      this.currentPassword = '';
      this.newPassword = '';
      this.passwordMessage.set(this.i18n.t('me.passwordChanged'));
      this.sync.retryNow();
      return;
    }
    const problem = result.problem;
    if (problem === 'offline') this.passwordMessage.set(this.i18n.t('auth.error.offline'));
    else if (problem === 'server') this.passwordMessage.set(this.i18n.t('auth.error.server'));
    else this.passwordMessage.set(problem.field === 'password' ? this.i18n.t('me.wrongPassword') : this.i18n.refusal(problem.reason));
  }

  /**
   * Signing out removes this user's data from the phone (it may be shared), so anything not yet on the
   * server is named first and the user chooses.
   */
  protected readonly dataMessage = signal('');

  protected async downloadMyData(): Promise<void> {
    const data = await this.session.myData();
    if (typeof data === 'string')
      return this.dataMessage.set(
        this.i18n.t(data === 'offline' ? 'network.offline' : data === 'unauthorized' ? 'me.signInAgain' : 'auth.error.server'),
      );
    this.dataMessage.set('');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(data);
    link.download = `me2me-${this.session.user()?.name ?? 'data'}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  }

  /** Asks for the password (a phone left open is not consent), says what is kept, then deletes and clears the phone. */
  protected async deleteAccount(): Promise<void> {
    const alert = await this.alerts.create({
      header: this.i18n.t('me.deleteTitle'),
      message: this.i18n.t('me.deleteDetail'),
      inputs: [
        {
          name: 'password',
          type: 'password',
          placeholder: this.i18n.t('me.currentPassword'),
          attributes: { 'data-testid': 'delete-password' },
        },
      ],
      buttons: [
        { text: this.i18n.t('me.cancel'), role: 'cancel' },
        { text: this.i18n.t('me.deleteConfirm'), role: 'destructive', cssClass: 'delete-confirm' },
      ],
    });
    await alert.present();
    const { role, data } = await alert.onDidDismiss<{ values: { password: string } }>();
    if (role !== 'destructive') return;
    const result = await this.session.deleteAccount(data?.values.password ?? '');
    if (result !== 'ok') {
      const key = { wrong: 'me.wrongPassword', 'too-many': 'auth.error.too-many', offline: 'network.offline', server: 'auth.error.server' }[
        result
      ];
      return this.dataMessage.set(this.i18n.t(key));
    }
    await this.sync.stop();
    await this.localDatabase.remove();
    this.session.forget();
    await this.router.navigateByUrl('/sign-in');
  }

  protected async signOut(): Promise<void> {
    const unsent = this.entries().filter((e) => e.state !== 'sent');
    const waiting = unsent.length;
    // Named, so the person knows what they would lose (the first five, then how many more).
    const list =
      unsent
        .slice(0, 5)
        .map((e) => e.title)
        .join('; ') + (waiting > 5 ? ` …+${waiting - 5}` : '');
    const alert = await this.alerts.create({
      header: this.i18n.t('me.signOutTitle'),
      message: waiting > 0 ? this.i18n.t('me.signOutWaiting', { count: waiting, list }) : this.i18n.t('me.signOutSafe'),
      buttons: [
        { text: this.i18n.t('me.cancel'), role: 'cancel' },
        { text: this.i18n.t(waiting > 0 ? 'me.signOutAnyway' : 'me.signOut'), role: 'destructive', cssClass: 'sign-out-confirm' },
      ],
    });
    await alert.present();
    const { role } = await alert.onDidDismiss();
    if (role !== 'destructive') return;
    await this.sync.stop();
    await this.localDatabase.remove();
    await this.session.signOut();
    await this.router.navigateByUrl('/sign-in');
  }
}
