import { ChangeDetectionStrategy, Component, type OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonList } from '@ionic/angular/ion-list';
import { IonNote } from '@ionic/angular/ion-note';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { I18n } from '../i18n/i18n';
import { LanguageChoice } from '../shared/language-choice';
import { fullNameAccepted, tidyFullName } from '../shared/full-name';
import { SyncService } from '../sync/sync-service';
import { Session } from './session';

const COUNTRIES = ['pl', 'lt', 'uk', 'hu', 'ro', 'ie', 'cz', 'fi'] as const;

/** An owner creates their account: user name, password, full name for the certificate, country network and language. */
@Component({
  selector: 'app-sign-up-page',
  imports: [
    FormsModule,
    RouterLink,
    LanguageChoice,
    IonHeader,
    IonToolbar,
    IonTitle,
    IonContent,
    IonList,
    IonItem,
    IonInput,
    IonNote,
    IonSelect,
    IonSelectOption,
    IonButton,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary"
        ><ion-title>{{ i18n.t('signUp.title') }}</ion-title></ion-toolbar
      >
    </ion-header>
    <ion-content class="ion-padding">
      <div class="wrap">
        <!-- First: the language of everything below (and of the app afterwards). -->
        <app-language-choice />
        <p>{{ i18n.t('signUp.intro') }}</p>
        <form (ngSubmit)="submit()" novalidate>
          <ion-list>
            <ion-item>
              <ion-input
                [label]="i18n.t('signUp.name')"
                labelPlacement="stacked"
                name="name"
                autocomplete="username"
                autocapitalize="off"
                [(ngModel)]="name"
                [helperText]="i18n.t('signUp.nameHint')"
                [errorText]="errors()['name']"
                [class.ion-invalid]="!!errors()['name']"
                [class.ion-touched]="!!errors()['name']"
                data-testid="sign-up-name"
              />
            </ion-item>
            <ion-item>
              <ion-input
                [label]="i18n.t('signUp.password')"
                labelPlacement="stacked"
                type="password"
                name="password"
                autocomplete="new-password"
                [(ngModel)]="password"
                [helperText]="i18n.t('signUp.passwordHint')"
                [errorText]="errors()['password']"
                [class.ion-invalid]="!!errors()['password']"
                [class.ion-touched]="!!errors()['password']"
                data-testid="sign-up-password"
              />
            </ion-item>
            <ion-item>
              <ion-input
                [label]="i18n.t('signUp.fullName')"
                labelPlacement="stacked"
                name="fullName"
                autocomplete="name"
                [(ngModel)]="fullName"
                [helperText]="i18n.t('signUp.fullNameHint')"
                [errorText]="errors()['fullName']"
                [class.ion-invalid]="!!errors()['fullName']"
                [class.ion-touched]="!!errors()['fullName']"
                data-testid="sign-up-full-name"
              />
            </ion-item>
            <ion-item>
              <ion-select
                [label]="i18n.t('signUp.country')"
                labelPlacement="stacked"
                name="country"
                [(ngModel)]="country"
                interface="popover"
                [placeholder]="i18n.t('signUp.chooseCountry')"
                data-testid="sign-up-country"
              >
                @for (code of countries; track code) {
                  <ion-select-option [value]="code">{{ i18n.t('country.' + code) }}</ion-select-option>
                }
              </ion-select>
            </ion-item>
            @if (errors()['country']) {
              <ion-note color="danger" class="ion-padding-start">{{ errors()['country'] }}</ion-note>
            }
            <ion-item>
              <ion-input
                [label]="i18n.t('signUp.invite')"
                labelPlacement="stacked"
                name="invite"
                autocapitalize="characters"
                [(ngModel)]="inviteCode"
                [helperText]="i18n.t('signUp.inviteHint')"
                [errorText]="errors()['invite']"
                [class.ion-invalid]="!!errors()['invite']"
                [class.ion-touched]="!!errors()['invite']"
                data-testid="sign-up-invite"
              />
            </ion-item>
          </ion-list>
          <div role="alert" class="error">{{ error() }}</div>
          <ion-button type="submit" expand="block" [disabled]="busy()" data-testid="sign-up-submit">
            {{ i18n.t(busy() ? 'signUp.creating' : 'signUp.submit') }}
          </ion-button>
        </form>
        <p class="switch">
          {{ i18n.t('auth.haveAccount') }} <a routerLink="/sign-in">{{ i18n.t('auth.title') }}</a>
        </p>
      </div>
    </ion-content>
  `,
  styles: `
    .wrap {
      max-width: 480px;
      margin: 0 auto;
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
  `,
})
export class SignUpPage implements OnInit {
  protected readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  private readonly sync = inject(SyncService);
  private readonly router = inject(Router);
  protected readonly countries = COUNTRIES;

  /** From an invitation link (/sign-up?invite=CODE). */
  readonly invite = input<string | undefined>('');
  protected inviteCode = '';
  protected name = '';
  protected password = '';
  /** For the certificate; may be left for later (Me). */
  protected fullName = '';
  /** Asked, never assumed: the network decides who the member learns and talks with. */
  protected country = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly errors = signal<Partial<Record<string, string>>>({});

  ngOnInit(): void {
    this.inviteCode = this.invite() ?? '';
  }

  protected async submit(): Promise<void> {
    this.error.set('');
    this.errors.set({});
    // An invitation names the network itself; otherwise the person says which one is theirs.
    if (!this.country && !this.inviteCode.trim()) {
      this.errors.set({ country: this.i18n.t('signUp.countryMissing') });
      return;
    }
    const fullName = tidyFullName(this.fullName);
    if (fullName && !fullNameAccepted(fullName)) {
      this.errors.set({ fullName: this.i18n.t('me.fullNameInvalid') });
      return;
    }
    this.busy.set(true);
    const name = this.name.trim().toLowerCase();
    const result = await this.session.signUp(name, this.password, this.country, this.inviteCode.trim());
    if (!result.ok) {
      this.busy.set(false);
      const problem = result.problem;
      if (problem === 'offline' || problem === 'server') this.error.set(this.i18n.t(`signUp.error.${problem}`));
      else if (problem.field) this.errors.set({ [problem.field]: this.i18n.refusal(problem.reason) });
      else this.error.set(this.i18n.refusal(problem.reason) || this.i18n.t('signUp.error.server'));
      return;
    }
    this.password = '';
    // Busy until the next screen shows: a button that looks ready again invites a second tap.
    try {
      await this.sync.start(this.session.user()!);
      await this.sync.chooseLanguage(this.i18n.language());
      if (fullName) await this.sync.saveFullName(fullName);
      await this.router.navigateByUrl('/learn?welcome=1');
    } finally {
      this.busy.set(false);
    }
  }
}
