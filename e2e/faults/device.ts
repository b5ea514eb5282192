import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { signIn, userDbName, waitForServiceWorker } from '../journeys';
import config from '../playwright.config';

export interface Member {
  readonly name: string;
  readonly password: string;
  /** The databases this member replicates, by the local collection that holds each. */
  readonly databases: Readonly<Record<string, string>>;
}

/** A stored document as the comparison sees it: the fields the device keeps, without storage metadata. */
export type Fields = Record<string, unknown>;

/**
 * One member's phone: a browser with its own profile on disk, so that closing it and opening it
 * again keeps the app, its service worker and the local database, as a phone does.
 */
export class Device {
  private context: BrowserContext | null = null;
  private currentPage: Page | null = null;
  offline = false;

  private constructor(
    readonly member: Member,
    private readonly profile: string,
    private readonly baseUrl: string,
  ) {}

  static async signedIn(member: Member, baseUrl: string): Promise<Device> {
    const device = new Device(member, await mkdtemp(path.join(tmpdir(), `me2me-phone-${member.name}-`)), baseUrl);
    await device.open();
    await signIn(device.page, member);
    await waitForServiceWorker(device.page);
    return device;
  }

  get page(): Page {
    if (!this.currentPage) throw new Error(`${this.member.name}'s app is closed`);
    return this.currentPage;
  }

  private async open(): Promise<void> {
    const launch = config.use?.launchOptions ?? {};
    this.context = await chromium.launchPersistentContext(this.profile, {
      ...launch,
      baseURL: this.baseUrl,
      serviceWorkers: 'allow',
      offline: this.offline,
    });
    // Nothing in a run may wait forever: a stuck screen fails the run with what it was waiting for.
    this.context.setDefaultTimeout(60_000);
    this.currentPage = this.context.pages()[0] ?? (await this.context.newPage());
    this.currentPage.on('pageerror', (error) =>
      this.problems.push(`${new Date().toISOString().slice(11, 19)} page error: ${error.message}`),
    );
    this.currentPage.on('console', (message) => {
      // Requests failing while offline or signed out are expected; errors and replication problems are kept.
      const worth =
        message.type() === 'error'
          ? !message.text().startsWith('Failed to load resource')
          : message.text().startsWith('Replication problem');
      if (worth) this.problems.push(`${new Date().toISOString().slice(11, 19)} console: ${message.text().slice(0, 300)}`);
    });
  }

  /** Errors the app reported, for the report when something goes wrong. */
  readonly problems: string[] = [];

  async setOffline(offline: boolean): Promise<void> {
    this.offline = offline;
    await this.context!.setOffline(offline);
  }

  /** The app is closed (as the phone's system does) and opened again where the member was. */
  async restart(): Promise<void> {
    const url = new URL(this.page.url());
    await this.context!.close();
    await this.open();
    await this.page.goto(url.pathname === '/sign-in' ? '/learn' : url.pathname, { waitUntil: 'load' }).catch(withWorkerState(this.page));
    await expect(this.page.getByTestId('sync-indicator').first()).toBeVisible({ timeout: 60_000 });
  }

  /** The server session ends: the device's cookie is gone, what it has stored stays. */
  async expireSession(): Promise<void> {
    await this.context!.clearCookies();
  }

  /** Signs in again from the sync line, as the member would; only the password is asked for. */
  async signInAgain(): Promise<void> {
    let fromSyncLine = true;
    await expect(async () => {
      const signInAgain = this.page.getByTestId('sync-sign-in').filter({ visible: true }).first();
      if (fromSyncLine && (await signInAgain.isVisible())) await signInAgain.click();
      else await this.page.goto('/sign-in', { waitUntil: 'load' });
      fromSyncLine = false;
      const password = this.page.getByTestId('sign-in-password').locator('input');
      await password.fill(this.member.password);
      await expect(password).toHaveValue(this.member.password, { timeout: 2000 });
      await this.page.getByTestId('sign-in-submit').click();
      await expect(this.page).toHaveURL(/\/learn$/, { timeout: 10_000 });
    }).toPass({ timeout: 90_000 });
  }

  /** For reports: the stored copy of `docId` with its sync marker (its `_rev` and state), and how far each pull has read. */
  async replicationRecords(docId: string): Promise<string[]> {
    const stores = await this.readStores();
    return Object.entries(stores).flatMap(([name, rows]) =>
      rows
        .filter((row) => name.endsWith('--checkpoints') || JSON.stringify(row).includes(docId))
        .map((row) => `${name.slice(this.storePrefix.length)}: ${JSON.stringify(row).slice(0, 900)}`),
    );
  }

  /**
   * Everything stored on the device for each replicated collection (deleted documents left out, and
   * those the server refused). `only` names the collections to read (by default every one the member
   * replicates).
   */
  async storedDocuments(only: readonly string[] = Object.keys(this.member.databases)): Promise<Record<string, Map<string, Fields>>> {
    const stores = await this.readStores(only);
    const rowsOf = (collection: string) => Object.entries(stores).find(([name]) => name.endsWith(`--${collection}`))?.[1] ?? [];
    // What the server refused stays on the phone, marked, by design: it is not part of the server's view.
    const shown = (doc: Record<string, unknown>) => {
      const marker = doc['sync'] as { state?: string; deleted?: boolean } | undefined;
      return doc['_deleted'] !== '1' && doc['_deleted'] !== true && marker?.state !== 'refused' && !marker?.deleted;
    };
    const stored: Record<string, Map<string, Fields>> = {};
    for (const collection of only) {
      stored[collection] = new Map(
        rowsOf(collection)
          .filter(shown)
          .map((doc) => {
            const { _deleted, _meta, _rev, _attachments, sync, id, ...fields } = doc;
            return [String(id), fields];
          }),
      );
    }
    return stored;
  }

  /** RxDB's Dexie storage keeps one IndexedDB database per collection, named `rxdb-dexie-<db>--<version>--<collection>`. */
  private get storePrefix(): string {
    return `rxdb-dexie-me2me-${userDbName(this.member.name).slice('userdb-'.length)}--`;
  }

  /**
   * The rows of each of the member's IndexedDB databases (its `docs` table), read straight from the
   * browser; only the collections named in `only`, if given, and otherwise all, the pull checkpoints included.
   */
  private readStores(only?: readonly string[]): Promise<Record<string, Record<string, unknown>[]>> {
    return this.page.evaluate(
      async ({ prefix, endings }) => {
        const request = <T>(r: IDBRequest<T> | IDBOpenDBRequest) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result as T);
            r.onerror = () => reject(r.error);
          });
        const stores: Record<string, Record<string, unknown>[]> = {};
        for (const { name } of await indexedDB.databases()) {
          if (!name?.startsWith(prefix) || (endings && !endings.some((ending) => name.endsWith(ending)))) continue;
          const db = await request<IDBDatabase>(indexedDB.open(name));
          if (db.objectStoreNames.contains('docs')) stores[name] = await request(db.transaction('docs').objectStore('docs').getAll());
          db.close();
        }
        return stores;
      },
      { prefix: this.storePrefix, endings: only?.map((collection) => `--${collection}`) },
    );
  }

  async close(): Promise<void> {
    await this.context?.close();
    this.context = null;
    this.currentPage = null;
  }
}

/**
 * For a page that did not open: the service worker's own account of its state (it answers
 * /ngsw/state itself, network or not), the first thing to know when the app did not come from it.
 */
export function withWorkerState(page: Page): (error: Error) => Promise<never> {
  return async (error) => {
    const state = await page
      .goto('/ngsw/state')
      .then(() => page.locator('body').innerText())
      .catch((reason: Error) => `unreadable: ${reason.message}`);
    error.message += `\nThe service worker said:\n${state.split('\n').slice(0, 12).join('\n')}`;
    throw error;
  };
}
