import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonList } from '@ionic/angular/ion-list';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { I18n } from '../i18n/i18n';
import { LanguageChoice } from '../shared/language-choice';
import { SyncService } from '../sync/sync-service';
import { Session } from './session';

/** Sign in, or sign in again after the server session expired (then nothing local is touched). */
@Component({
  selector: 'app-sign-in-page',
  imports: [FormsModule, RouterLink, LanguageChoice, IonHeader, IonToolbar, IonTitle, IonContent, IonList, IonItem, IonInput, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary"
        ><ion-title>{{ i18n.t(reauth ? 'auth.reauthTitle' : 'auth.title') }}</ion-title></ion-toolbar
      >
    </ion-header>
    <ion-content class="ion-padding">
      <div class="wrap">
        @if (!reauth) {
          <app-language-choice />
        }
        <h1>{{ i18n.t('app.name') }}</h1>
        <p>{{ i18n.t(reauth ? 'auth.reauthIntro' : 'auth.intro') }}</p>
        <form (ngSubmit)="submit()" novalidate>
          <ion-list>
            <ion-item>
              <ion-input
                [label]="i18n.t('auth.name')"
                labelPlacement="stacked"
                name="name"
                autocomplete="username"
                [(ngModel)]="name"
                [readonly]="reauth"
                required
                data-testid="sign-in-name"
              />
            </ion-item>
            <ion-item>
              <ion-input
                [label]="i18n.t('auth.password')"
                labelPlacement="stacked"
                type="password"
                name="password"
                autocomplete="current-password"
                [(ngModel)]="password"
                required
                data-testid="sign-in-password"
              />
            </ion-item>
          </ion-list>
          <div role="alert" class="error">{{ error() }}</div>
          <ion-button type="submit" expand="block" [disabled]="busy()" data-testid="sign-in-submit">
            {{ i18n.t(busy() ? 'auth.signingIn' : 'auth.submit') }}
          </ion-button>
        </form>
        @if (!reauth) {
          <p class="switch">
            {{ i18n.t('auth.noAccount') }} <a routerLink="/sign-up" data-testid="to-sign-up">{{ i18n.t('auth.createAccount') }}</a>
          </p>
        }
        <!-- No e-mail needed: a coordinator or facilitator of the member's network gives a one-time code. -->
        <details class="forgot" [open]="resetting()" (toggle)="resetting.set($any($event.target).open)">
          <summary data-testid="forgot-password">{{ i18n.t('auth.forgot') }}</summary>
          <p>{{ i18n.t('auth.forgotHint') }}</p>
          <form (ngSubmit)="reset()" novalidate>
            <ion-input
              [label]="i18n.t('auth.name')"
              labelPlacement="stacked"
              name="resetName"
              autocomplete="username"
              [(ngModel)]="name"
              data-testid="reset-name"
            />
            <ion-input
              [label]="i18n.t('auth.resetCode')"
              labelPlacement="stacked"
              name="code"
              autocapitalize="characters"
              [(ngModel)]="code"
              data-testid="reset-code"
            />
            <ion-input
              [label]="i18n.t('auth.newPassword')"
              labelPlacement="stacked"
              type="password"
              name="newPassword"
              autocomplete="new-password"
              [(ngModel)]="newPassword"
              data-testid="reset-password"
            />
            <div role="alert" class="error">{{ resetError() }}</div>
            <ion-button type="submit" expand="block" fill="outline" [disabled]="busy()" data-testid="reset-submit">{{
              i18n.t('auth.resetSubmit')
            }}</ion-button>
          </form>
        </details>
      </div>
    </ion-content>
  `,
  styles: `
    .wrap {
      max-width: 440px;
      margin: 0 auto;
    }
    h1 {
      color: var(--ion-color-primary);
      font-weight: 800;
    }
    .error {
      color: var(--ion-color-danger);
      min-height: 1.5em;
      margin: 12px 0;
    }
    .switch {
      text-align: center;
      margin-top: 24px;
    }
    .forgot {
      margin-top: 16px;
    }
    .forgot summary {
      cursor: pointer;
      color: var(--ion-color-primary);
      min-height: 44px;
      padding: 10px 0;
    }
  `,
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
