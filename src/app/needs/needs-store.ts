import { Injectable, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { Session } from '../auth/session';
import { LocalDatabase } from '../data/local-database';
import { saveNeedsCheckIn, watchNeedsCheckIns, type NeedsCheckIn } from '../data/needs-repository';
import { keepCopy, keptCopy } from '../shared/kept-copies';

/** A check-in is asked for again after this many days (about three months). */
export const CHECK_IN_EVERY_DAYS = 90;
/** "Not now" hides the question for this many days. */
const LATER_DAYS = 14;

/** The owner's needs check-ins: what they told us, and whether it is time to ask again. */
@Injectable({ providedIn: 'root' })
export class NeedsStore {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly session = inject(Session);
  /** Null until the local database has answered. */
  private readonly checkInsRead = toSignal(
    toObservable(computed(() => this.localDatabase.db())).pipe(switchMap((db) => (db ? watchNeedsCheckIns(db) : of(null)))),
    { initialValue: null },
  );
  readonly checkIns = computed(() => this.checkInsRead() ?? ([] as NeedsCheckIn[]));
  readonly latest = computed(() => this.checkIns()[0] ?? null);
  /** Moves each time the owner says "not now", so that due() is read again. */
  private readonly putOffs = signal(0);

  /** Never answered, or the last answers are three months old, and not put off lately (not asked before the answers are read). */
  due(now = new Date()): boolean {
    this.putOffs();
    if (this.checkInsRead() === null) return false;
    const later = keptCopy<PutOff>('needsLater', this.session.user()?.name, 1)?.at;
    if (later && now.getTime() - Date.parse(later) < LATER_DAYS * 86_400_000) return false;
    const latest = this.latest();
    return !latest || now.getTime() - Date.parse(latest.id.slice('needs:'.length)) >= CHECK_IN_EVERY_DAYS * 86_400_000;
  }

  putOff(now = new Date()): void {
    const user = this.session.user()?.name;
    if (user) keepCopy('needsLater', { v: 1, user, at: now.toISOString() } satisfies PutOff);
    this.putOffs.update((n) => n + 1);
  }

  /** Changes the latest answers while they are recent; after three months, starts a new check-in beside them. */
  async save(ratings: Record<string, number>, request: string, now = new Date()): Promise<void> {
    const db = this.localDatabase.db();
    if (!db) return;
    const latest = this.latest();
    const recent = latest && now.getTime() - Date.parse(latest.id.slice('needs:'.length)) < CHECK_IN_EVERY_DAYS * 86_400_000;
    const id = recent ? latest.id : `needs:${now.toISOString().slice(0, 10)}`;
    await saveNeedsCheckIn(db, { id, ratings, request: request.trim() || undefined });
  }
}

/** When the owner last said "not now". */
interface PutOff {
  readonly v: 1;
  readonly user: string;
  readonly at: string;
}
