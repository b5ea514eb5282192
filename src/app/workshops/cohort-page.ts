import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { AlertController } from '@ionic/angular/alert-controller';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonInput } from '@ionic/angular/ion-input';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonSegment } from '@ionic/angular/ion-segment';
import { IonSegmentButton } from '@ionic/angular/ion-segment-button';
import { RouterLink } from '@angular/router';
import { I18n } from '../i18n/i18n';
import { parseCheckInPayload, toCsv, type AttendanceStatus } from '../../../sync-server/couchdb/workshops/attendance-rule';
import { CohortPreparation } from './cohort-preparation';
import { QrScanner } from './qr-scanner';
import type { Cohort } from '../data/workshop-repository';
import { WorkshopsStore, type RosterRow } from './workshops-store';
import { PageHeader } from '../shared/page-header';

const STATUSES: AttendanceStatus[] = ['present', 'late', 'excused', 'absent'];

/**
 * A cohort's roster and the attendance sheet of one session: one tap per person, big targets, a count
 * at the top, "mark all present", notes, and where two devices disagreed, the choice to confirm.
 */
@Component({
  selector: 'app-cohort-page',
  imports: [PageHeader, IonContent, IonButton, IonInput, IonSegment, IonSegmentButton, IonLabel, RouterLink, QrScanner, CohortPreparation],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cohort-page.html',
  styleUrl: './cohort-page.css',
})
export class CohortPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(WorkshopsStore);
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
