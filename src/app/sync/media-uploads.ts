import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { markUpload, queueUpload, watchUploads, type PendingUpload } from '../data/upload-queue';
import { LocalDatabase } from '../data/local-database';
import { MediaStore } from '../data/media-store';
import { Connectivity } from './connectivity';

const EXTENSIONS: Record<string, string> = {
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'audio/webm': 'webm',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'video/webm': 'webm',
  'video/mp4': 'mp4',
};

/** The file extension the server expects for a type (codecs and parameters ignored), or null if it is not accepted. */
export function extensionFor(type: string): string | null {
  return EXTENSIONS[type.split(';')[0]!.trim().toLowerCase()] ?? null;
}

/** Uploads are named by content, u-<sha256>.<ext>: uploading twice is harmless and a name never changes meaning. */
export async function contentName(blob: Blob, extension: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `u-${hex}.${extension}`;
}

/** Upload failures that trying again will not fix; the message is the i18n key of the reason. */
class Refused extends Error {}

/** Retry after a failed attempt: soon at first, then less often, never more than a minute apart. */
const RETRY_DELAYS = [2000, 5000, 15000, 30000, 60000];

/**
 * Pictures, recordings and clips made in the lesson editor: kept on the device first (so the draft
 * and its preview work offline), then uploaded one at a time with progress whenever there is a
 * connection. A lesson is published only when the server has all of its files (the server checks).
 */
@Injectable({ providedIn: 'root' })
export class MediaUploads {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly media = inject(MediaStore);
  private readonly connectivity = inject(Connectivity);

  readonly uploads = toSignal(
    toObservable(computed(() => this.localDatabase.db())).pipe(switchMap((db) => (db ? watchUploads(db) : of([] as PendingUpload[])))),
    { initialValue: [] as PendingUpload[] },
  );
  /** Fraction sent of the file being uploaded now. */
  private readonly progressSignal = signal<{ name: string; fraction: number } | null>(null);
  readonly progress = this.progressSignal.asReadonly();
  /** The session ended: uploads wait until the user signs in again. */
  readonly needsSignIn = signal(false);

  private running = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    effect(() => {
      const online = this.connectivity.online();
      const waiting = this.uploads().some((u) => u.state === 'waiting');
      if (online && waiting) untracked(() => void this.run());
    });
  }

  /** Keeps a file for a draft or a post and queues it; returns the address to use for it (media/<name>). */
  async add(ownerId: string, blob: Blob): Promise<string> {
    const db = this.localDatabase.db();
    const extension = extensionFor(blob.type);
    if (!db || !extension) throw new Error(`Files of type ${blob.type || 'unknown'} cannot be used in a lesson.`);
    const name = await contentName(blob, extension);
    const src = `media/${name}`;
    await this.media.keepForUpload(src, blob);
    await queueUpload(db, { id: name, ownerId, contentType: blob.type, size: blob.size });
    return src;
  }

  /** After a refusal the user changed nothing about the file, but may want to try again (e.g. after signing in). */
  async retry(name: string): Promise<void> {
    const db = this.localDatabase.db();
    if (db) await markUpload(db, name, { state: 'waiting' });
  }

  /** Sends waiting files one by one; stops when offline, and tries again later after a failure. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    try {
      for (;;) {
        const db = this.localDatabase.db();
        const next = this.uploads().find((u) => u.state === 'waiting');
        if (!db || !next || !this.connectivity.online()) return;
        const src = `media/${next.id}`;
        const file = await this.media.waitingUpload(src);
        if (!file) {
          // Already moved to the downloaded media: a previous attempt finished.
          await markUpload(db, next.id, { state: 'sent', sentAt: new Date().toISOString() });
          continue;
        }
        try {
          await this.send(next.id, await file.blob());
          await this.media.uploaded(src);
          await markUpload(db, next.id, { state: 'sent', sentAt: new Date().toISOString() });
          this.failures = 0;
          this.needsSignIn.set(false);
        } catch (error) {
          if (error instanceof Refused) {
            await markUpload(db, next.id, { state: 'refused', reason: error.message });
            continue;
          }
          this.scheduleRetry();
          return;
        }
      }
    } finally {
      this.progressSignal.set(null);
      this.running = false;
    }
  }

  private scheduleRetry(): void {
    const delay = RETRY_DELAYS[Math.min(this.failures, RETRY_DELAYS.length - 1)]!;
    this.failures += 1;
    this.retryTimer = setTimeout(() => void this.run(), delay);
  }

  /** XMLHttpRequest, because fetch cannot report upload progress. */
  private send(name: string, blob: Blob): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('PUT', new URL(`api/media/${name}`, document.baseURI).href);
      request.setRequestHeader('content-type', blob.type || 'application/octet-stream');
      request.setRequestHeader('ngsw-bypass', 'true');
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) this.progressSignal.set({ name, fraction: event.loaded / event.total });
      };
      request.onload = () => {
        if (request.status === 200 || request.status === 201) return resolve();
        if (request.status === 401) {
          this.needsSignIn.set(true);
          return reject(new Error('signed out'));
        }
        // Kept as an i18n key: the user reads why in their own language.
        if (request.status >= 400 && request.status < 500) {
          return reject(new Refused(`upload.refused.${[403, 413, 415].includes(request.status) ? request.status : 'other'}`));
        }
        reject(new Error(`server ${request.status}`));
      };
      request.onerror = () => reject(new Error('network'));
      request.send(blob);
    });
  }
}
