import { ChangeDetectionStrategy, Component, type OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonList } from '@ionic/angular/ion-list';
import { IonNote } from '@ionic/angular/ion-note';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { I18n } from '../i18n/i18n';
import { LanguageChoice } from '../shared/language-choice';
import { fullNameAccepted, tidyFullName } from '../shared/full-name';
import { SyncService } from '../sync/sync-service';
import { Session } from './session';
import { PageHeader } from '../shared/page-header';

const COUNTRIES = ['pl', 'lt', 'uk', 'hu', 'ro', 'ie', 'cz', 'fi'] as const;

/** An owner creates their account: user name, password, full name for the certificate, country network and language. */
@Component({
  selector: 'app-sign-up-page',
  imports: [
    PageHeader,
    FormsModule,
    RouterLink,
    LanguageChoice,
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
  templateUrl: './sign-up-page.html',
  styleUrl: './sign-up-page.css',
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
