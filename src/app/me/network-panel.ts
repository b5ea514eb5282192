import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { IonButton } from '@ionic/angular/ion-button';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { refusalOfAnswer, Session } from '../auth/session';
import { I18n } from '../i18n/i18n';

/**
 * A coordinator's tools: give a member a role (a reviewer of the CPD curriculum too, e.g. a member of
 * the local stakeholder forum), create an invitation code. Shown only to coordinators.
 */
@Component({
  selector: 'app-network-panel',
  imports: [FormsModule, IonList, IonListHeader, IonLabel, IonItem, IonInput, IonSelect, IonSelectOption, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-list>
      <ion-list-header role="listitem"
        ><ion-label
          ><h2>{{ i18n.t('network.title') }}</h2>
          <p>{{ i18n.t('network.intro') }}</p></ion-label
        ></ion-list-header
      >
      <ion-item>
        <ion-input
          [label]="i18n.t('network.member')"
          labelPlacement="stacked"
          autocapitalize="off"
          [(ngModel)]="member"
          name="member"
          data-testid="network-member"
        />
      </ion-item>
      <ion-item>
        <ion-select labelPlacement="stacked" interface="popover" [(ngModel)]="role" name="role" data-testid="network-role">
          <div slot="label">{{ i18n.t('network.role') }}</div>
          @for (option of roles; track option) {
            <ion-select-option [value]="option">{{ i18n.t('network.role.' + option) }}</ion-select-option>
          }
        </ion-select>
      </ion-item>
    </ion-list>
    <div class="actions ion-padding-horizontal">
      <ion-button fill="outline" (click)="grant(true)" [disabled]="!member.trim()" data-testid="grant-role">{{
        i18n.t('network.grant')
      }}</ion-button>
      <ion-button fill="outline" (click)="grant(false)" [disabled]="!member.trim()" data-testid="revoke-role">{{
        i18n.t('network.revoke')
      }}</ion-button>
      <ion-button fill="outline" (click)="invite()">{{ i18n.t('network.invite') }}</ion-button>
    </div>
    <p role="status" class="ion-padding-horizontal message">{{ message() }}</p>
  `,
  styles: `
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .message {
      overflow-wrap: anywhere;
    }
  `,
})
export class NetworkPanel {
  protected readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  protected readonly roles = ['facilitator', 'tutor', 'reviewer', 'owner'];
  protected member = '';
  protected role = 'facilitator';
  protected readonly message = signal('');

  /** Gives the chosen role, or takes it away; the member's other roles stay. */
  protected async grant(granted: boolean): Promise<void> {
    const name = this.member.trim();
    const role = this.i18n.t('network.role.' + this.role);
    const answer = await this.session.manageNetwork('/api/roles', { name, role: this.role, granted });
    this.message.set(this.describe(answer, () => this.i18n.t(granted ? 'network.granted' : 'network.revoked', { name, role })));
  }

  protected async invite(): Promise<void> {
    const answer = await this.session.manageNetwork('/api/invites', { role: this.role });
    this.message.set(
      this.describe(answer, (body) =>
        this.i18n.t('network.inviteCreated', {
          code: String(body['code']),
          role: this.i18n.t('network.role.' + this.role),
          link: new URL(String(body['link']), document.baseURI).href,
        }),
      ),
    );
  }

  private describe(answer: Awaited<ReturnType<Session['manageNetwork']>>, success: (body: Record<string, unknown>) => string): string {
    if (answer === 'offline') return this.i18n.t('network.offline');
    if (answer === 'server') return this.i18n.t('auth.error.server');
    const body = answer.body as Record<string, unknown>;
    return answer.status < 300 ? success(body) : this.i18n.refusal(refusalOfAnswer(body)) || this.i18n.t('error.generic');
  }
}
