import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { IonButton } from '@ionic/angular/ion-button';
import { IonInput } from '@ionic/angular/ion-input';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { refusalOfAnswer, Session } from '../auth/session';
import { I18n } from '../i18n/i18n';

/**
 * For coordinators and facilitators: a one-time code for a member of their network who forgot their
 * password, to give them in person or by phone (no e-mail needed). The server decides who may reset whom.
 */
@Component({
  selector: 'app-reset-code-panel',
  imports: [FormsModule, IonList, IonListHeader, IonLabel, IonInput, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-list>
      <ion-list-header role="listitem"
        ><ion-label
          ><h2>{{ i18n.t('reset.title') }}</h2>
          <p>{{ i18n.t('reset.intro') }}</p></ion-label
        ></ion-list-header
      >
    </ion-list>
    <form class="ion-padding-horizontal" (submit)="$event.preventDefault(); make()">
      <ion-input
        [label]="i18n.t('network.member')"
        labelPlacement="stacked"
        autocapitalize="off"
        [(ngModel)]="member"
        name="member"
        data-testid="reset-member"
      />
      <ion-button type="submit" fill="outline" [disabled]="!member.trim()" data-testid="make-reset-code">{{
        i18n.t('reset.make')
      }}</ion-button>
    </form>
    <p role="status" class="ion-padding-horizontal message" data-testid="reset-result">{{ message() }}</p>
  `,
  styles: `
    .message {
      overflow-wrap: anywhere;
    }
  `,
})
export class ResetCodePanel {
  protected readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  protected member = '';
  protected readonly message = signal('');

  protected async make(): Promise<void> {
    const name = this.member.trim().toLowerCase();
    const answer = await this.session.makeResetCode(name);
    if (answer === 'offline') return this.message.set(this.i18n.t('network.offline'));
    if (answer === 'server') return this.message.set(this.i18n.t('auth.error.server'));
    const body = answer.body as Record<string, unknown>;
    if (answer.status !== 201) return this.message.set(this.i18n.refusal(refusalOfAnswer(body)) || this.i18n.t('error.generic'));
    const until = this.i18n.time(String(body['expiresAt']));
    this.message.set(this.i18n.t('reset.made', { name, code: String(body['code']), until }));
  }
}
