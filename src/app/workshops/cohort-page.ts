import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { AlertController } from '@ionic/angular/alert-controller';
import { IonBackButton } from '@ionic/angular/ion-back-button';
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonInput } from '@ionic/angular/ion-input';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonSegment } from '@ionic/angular/ion-segment';
import { IonSegmentButton } from '@ionic/angular/ion-segment-button';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { RouterLink } from '@angular/router';
import { I18n } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';
import { parseCheckInPayload, toCsv, type AttendanceStatus } from '../../../sync-server/couchdb/workshops/attendance-rule';
import { QrScanner } from './qr-scanner';
import type { Cohort } from '../data/workshop-repository';
import { WorkshopsStore, type RosterRow } from './workshops-store';

const STATUSES: AttendanceStatus[] = ['present', 'late', 'excused', 'absent'];

/**
 * A cohort's roster and the attendance sheet of one session: one tap per person, big targets, a count
 * at the top, "mark all present", notes, and where two devices disagreed, the choice to confirm.
 */
@Component({
  selector: 'app-cohort-page',
  imports: [
    IonHeader,
    IonToolbar,
    IonTitle,
    IonButtons,
    IonBackButton,
    IonContent,
    IonButton,
    IonInput,
    IonSegment,
    IonSegmentButton,
    IonLabel,
    SyncIndicator,
    RouterLink,
    QrScanner,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary">
        <ion-buttons slot="start"><ion-back-button defaultHref="/workshops" [text]="i18n.t('workshops.title')" /></ion-buttons>
        <ion-title>{{ cohort()?.title }}</ion-title>
      </ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content class="ion-padding">
      @if (cohort(); as c) {
        <div class="page">
          @if (c.joinCode) {
            <p class="join" data-testid="join-code">
              {{ i18n.t('workshops.joinCodeIs', { code: c.joinCode, link: joinLink(c.joinCode) }) }}
            </p>
          }
          <ion-segment
            [value]="session()"
            (ionChange)="session.set(+($event.detail.value ?? 1))"
            [attr.aria-label]="i18n.t('workshops.session')"
          >
            @for (n of [1, 2, 3, 4]; track n) {
              <ion-segment-button [value]="n" [attr.data-testid]="'session-' + n" [attr.aria-label]="sessionName(c, n)">
                <ion-label>{{ sessionTab(c, n) }}</ion-label>
              </ion-segment-button>
            }
          </ion-segment>
          <p class="when" data-testid="session-when">{{ sessionWhen(c, session()) }}</p>
          <p class="count" role="status" data-testid="attendance-count">{{ i18n.t('workshops.count', counts()) }}</p>
          <div class="tools">
            <ion-button (click)="markAllPresent()" [disabled]="unmarked().length === 0" data-testid="mark-all">{{
              i18n.t('workshops.markAll')
            }}</ion-button>
            <ion-button fill="outline" (click)="download(session())">{{ i18n.t('workshops.exportSession') }}</ion-button>
            <ion-button fill="outline" (click)="download()">{{ i18n.t('workshops.exportCohort') }}</ion-button>
            <ion-button fill="outline" [routerLink]="['/workshops/cohort', c.id, 'sheet', session()]" data-testid="print-sheet">{{
              i18n.t('workshops.printSheet')
            }}</ion-button>
          </div>
          <form class="check-in" (submit)="$event.preventDefault(); checkIn()">
            <ion-input
              [label]="i18n.t('workshops.checkInCode')"
              labelPlacement="stacked"
              [value]="code()"
              (ionInput)="code.set($event.detail.value ?? '')"
              autocapitalize="characters"
              data-testid="check-in-input"
            />
            <ion-button type="submit" [disabled]="code().trim().length === 0" data-testid="check-in">{{
              i18n.t('workshops.checkIn')
            }}</ion-button>
            @if (checkInMessage(); as message) {
              <p role="status" data-testid="check-in-result">{{ message }}</p>
            }
          </form>
          <app-qr-scanner (read)="scanned($event)" />
          @if (markedAll(); as done) {
            <div class="undo" role="status" data-testid="marked-all">
              <p>{{ i18n.t('workshops.markedAll', { count: done.ids.length, number: done.session }) }}</p>
              <ion-button size="small" fill="outline" (click)="undoMarkAll()" data-testid="undo-mark-all">{{
                i18n.t('workshops.undo')
              }}</ion-button>
            </div>
          }
          <ul class="sheet" data-testid="attendance-sheet">
            @for (row of rows(); track row.owner) {
              <li class="row" [attr.data-owner]="row.owner" data-testid="attendance-row">
                @if (row.refused !== null) {
                  <p class="refused" role="alert" data-testid="enrolment-refused">
                    {{ i18n.t('workshops.enrolmentRefused', { owner: row.owner, reason: i18n.refusal(row.refused) }) }}
                  </p>
                }
                <div class="who">
                  <strong>{{ row.owner }}</strong>
                  @if (row.cell.current; as m) {
                    <span class="by">{{ i18n.t('workshops.markedBy', { author: m.author, time: i18n.time(m.markedAt) }) }}</span>
                  }
                </div>
                <div class="choices" role="group" [attr.aria-label]="i18n.t('workshops.markFor', { owner: row.owner })">
                  @for (status of statuses; track status) {
                    <ion-button
                      [fill]="row.cell.current?.status === status ? 'solid' : 'outline'"
                      [color]="colour(status)"
                      [attr.aria-pressed]="row.cell.current?.status === status"
                      [disabled]="row.refused !== null"
                      (click)="mark(row, status)"
                      [attr.data-testid]="'mark-' + status"
                    >
                      {{ i18n.t('workshops.status.' + status) }}
                    </ion-button>
                  }
                </div>
                @for (other of row.cell.disagreements; track other.id) {
                  <div class="disagreement" role="alert" data-testid="disagreement">
                    <p>
                      {{
                        i18n.t('workshops.disagreement', {
                          author: other.author,
                          status: i18n.t('workshops.status.' + other.status),
                          current: i18n.t('workshops.status.' + row.cell.current!.status),
                        })
                      }}
                    </p>
                    <ion-button size="small" (click)="mark(row, row.cell.current!.status)" data-testid="confirm-current">{{
                      i18n.t('workshops.confirm', { status: i18n.t('workshops.status.' + row.cell.current!.status) })
                    }}</ion-button>
                    <ion-button size="small" fill="outline" (click)="mark(row, other.status)">{{
                      i18n.t('workshops.confirm', { status: i18n.t('workshops.status.' + other.status) })
                    }}</ion-button>
                  </div>
                }
                <!-- A note and taking someone off the roster are rare: folded away, so a row is a name and its four buttons. -->
                <details class="more" [open]="row.refused !== null || !!row.cell.current?.note">
                  <summary>{{ i18n.t('workshops.more', { owner: row.owner }) }}</summary>
                  <ion-input
                    [label]="i18n.t('workshops.note')"
                    labelPlacement="stacked"
                    [value]="row.cell.current?.note ?? ''"
                    (ionChange)="note(row, $event.detail.value ?? '')"
                  />
                  <ion-button size="small" fill="clear" color="medium" (click)="withdraw(row)" [attr.data-testid]="'withdraw-' + row.owner">
                    {{ i18n.t('workshops.withdraw', { owner: row.owner }) }}
                  </ion-button>
                </details>
              </li>
            } @empty {
              <li>{{ i18n.t('workshops.emptyRoster') }}</li>
            }
          </ul>
          <form class="enrol" (submit)="$event.preventDefault(); enrol()">
            <ion-input
              [label]="i18n.t('workshops.enrol')"
              labelPlacement="stacked"
              [helperText]="i18n.t('workshops.enrolHint')"
              [value]="newOwner()"
              (ionInput)="newOwner.set($event.detail.value ?? '')"
              data-testid="enrol-name"
            />
            <ion-button type="submit" [disabled]="!validName()" data-testid="enrol">{{ i18n.t('workshops.enrolButton') }}</ion-button>
          </form>
        </div>
      } @else {
        <p>{{ i18n.t('workshops.notFound') }}</p>
      }
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 760px;
      margin: 0 auto;
    }
    .count {
      font-size: 1.1rem;
      font-weight: 600;
    }
    .join {
      overflow-wrap: anywhere;
    }
    .tools,
    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .sheet {
      list-style: none;
      padding: 0;
    }
    .when {
      font-weight: 600;
      margin: 8px 0 0;
    }
    .row {
      border-bottom: 1px solid var(--ion-color-light-shade);
      padding: 10px 0;
    }
    .refused {
      color: var(--ion-color-danger-shade);
      margin: 0 0 6px;
    }
    .undo {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: baseline;
    }
    .by {
      color: var(--ion-color-medium-shade);
      font-size: 0.85rem;
    }
    /* Four buttons in one row at 360 px (two rows of two at large text), right under the name. */
    .choices ion-button {
      min-height: 48px;
      min-width: 0;
      flex: 1 1 4.4rem;
      margin: 0;
      --padding-start: 4px;
      --padding-end: 4px;
      font-size: 0.8rem;
    }
    .more summary {
      cursor: pointer;
      color: var(--ion-color-medium-shade);
      font-size: 0.85rem;
      padding: 8px 0 0;
      min-height: 32px;
    }
    .disagreement {
      background: rgba(255, 196, 9, 0.15);
      border-radius: 8px;
      padding: 4px 10px;
      margin: 6px 0;
    }
    ion-button {
      min-height: 48px;
    }
    .enrol {
      margin-top: 24px;
    }
    .check-in {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: flex-end;
      margin: 12px 0;
    }
    .check-in ion-input {
      flex: 1 1 200px;
    }
  `,
})
export class CohortPage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(WorkshopsStore);
  /** Route parameter: the cohort id. */
  readonly id = input.required<string>();
  protected readonly statuses = STATUSES;
  protected readonly session = signal(1);
  protected readonly newOwner = signal('');
  protected readonly code = signal('');
  protected readonly checkInMessage = signal<string | null>(null);
  private readonly alerts = inject(AlertController);
  /** The last "mark everyone present", while it can be undone. */
  protected readonly markedAll = signal<{ ids: string[]; session: number } | null>(null);
  /** People on the sheet with no mark yet, leaving out enrolments the server refused. */
  protected readonly unmarked = computed(() => this.rows().filter((r) => !r.cell.current && r.refused === null));
  protected readonly cohort = computed(() => this.store.cohort(this.id()));
  protected readonly rows = computed(() => this.store.sheet(this.id(), this.session()));
  protected readonly validName = computed(() => /^[a-z0-9][a-z0-9._-]{1,39}$/.test(this.newOwner().trim().toLowerCase()));
  protected readonly counts = computed(() => {
    const rows = this.rows().filter((r) => r.refused === null);
    const count = (status: AttendanceStatus) => rows.filter((r) => r.cell.current?.status === status).length;
    return {
      marked: rows.filter((r) => r.cell.current).length,
      total: rows.length,
      present: count('present'),
      late: count('late'),
      excused: count('excused'),
      absent: count('absent'),
    };
  });

  /** "1 · 3 Dec" on the tab (the number alone without a date), so four fit on a small phone. */
  protected sessionTab(cohort: Cohort, number: number): string {
    const date = cohort.sessions?.find((s) => s.number === number)?.date;
    return date ? `${number} · ${this.i18n.day(date, 'short')}` : String(number);
  }

  protected sessionName(cohort: Cohort, number: number): string {
    const date = cohort.sessions?.find((s) => s.number === number)?.date;
    return date
      ? this.i18n.t('workshops.sessionOn', { number, date: this.i18n.day(date, 'long') })
      : this.i18n.t('workshops.sessionShort', { number });
  }

  /** The chosen session's day, time and place, as far as the cohort says them. */
  protected sessionWhen(cohort: Cohort, number: number): string {
    const session = cohort.sessions?.find((s) => s.number === number);
    const parts = [
      session?.date ? this.i18n.day(session.date, 'long') : null,
      session?.time ?? null,
      session?.place || cohort.venue || null,
    ].filter((p) => p);
    return parts.length > 0
      ? this.i18n.t('workshops.sessionWhen', { number, when: parts.join(', ') })
      : this.i18n.t('workshops.sessionNoDate', { number });
  }

  protected colour(status: AttendanceStatus): string {
    return { present: 'success', late: 'warning', excused: 'medium', absent: 'danger' }[status];
  }

  protected async mark(row: RosterRow, status: AttendanceStatus): Promise<void> {
    await this.store.mark(this.id(), this.session(), [row.owner], status, row.cell.current?.note);
  }

  protected async note(row: RosterRow, note: string): Promise<void> {
    if (note === (row.cell.current?.note ?? '')) return;
    await this.store.mark(this.id(), this.session(), [row.owner], row.cell.current?.status ?? 'present', note);
  }

  /** Everyone not yet marked, present, after asking; marks already made stay as they are, and it can be undone. */
  protected async markAllPresent(): Promise<void> {
    const owners = this.unmarked().map((r) => r.owner);
    const session = this.session();
    if (owners.length === 0) return;
    const alert = await this.alerts.create({
      header: this.i18n.t('workshops.markAllTitle', { count: owners.length, number: session }),
      message: owners.join(', '),
      buttons: [
        { text: this.i18n.t('me.cancel'), role: 'cancel' },
        { text: this.i18n.t('workshops.markAllConfirm'), role: 'confirm', cssClass: 'mark-all-confirm' },
      ],
    });
    await alert.present();
    if ((await alert.onDidDismiss()).role !== 'confirm') return;
    const done = { ids: await this.store.mark(this.id(), session, owners, 'present'), session };
    this.markedAll.set(done);
    // The server takes a mark back only in its first minutes: the offer goes well before that.
    setTimeout(() => this.markedAll.update((shown) => (shown === done ? null : shown)), 5 * 60_000);
  }

  protected async undoMarkAll(): Promise<void> {
    const done = this.markedAll();
    this.markedAll.set(null);
    if (done) await this.store.unmark(done.ids);
  }

  protected joinLink(code: string): string {
    return new URL(`workshops?join=${code}`, document.baseURI).href;
  }

  /** The owner's code, read out or typed: present in this session, or a clear refusal. */
  protected async checkIn(code = this.code()): Promise<void> {
    const owner = await this.store.ownerByCode(this.id(), code);
    if (!owner) {
      this.checkInMessage.set(this.i18n.t('workshops.checkInUnknown'));
      return;
    }
    await this.store.mark(this.id(), this.session(), [owner], 'present');
    this.checkInMessage.set(this.i18n.t('workshops.checkedIn', { owner, number: this.session() }));
    this.code.set('');
  }

  /** A scanned QR code: ours, for this cohort, for someone on its roster; otherwise said why not. */
  protected async scanned(text: string): Promise<void> {
    const payload = parseCheckInPayload(text);
    if (!payload) return this.checkInMessage.set(this.i18n.t('workshops.qrNotOurs'));
    if (payload.cohortId !== this.id()) return this.checkInMessage.set(this.i18n.t('workshops.qrOtherCohort'));
    await this.checkIn(payload.code);
  }

  protected async withdraw(row: RosterRow): Promise<void> {
    await this.store.withdraw(this.id(), row.owner);
  }

  protected async enrol(): Promise<void> {
    if (!this.validName()) return;
    await this.store.enrol(this.id(), this.newOwner());
    this.newOwner.set('');
  }

  /** A CSV file made on the device, so it works offline too. */
  protected download(session?: number): void {
    const csv = toCsv(this.store.table(this.id(), session));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = `${this.cohort()?.title ?? 'cohort'}${session ? ` - session ${session}` : ''}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  }
}
