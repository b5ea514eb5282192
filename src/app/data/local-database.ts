import { Injectable, inject, signal } from '@angular/core';
import { createAppDatabase, localDatabaseName, type AppDatabase } from './database';
import { adoptLegacyOutbox } from './legacy-outbox';
import { MediaStore } from './media-store';
import { deleteStores, restoreDocuments, salvageDocuments } from './salvage';
import { RX_STORAGE } from './storage';
import { StorageHealth } from './storage-health';

export type { AppDatabase };

/** Owns the signed-in user's local database; every feature reads and writes through it. */
@Injectable({ providedIn: 'root' })
export class LocalDatabase {
  private readonly storage = inject(RX_STORAGE);
  private readonly health = inject(StorageHealth);
  private readonly media = inject(MediaStore);
  private readonly current = signal<{ user: string; db: AppDatabase } | null>(null);
  private opening: Promise<AppDatabase> | null = null;

  /** The open database, or null before sign-in. */
  readonly db = () => this.current()?.db ?? null;
  /** The open database with the user it belongs to. */
  readonly opened = this.current.asReadonly();

  async open(userName: string): Promise<AppDatabase> {
    const open = this.current();
    if (open?.user === userName) return open.db;
    if (open) await this.close();
    requestPersistentStorage();
    this.opening ??= this.openOrRebuild(localDatabaseName(userName)).then((db) => {
      this.current.set({ user: userName, db });
      return db;
    });
    try {
      return await this.opening;
    } finally {
      this.opening = null;
    }
  }

  /**
   * Saved data that no longer opens (an interrupted upgrade, a damaged store) must not lock the user
   * out: what can be read of their unsent work is kept, the rest is pulled from the server again.
   */
  private async openOrRebuild(name: string): Promise<AppDatabase> {
    try {
      const db = await createAppDatabase(name, this.storage);
      // Tried again at the next start if it fails: it deletes nothing before it is done.
      await adoptLegacyOutbox(db).catch((error) => console.warn('The outbox of an earlier version could not be read yet', error));
      return db;
    } catch (error) {
      // Only RxDB's own complaints about what is stored mean damage; anything else (the browser's
      // storage refusing for now) is never answered by deleting: the user is asked to try again.
      if ((error as { rxdb?: boolean }).rxdb !== true) {
        this.health.unreadable.set(true);
        throw error;
      }
      console.warn('The saved data on this phone could not be opened; rebuilding it.', error);
    }
    try {
      // Nothing is deleted unless everything that could hold unsent work was read.
      const salvaged = await salvageDocuments(name);
      await deleteStores(name);
      const db = await createAppDatabase(name, this.storage);
      this.health.rebuilt.set({ kept: await restoreDocuments(db, salvaged) });
      return db;
    } catch (error) {
      this.health.unreadable.set(true);
      throw error;
    }
  }

  async close(): Promise<void> {
    const open = this.current();
    this.current.set(null);
    await open?.db.close();
  }

  /**
   * Deletes everything of the user's on this device (sign-out; the phone may be shared): the
   * database, the browser's stores named after the user, and downloaded, uploaded and cached media.
   */
  async remove(): Promise<void> {
    const open = this.current();
    this.current.set(null);
    await open?.db.remove();
    if (open) await deleteStores(localDatabaseName(open.user));
    await this.media.forgetAll();
  }
}

/**
 * Asks the browser not to evict this origin's storage under pressure: unsent work and downloaded
 * lessons live there. Browsers may say no (then nothing changes), so the answer is not awaited.
 */
function requestPersistentStorage(): void {
  void navigator.storage?.persist?.().catch(() => false);
}
