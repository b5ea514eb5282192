import { ChangeDetectionStrategy, Component, computed, inject, input, numberAttribute } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { I18n } from '../i18n/i18n';
import { WorkshopsStore } from './workshops-store';
import { PageHeader } from '../shared/page-header';

/** A printable sign-in sheet of one session: names, what was marked, and room for a signature. Offline too. */
@Component({
  selector: 'app-sign-in-sheet-page',
  imports: [PageHeader, IonContent, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header
      app-page-header
      class="no-print"
      [title]="i18n.t('workshops.printSheet')"
      [back]="'/workshops/cohort/' + id()"
      [backTo]="cohort()?.title ?? i18n.t('workshops.title')"
      [sync]="false"
    ></ion-header>
    <ion-content class="ion-padding">
      <h1>{{ cohort()?.title }} · {{ i18n.t('workshops.sessionShort', { number: session() }) }}</h1>
      <!-- What a funder's auditor asks of a sheet: which cohort, where, when, and who ran it. -->
      <p data-testid="sheet-details">{{ details() }}</p>
      <table data-testid="sign-in-sheet">
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('sheet.name') }}</th>
            <th scope="col">{{ i18n.t('sheet.marked') }}</th>
            <th scope="col">{{ i18n.t('sheet.signature') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.owner) {
            <tr>
              <td>{{ row.owner }}</td>
              <td>{{ row.cell.current ? i18n.t('workshops.status.' + row.cell.current.status) : '' }}</td>
              <td class="sign"></td>
            </tr>
          }
        </tbody>
      </table>
      <ion-button class="no-print" (click)="print()">{{ i18n.t('certificate.print') }}</ion-button>
    </ion-content>
  `,
  styles: `
    table {
      width: 100%;
      border-collapse: collapse;
      margin: 12px 0;
    }
    th,
    td {
      border: 1px solid #555;
      padding: 10px 8px;
      text-align: left;
    }
    .sign {
      width: 40%;
    }
    ion-button {
      min-height: 48px;
    }
    @media print {
      .no-print {
        display: none;
      }
    }
  `,
})
export class SignInSheetPage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(WorkshopsStore);
  /** Route parameters. */
  readonly id = input.required<string>();
  readonly session = input.required({ transform: numberAttribute });
  protected readonly cohort = computed(() => this.store.cohort(this.id()));
  protected readonly rows = computed(() => this.store.sheet(this.id(), this.session()));
  protected readonly details = computed(() => {
    const cohort = this.cohort();
    if (!cohort) return '';
    const session = cohort.sessions?.find((s) => s.number === this.session());
    const when = [session?.date ? this.i18n.day(session.date, 'long') : null, session?.time ?? null].filter((p) => p).join(', ');
    const where = session?.place || cohort.venue || '';
    return [
      when && this.i18n.t('sheet.when', { when }),
      where && this.i18n.t('sheet.where', { where }),
      this.i18n.t('sheet.facilitators', { names: (cohort.facilitators ?? [cohort.author]).join(', ') }),
    ]
      .filter((part) => part)
      .join(' · ');
  });

  protected print(): void {
    window.print();
  }
}
