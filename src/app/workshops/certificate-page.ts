import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { IonBackButton, IonButton, IonButtons, IonContent, IonHeader, IonTitle, IonToolbar } from '@ionic/angular';
import { Session } from '../auth/session';
import { I18n } from '../i18n/i18n';
import { WorkshopsStore } from './workshops-store';

/** The owner's certificate of the induction, to show on the phone or print (and save as PDF). */
@Component({
  selector: 'app-certificate-page',
  imports: [IonHeader, IonToolbar, IonTitle, IonButtons, IonBackButton, IonContent, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header class="no-print">
      <ion-toolbar color="primary">
        <ion-buttons slot="start"><ion-back-button defaultHref="/workshops" [text]="i18n.t('workshops.title')" /></ion-buttons>
        <ion-title>{{ i18n.t('workshops.certificate') }}</ion-title>
      </ion-toolbar>
    </ion-header>
    <ion-content class="ion-padding">
      @if (induction()?.completed) {
        <article class="certificate" data-testid="certificate">
          <p class="kicker">{{ i18n.t('certificate.kicker') }}</p>
          <h1>{{ name() }}</h1>
          <p>{{ i18n.t('certificate.text') }}</p>
          <p>{{ i18n.t('certificate.completedOn', { date: completedOn() }) }}</p>
          @if (facilitators()) {<p>{{ i18n.t('certificate.facilitators', { names: facilitators() }) }}</p>}
          <p class="role">{{ i18n.t('certificate.peerMentor') }}</p>
        </article>
        <ion-button class="no-print" expand="block" (click)="print()">{{ i18n.t('certificate.print') }}</ion-button>
      } @else {
        <p>{{ i18n.t('certificate.notYet') }}</p>
      }
    </ion-content>
  `,
  styles: `
    .certificate { max-width: 640px; margin: 16px auto; border: 3px double var(--ion-color-primary); border-radius: 12px; padding: 32px 24px; text-align: center; }
    .kicker { text-transform: uppercase; letter-spacing: 0.1em; color: var(--ion-color-primary-shade); font-weight: 700; }
    h1 { font-size: 2rem; margin: 12px 0; overflow-wrap: anywhere; }
    .role { font-weight: 700; }
    ion-button { min-height: 48px; max-width: 640px; margin: 0 auto; }
    @media print { .no-print { display: none; } }
  `,
})
export class CertificatePage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(WorkshopsStore);
  private readonly session = inject(Session);
  protected readonly name = computed(() => this.session.user()?.name ?? '');
  protected readonly induction = this.store.myInduction;
  protected readonly completedOn = computed(() => {
    const at = this.induction()?.completedAt;
    return at ? new Intl.DateTimeFormat(this.i18n.language(), { dateStyle: 'long' }).format(new Date(at)) : '';
  });
  protected readonly facilitators = computed(() => [...new Set(this.induction()?.cohorts.flatMap((c) => c.facilitators) ?? [])].join(', '));

  protected print(): void {
    window.print();
  }
}
