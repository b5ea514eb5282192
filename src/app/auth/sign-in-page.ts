import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonList } from '@ionic/angular/ion-list';
import { I18n } from '../i18n/i18n';
import { LanguageChoice } from '../shared/language-choice';
import { SyncService } from '../sync/sync-service';
import { Session } from './session';
import { PageHeader } from '../shared/page-header';

/** Sign in, or sign in again after the server session expired (then nothing local is touched). */
@Component({
  selector: 'app-sign-in-page',
  imports: [PageHeader, FormsModule, RouterLink, LanguageChoice, IonContent, IonList, IonItem, IonInput, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.css',
})
export class SignInPage {
  protected readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  private readonly sync = inject(SyncService);
  private readonly router = inject(Router);

  /** A user is remembered on this device: only the password is asked for. */
  protected readonly reauth = this.session.user() !== null;
  protected name = this.session.user()?.name ?? '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly resetting = signal(false);
  protected readonly resetError = signal('');
  protected code = '';
  protected newPassword = '';

  protected async reset(): Promise<void> {
    const name = this.name.trim().toLowerCase();
    this.resetError.set('');
    this.busy.set(true);
    const result = await this.session.resetPassword(name, this.code.trim(), this.newPassword);
    if (!result.ok) {
      this.busy.set(false);
      const problem = result.problem;
      this.resetError.set(
        problem === 'offline' || problem === 'server' ? this.i18n.t(`signUp.error.${problem}`) : this.i18n.refusal(problem.reason),
      );
      return;
    }
    this.code = '';
    this.newPassword = '';
    await this.enter();
  }

  protected async submit(): Promise<void> {
    const name = this.name.trim();
    if (!name || !this.password) {
      this.error.set(this.i18n.t('auth.error.required'));
      return;
    }
    this.busy.set(true);
    this.error.set('');
    const result = await this.session.signIn(name, this.password);
    if (result !== 'ok') {
      this.busy.set(false);
      this.error.set(this.i18n.t(`auth.error.${result}`));
      return;
    }
    this.password = '';
    await this.enter();
  }

  /** Signed in: replication starts and pushes what waited; busy until the next screen shows (a button that looks ready again invites a second tap). */
  private async enter(): Promise<void> {
    try {
      await this.sync.start(this.session.user()!);
      this.sync.retryNow();
      await this.router.navigateByUrl('/learn');
    } finally {
      this.busy.set(false);
    }
  }
}
