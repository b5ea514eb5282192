import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import type { Subscription } from 'rxjs';
import { countryOf, mayAuthor, mayReadInsights, mayRunWorkshops } from '../auth/roles';
import { Session, type SignedInUser } from '../auth/session';
import { LocalDatabase, type AppDatabase } from '../data/local-database';
import { watchOutbox, type OutboxEntry } from '../data/outbox';
import { UserSync, type ConnectionState } from '../data/replication/user-sync';
import { saveSettings, watchSettings, type UserSettings } from '../data/settings-repository';
import { I18n, isLanguage } from '../i18n/i18n';
import type { Language } from '../i18n/messages';
import { Connectivity } from './connectivity';
import { COUCH_BASE } from './server-address';
import { deriveSyncStatus } from './sync-status';

const ROLES_REFRESH_MS = 3 * 60_000;

/**
 * Runs replication for the signed-in user: started with the app, paused while the browser is
 * offline, resumed and re-synced as soon as it is back, and summarised as one status.
 */
@Injectable({ providedIn: 'root' })
export class SyncService {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly connectivity = inject(Connectivity);
  private readonly couchBase = inject(COUCH_BASE);
  private readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  /** Roles are asked for at start, on reconnecting and every few minutes while the app is open. */
  private rolesTimer: ReturnType<typeof setInterval> | null = null;

  private readonly connection = signal<ConnectionState | null>(null);
  private readonly active = signal(false);
  private readonly outbox = signal<OutboxEntry[]>([]);
  private readonly settingsSignal = signal<UserSettings | null>(null);
  /** The signed-in user's settings as on this device (null before the first are saved). */
  readonly settings = this.settingsSignal.asReadonly();
  private userSync: UserSync | null = null;
  /** The roles replication started with: new roles (granted by a coordinator) mean other databases. */
  private rolesKey = '';
  private userName = '';
  private subscriptions: Subscription[] = [];
  /**
   * Starts and stops run one after another: the app starting for a remembered user and a sign-in on
   * the page it opened could otherwise both see no replication and start two, with the same
   * checkpoints, one of them never stopped.
   */
  private queue: Promise<unknown> = Promise.resolve();

  readonly outboxEntries = this.outbox.asReadonly();
  readonly status = computed(() =>
    deriveSyncStatus({
      online: this.connectivity.online(),
      connection: this.connection(),
      active: this.active(),
      waiting: this.outbox().filter((e) => e.state === 'waiting').length,
      refused: this.outbox().filter((e) => e.state === 'refused').length,
    }),
  );

  constructor() {
    effect(() => {
      const online = this.connectivity.online();
      untracked(() => this.followConnectivity(online));
    });
    // New roles (given by a coordinator, or peer mentor earned) mean other databases: replication starts again with them.
    effect(() => {
      const user = this.session.user();
      untracked(() => {
        if (user && this.userSync && user.name === this.userName && user.roles.join() !== this.rolesKey) void this.start(user);
      });
    });
  }

  /** Opens the user's local database and starts replicating what this user may read and write. */
  start(user: SignedInUser): Promise<AppDatabase> {
    return this.inTurn(() => this.startNow(user));
  }

  stop(): Promise<void> {
    return this.inTurn(() => this.stopNow());
  }

  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async startNow(user: SignedInUser): Promise<AppDatabase> {
    const db = await this.localDatabase.open(user.name);
    const rolesKey = user.roles.join();
    if (this.userSync?.database === db && this.rolesKey === rolesKey) return db;
    await this.stopNow();
    this.rolesKey = rolesKey;
    this.userName = user.name;
    this.userSync = new UserSync(db, {
      couchBase: this.couchBase,
      userName: user.name,
      roles: user.roles,
      authoring: mayAuthor(user.roles),
      country: countryOf(user.roles),
      workshops: mayRunWorkshops(user.roles),
      insights: mayReadInsights(user.roles),
      onConnection: (state) => this.connection.set(state),
    });
    this.subscriptions = [
      this.userSync.active$.subscribe((active) => this.active.set(active)),
      watchOutbox(db).subscribe((entries) => this.outbox.set(entries)),
      // The language the user chose on any device applies here too.
      watchSettings(db).subscribe((settings) => {
        this.settingsSignal.set(settings);
        if (settings && isLanguage(settings.language)) void this.i18n.setLanguage(settings.language);
      }),
      // Kept in the console for support: the user sees the summary in the sync indicator.
      this.userSync.errors$.subscribe((error) => console.warn('Replication problem', describeError(error))),
    ];
    if (!this.connectivity.online()) this.userSync.pause();
    this.rolesTimer ??= setInterval(() => this.connectivity.online() && void this.session.refreshRoles(), ROLES_REFRESH_MS);
    if (this.connectivity.online()) void this.session.refreshRoles();
    return db;
  }

  private async stopNow(): Promise<void> {
    if (this.rolesTimer !== null) clearInterval(this.rolesTimer);
    this.rolesTimer = null;
    this.subscriptions.forEach((s) => s.unsubscribe());
    this.subscriptions = [];
    const running = this.userSync;
    this.userSync = null;
    this.connection.set(null);
    this.active.set(false);
    this.outbox.set([]);
    this.settingsSignal.set(null);
    await running?.stop();
  }

  /** Keeps the user's language with their account, so every device they sign in on uses it. */
  async chooseLanguage(language: Language): Promise<void> {
    await this.i18n.setLanguage(language);
    const db = this.localDatabase.db();
    if (db) await saveSettings(db, { language });
  }

  /** The name for the certificate, kept with the account like the language (checked first: see fullNameProblem). */
  async saveFullName(fullName: string): Promise<void> {
    const db = this.localDatabase.db();
    if (db) await saveSettings(db, { fullName });
  }

  /** After signing in again: push what waited and pull what changed. */
  retryNow(): void {
    this.connection.set(null);
    this.userSync?.reSync();
  }

  private followConnectivity(online: boolean): void {
    if (!this.userSync) return;
    if (online) {
      this.connection.set(null);
      this.userSync.resume();
      void this.session.refreshRoles();
    } else {
      this.userSync.pause();
    }
  }
}

/** RxDB errors carry the useful part in their parameters; print that, not the long generic text. */
function describeError(error: unknown): string {
  const rx = error as { code?: string; parameters?: { errors?: { message?: string }[]; error?: { message?: string } } };
  const cause = rx.parameters?.errors?.[0]?.message ?? rx.parameters?.error?.message ?? '';
  return `${rx.code ?? 'error'} ${cause}`.trim();
}
