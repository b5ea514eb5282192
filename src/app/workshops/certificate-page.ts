import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { RouterLink } from '@angular/router';
import { countryOf } from '../auth/roles';
import { Session } from '../auth/session';
import { SyncService } from '../sync/sync-service';
import { I18n } from '../i18n/i18n';
import { WorkshopsStore } from './workshops-store';
import { PageHeader } from '../shared/page-header';

/** A certificate of a completed course (an owner's induction, a tutor's CPD course), to show on the phone or print (and save as PDF). */
@Component({
  selector: 'app-certificate-page',
  imports: [PageHeader, RouterLink, IonContent, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header
      app-page-header
      class="no-print"
      [title]="i18n.t('workshops.certificate')"
      back="/workshops"
      [backTo]="i18n.t('workshops.title')"
      [sync]="false"
    ></ion-header>
    <ion-content class="ion-padding">
      @if (progress()?.completed) {
        <article class="certificate" data-testid="certificate">
          <p class="kicker">{{ i18n.t(cpd() ? 'certificate.cpd.kicker' : 'certificate.kicker') }}</p>
          <h1>{{ name() }}</h1>
          <p>{{ i18n.t(cpd() ? 'certificate.cpd.text' : 'certificate.text') }}</p>
          <p>{{ i18n.t('certificate.completedOn', { date: completedOn() }) }}</p>
          @if (facilitators()) {
            <p>{{ i18n.t('certificate.facilitators', { names: facilitators() }) }}</p>
          }
          @if (!cpd()) {
            <p class="role">{{ i18n.t('certificate.peerMentor') }}</p>
          }
          <p class="issuer">{{ i18n.t('certificate.issuer', { network: network() }) }}</p>
          @if (progress()?.certificateCode; as code) {
            <p class="verify" data-testid="certificate-code">
              {{ i18n.t('certificate.code') }}: <strong class="code">{{ code }}</strong
              ><br />
              {{ i18n.t('certificate.verifyAt', { url: verifyUrl() }) }}
            </p>
          } @else {
            <p class="verify">{{ i18n.t('certificate.codePending') }}</p>
          }
        </article>
        @if (!fullName()) {
          <p class="no-print" role="note">{{ i18n.t('certificate.noFullName') }}</p>
          <ion-button class="no-print" expand="block" fill="outline" routerLink="/me" data-testid="add-full-name">{{
            i18n.t('certificate.addFullName')
          }}</ion-button>
        }
        <ion-button class="no-print" expand="block" (click)="print()">{{ i18n.t('certificate.print') }}</ion-button>
      } @else {
        <p>{{ i18n.t(cpd() ? 'certificate.cpd.notYet' : 'certificate.notYet') }}</p>
      }
    </ion-content>
  `,
  styles: `
    .certificate {
      max-width: 640px;
      margin: 16px auto;
      border: 3px double var(--ion-color-primary);
      border-radius: 12px;
      padding: 32px 24px;
      text-align: center;
    }
    .kicker {
      text-transform: uppercase;
      letter-spacing: 0.1em;
      color: var(--ion-color-primary-shade);
      font-weight: 700;
    }
    h1 {
      font-size: 2rem;
      margin: 12px 0;
      overflow-wrap: anywhere;
    }
    .role {
      font-weight: 700;
    }
    .issuer,
    .verify {
      font-size: 0.9rem;
    }
    .code {
      font-family: monospace;
      letter-spacing: 0.08em;
      white-space: nowrap;
    }
    .verify {
      overflow-wrap: anywhere;
    }
    ion-button {
      min-height: 48px;
      max-width: 640px;
      margin: 0 auto;
    }
    @media print {
      .no-print {
        display: none;
      }
    }
  `,
})
export class CertificatePage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(WorkshopsStore);
  private readonly session = inject(Session);
  private readonly sync = inject(SyncService);
  /** Route parameter: which course (absent: the induction, as before there were others). */
  readonly course = input<string | undefined>();
  protected readonly cpd = computed(() => this.course() === 'cpd');
  /** The course's progress as the server projected it: the induction at the top, a CPD course under `cpd`. */
  protected readonly progress = computed(() => {
    const mine = this.store.myCourses();
    return this.cpd() ? (mine?.cpd ?? null) : mine;
  });
  /** The name the certificate keeps once issued with one; until then, the one in Me. */
  protected readonly fullName = computed(() => this.progress()?.certificateName ?? this.sync.settings()?.fullName ?? '');
  /** The full name the person gave, else their user name (and a prompt to add the name). */
  protected readonly name = computed(() => this.fullName() || (this.session.user()?.name ?? ''));
  protected readonly network = computed(() => {
    const country = countryOf(this.session.user()?.roles ?? []);
    return country ? this.i18n.t(`country.${country}`) : '';
  });
  protected readonly verifyUrl = computed(() => `${location.origin}/verify/${this.progress()?.certificateCode ?? ''}`);
  protected readonly completedOn = computed(() => {
    const at = this.progress()?.completedAt;
    return at ? this.i18n.date(at) : '';
  });
  protected readonly facilitators = computed(() => {
    const kind = this.cpd() ? 'cpd' : 'induction';
    const cohorts = this.store.myCourses()?.cohorts.filter((c) => c.kind === kind) ?? [];
    return [...new Set(cohorts.flatMap((c) => c.facilitators))].join(', ');
  });

  protected print(): void {
    window.print();
  }
}
