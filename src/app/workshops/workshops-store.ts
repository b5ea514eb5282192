import { Injectable, computed, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap, type Observable } from 'rxjs';
import { mayRunWorkshops } from '../auth/roles';
import { I18n } from '../i18n/i18n';
import { refusalOfAnswer, Session } from '../auth/session';
import { LocalDatabase } from '../data/local-database';
import { randomId } from '../shared/random-id';
import { watchProjection } from '../data/projection-repository';
import { SyncService } from '../sync/sync-service';
import {
  removeWorkshopDocs,
  watchWorkshops,
  writeWorkshopDocs,
  type Cohort,
  type CohortSession,
  type Enrolment,
  type Mark,
  type WorkshopDoc,
} from '../data/workshop-repository';
import {
  cellOf,
  checkInCode,
  type AttendanceStatus,
  type Cell,
  type WorkshopsProjection,
} from '../../../sync-server/couchdb/workshops/attendance-rule';
import { kindOf, sessionsOf, type CohortKind } from '../../../sync-server/couchdb/workshops/cohort-kinds';

/** Letters and digits that cannot be mistaken for each other when read aloud or typed on a phone. */
const JOIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export type JoinResult =
  | { ok: true; title: string }
  | { ok: false; problem: 'unknown' | 'offline' | 'invalid' | 'server' }
  /** The server said why not (taken off this cohort, not in a network, too many requests): `reason` as encodeRefusal keeps it. */
  | { ok: false; problem: 'refused'; reason: string };

export interface RosterRow {
  readonly owner: string;
  readonly cell: Cell;
  /** The server's reason when it refused this enrolment (a name that is not an owner of the cohort's network). */
  readonly refused: string | null;
}

/** Cohorts, rosters and attendance on this device, for facilitators and coordinators; local first. */
@Injectable({ providedIn: 'root' })
export class WorkshopsStore {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly session = inject(Session);
  private readonly sync = inject(SyncService);
  private readonly i18n = inject(I18n);
  private readonly docs = toSignal(
    toObservable(computed(() => this.localDatabase.db())).pipe(switchMap((db) => (db ? watchWorkshops(db) : of([] as WorkshopDoc[])))),
    { initialValue: [] as WorkshopDoc[] },
  );

  /** The signed-in member's own courses (an owner's induction, a tutor's CPD course), as the server projected them into their private database. */
  readonly myCourses = toSignal(
    toObservable(computed(() => this.localDatabase.db())).pipe(
      switchMap((db) => (db ? (watchProjection(db, 'workshops') as Observable<WorkshopsProjection | null>) : of(null))),
    ),
    { initialValue: null },
  );

  readonly me = computed(() => this.session.user()?.name ?? '');
  readonly runsWorkshops = computed(() => mayRunWorkshops(this.session.user()?.roles ?? []));
  readonly cohorts = computed(() =>
    this.docs()
      .filter((d): d is Cohort => d.type === 'cohort')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  );

  cohort(id: string): Cohort | null {
    return this.cohorts().find((c) => c.id === id) ?? null;
  }

  /** The session numbers of a cohort, by its kind: 1–4 for the induction, 1–3 for a CPD course. */
  sessionNumbers(cohort: Cohort): number[] {
    return sessionsOf(kindOf(cohort));
  }

  /** A workshops record as people name it, for the outbox: "ania, session 1 of Bakers of Kraków". */
  describe(docId: string): string {
    const doc = this.docs().find((d) => d.id === docId);
    if (!doc) return '';
    if (doc.type === 'cohort') return doc.title;
    const cohort = this.cohort(doc.cohortId)?.title ?? '';
    if (doc.type === 'enrolment') return this.i18n.t('outbox.enrolmentOf', { owner: doc.owner, cohort });
    return this.i18n.t('outbox.markOf', { owner: doc.owner, number: doc.session, cohort });
  }

  roster(cohortId: string): string[] {
    return this.docs()
      .filter((d): d is Enrolment => d.type === 'enrolment' && d.cohortId === cohortId && !d.withdrawn)
      .map((d) => d.owner)
      .sort();
  }

  private marks(cohortId: string, session: number): Mark[] {
    return this.docs().filter((d): d is Mark => d.type === 'mark' && d.cohortId === cohortId && d.session === session);
  }

  /** The sheet of one session: every person on the roster with their decided mark, history and disagreements. */
  sheet(cohortId: string, session: number): RosterRow[] {
    const marks = this.marks(cohortId, session);
    const refused = new Map(
      this.sync
        .outboxEntries()
        .filter((e) => e.source === 'workshops' && e.state === 'refused')
        .map((e) => [e.docId, e.reason ?? '']),
    );
    return this.roster(cohortId).map((owner) => ({
      owner,
      cell: cellOf(marks.filter((m) => m.owner === owner)),
      refused: refused.get(`enrolment:${cohortId.slice(7)}:${owner}`) ?? null,
    }));
  }

  async createCohort(
    kind: CohortKind,
    title: string,
    venue: string,
    sessions: CohortSession[],
    coFacilitators: string[] = [],
    language?: string,
  ): Promise<string> {
    const now = new Date().toISOString();
    const id = randomId('cohort');
    const joinCode = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => JOIN_ALPHABET[b % JOIN_ALPHABET.length]).join('');
    const cohort: Cohort = {
      id,
      type: 'cohort',
      kind,
      author: this.me(),
      title: title.trim(),
      facilitators: [...new Set([this.me(), ...coFacilitators])].slice(0, 10),
      sessions,
      joinCode,
      createdAt: now,
      updatedAt: now,
    };
    if (venue.trim()) cohort.venue = venue.trim();
    if (language) cohort.language = language;
    await this.write([cohort], 'outbox.cohort');
    return id;
  }

  /** Names the lesson owners do before a session, or none (the rule lets the cohort's author and coordinators). */
  async setPreparationLesson(cohort: Cohort, session: number, lessonId: string | null): Promise<void> {
    const planned = cohort.sessions ?? [];
    const sessions: CohortSession[] = Array.from({ length: Math.max(session, planned.length) }, (_, i) => ({
      ...planned[i],
      number: i + 1,
    }));
    const { preparationLessonId: _, ...rest } = sessions[session - 1]!;
    sessions[session - 1] = lessonId ? { ...rest, preparationLessonId: lessonId } : rest;
    await this.write([{ ...cohort, sessions, updatedAt: new Date().toISOString() }], 'outbox.cohort');
  }

  async enrol(cohortId: string, owner: string): Promise<void> {
    const now = new Date().toISOString();
    const name = owner.trim().toLowerCase();
    await this.write(
      [
        {
          id: `enrolment:${cohortId.slice(7)}:${name}`,
          type: 'enrolment',
          author: this.me(),
          cohortId,
          owner: name,
          createdAt: now,
          updatedAt: now,
        },
      ],
      'outbox.enrolment',
    );
  }

  /** Takes someone off the roster (their marks stay in the history); their check-in code stops working here. */
  async withdraw(cohortId: string, owner: string): Promise<void> {
    const now = new Date().toISOString();
    const enrolment = this.docs().find((d): d is Enrolment => d.type === 'enrolment' && d.cohortId === cohortId && d.owner === owner);
    if (!enrolment) return;
    // One the server refused exists only here: it is removed, not sent again as withdrawn.
    const refused = this.sync.outboxEntries().some((e) => e.source === 'workshops' && e.docId === enrolment.id && e.state === 'refused');
    const db = this.localDatabase.db();
    if (refused && db) return removeWorkshopDocs(db, [enrolment.id], 'outbox.enrolment');
    await this.write([{ ...enrolment, author: this.me(), withdrawn: true, updatedAt: now }], 'outbox.enrolment');
  }

  /** Takes back marks this facilitator made (the undo of "mark everyone present"). */
  async unmark(markIds: string[]): Promise<void> {
    const db = this.localDatabase.db();
    if (db) await removeWorkshopDocs(db, markIds, 'outbox.attendanceUndone');
  }

  /** A tap: a new mark that knows the marks this device has for the person, so a later confirmation settles a disagreement. */
  /** Answers the ids of the marks made. */
  async mark(cohortId: string, session: number, owners: string[], status: AttendanceStatus, note?: string): Promise<string[]> {
    const now = new Date().toISOString();
    const marks = this.marks(cohortId, session);
    const docs: Mark[] = owners.map((owner) => {
      const doc: Mark = {
        id: randomId('mark'),
        type: 'mark',
        author: this.me(),
        cohortId,
        session,
        owner,
        status,
        markedAt: now,
        seen: marks
          .filter((m) => m.owner === owner)
          .map((m) => m.id)
          .slice(-50),
        createdAt: now,
        updatedAt: now,
      };
      if (note?.trim()) doc.note = note.trim();
      return doc;
    });
    await this.write(docs, 'outbox.attendance');
    return docs.map((doc) => doc.id);
  }

  /**
   * Manual check-in: the owner on this cohort's roster whose code this is, or null (unknown, another
   * cohort's, or a withdrawn enrolment). Works offline: codes are derived, not looked up.
   */
  async ownerByCode(cohortId: string, code: string): Promise<string | null> {
    const wanted = code.replace(/[\s-]/g, '').toUpperCase();
    for (const owner of this.roster(cohortId)) if ((await checkInCode(cohortId, owner)) === wanted) return owner;
    return null;
  }

  /** An owner joins a cohort with its code; the server enrols them (owners cannot write workshops records). */
  async join(code: string): Promise<JoinResult> {
    let response: Response;
    try {
      response = await fetch(new URL('api/cohorts/join', document.baseURI), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'ngsw-bypass': 'true' },
        body: JSON.stringify({ code: code.trim() }),
      });
    } catch {
      return { ok: false, problem: 'offline' };
    }
    if (response.status === 404) return { ok: false, problem: 'unknown' };
    if (response.status === 400) return { ok: false, problem: 'invalid' };
    if (response.status === 403 || response.status === 429) {
      const reason = refusalOfAnswer(await response.json().catch(() => null));
      return reason ? { ok: false, problem: 'refused', reason } : { ok: false, problem: 'server' };
    }
    if (!response.ok) return { ok: false, problem: 'server' };
    return { ok: true, title: String(((await response.json()) as { title?: string }).title ?? '') };
  }

  /** Attendance of every session as rows for CSV or a printed sheet. */
  table(cohortId: string, onlySession?: number): string[][] {
    const cohort = this.cohort(cohortId);
    const sessions = onlySession ? [onlySession] : cohort ? this.sessionNumbers(cohort) : [];
    const sheets = sessions.map((s) => new Map(this.sheet(cohortId, s).map((row) => [row.owner, row.cell])));
    // Which cohort, where, when and who ran it, above the table: a file sent on alone still says so.
    const about: string[][] = cohort
      ? [
          ['cohort', cohort.title],
          ['kind', cohort.kind],
          ['venue', cohort.venue ?? ''],
          ['facilitators', (cohort.facilitators ?? [cohort.author]).join(', ')],
          ...sessions.map((n) => {
            const planned = cohort.sessions?.find((s) => s.number === n);
            return [`session ${n}`, [planned?.date, planned?.time, planned?.place].filter((part) => part).join(' ')];
          }),
          [],
        ]
      : [];
    return [
      ...about,
      ['owner', ...sessions.flatMap((s) => [`session ${s}`, `note ${s}`])],
      ...this.roster(cohortId).map((owner) => [
        owner,
        ...sheets.flatMap((sheet) => [sheet.get(owner)?.current?.status ?? '', sheet.get(owner)?.current?.note ?? '']),
      ]),
    ];
  }

  private async write(docs: WorkshopDoc[], label: string): Promise<void> {
    const db = this.localDatabase.db();
    if (!db) throw new Error('No local database is open.');
    await writeWorkshopDocs(db, docs, label);
  }
}
