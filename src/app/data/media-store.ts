import { Injectable, InjectionToken, inject } from '@angular/core';

/**
 * Lesson media kept for offline use, in a Cache Storage cache of our own: the service worker's caches
 * belong to app versions and may be replaced by an update; this one is only ever changed by the user
 * downloading or removing a programme.
 */
export const MEDIA_CACHE_NAME = 'me2me-media-v1';
/**
 * Files made on this device that the server does not have yet. Kept apart from downloaded media, so
 * that removing a downloaded programme can never remove work that was not sent.
 */
export const UPLOADS_CACHE_NAME = 'me2me-uploads-v1';

export type MediaCache = 'media' | 'uploads';

export interface MediaStoreBackend {
  fetch: typeof fetch;
  openCache: (which: MediaCache) => Promise<Cache>;
  /** Deletes every cache that holds media on this device: ours, and the service worker's copies. */
  deleteAll: () => Promise<void>;
}

/** The service worker's cache of media fetched online (ngsw-config.json's `lesson-media` data group), members' photos included. */
const WORKER_MEDIA_CACHE = /:data:lesson-media:/;

export const MEDIA_STORE_BACKEND = new InjectionToken<MediaStoreBackend>('MEDIA_STORE_BACKEND', {
  providedIn: 'root',
  factory: () => ({
    fetch: fetch.bind(globalThis),
    openCache: (which) => caches.open(which === 'media' ? MEDIA_CACHE_NAME : UPLOADS_CACHE_NAME),
    deleteAll: async () => {
      for (const name of await caches.keys()) {
        if (name === MEDIA_CACHE_NAME || name === UPLOADS_CACHE_NAME || WORKER_MEDIA_CACHE.test(name)) await caches.delete(name);
      }
    },
  }),
});

/** Browsers allow about six connections per server; two are replication long-polls. */
const PARALLEL_DOWNLOADS = 3;

export interface DownloadProgress {
  readonly done: number;
  readonly total: number;
  readonly bytes: number;
}

/** The device is out of space: nothing of the interrupted download was kept. */
export class MediaQuotaError extends Error {
  constructor() {
    super('Not enough space on this device for these lessons.');
    this.name = 'MediaQuotaError';
  }
}

@Injectable({ providedIn: 'root' })
export class MediaStore {
  private readonly backend = inject(MEDIA_STORE_BACKEND);
  private readonly objectUrls = new Map<string, string>();

  /** Total size of the files, asked of the server without downloading them. */
  async sizeOf(urls: readonly string[]): Promise<number> {
    const sizes = await Promise.all(
      urls.map(async (url) => {
        const cached = await (await this.backend.openCache('media')).match(url);
        if (cached) return storedSize(cached);
        const head = await this.backend.fetch(url, { method: 'HEAD', headers: { 'ngsw-bypass': 'true' } });
        return Number(head.headers.get('content-length') ?? 0);
      }),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  /** How many of the files are on the device, and their size. */
  async stored(urls: readonly string[]): Promise<{ count: number; bytes: number }> {
    const cache = await this.backend.openCache('media');
    let count = 0;
    let bytes = 0;
    for (const url of urls) {
      const hit = await cache.match(url);
      if (!hit) continue;
      count += 1;
      bytes += await storedSize(hit);
    }
    return { count, bytes };
  }

  /**
   * Downloads the files not yet on the device. If the device runs out of space, what this download
   * added is removed again (nothing half-written) and a MediaQuotaError is thrown.
   */
  /**
   * Stores the files not yet stored; answers the bytes added. Cancelled through `signal`, it stops
   * fetching and keeps the files already stored (a later download finishes the rest), then throws
   * the signal's reason.
   */
  async download(
    urls: readonly string[],
    progress: (p: DownloadProgress) => void = () => undefined,
    signal?: AbortSignal,
  ): Promise<number> {
    const cache = await this.backend.openCache('media');
    const added: string[] = [];
    let bytes = 0;
    let done = 0;
    progress({ done, total: urls.length, bytes });
    const queue = [...urls];
    const fetchOne = async (url: string) => {
      if (!(await cache.match(url))) {
        const response = await this.backend.fetch(url, { headers: { 'ngsw-bypass': 'true' }, cache: 'no-store', signal });
        if (!response.ok) throw new Error(`${url}: the server answered ${response.status}`);
        const blob = await response.blob();
        signal?.throwIfAborted();
        const headers = { 'content-type': response.headers.get('content-type') ?? blob.type, 'content-length': String(blob.size) };
        await cache.put(url, new Response(blob, { headers }));
        added.push(url);
        bytes += blob.size;
      }
      done += 1;
      progress({ done, total: urls.length, bytes });
    };
    // A few at a time: faster than one by one, and leaves connections for replication's long-polls.
    const worker = async () => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        signal?.throwIfAborted();
        try {
          await fetchOne(url);
        } catch (error) {
          queue.length = 0; // the other workers stop too; what they finish is rolled back with the rest
          throw error;
        }
      }
    };
    try {
      const workers = Array.from({ length: Math.min(PARALLEL_DOWNLOADS, urls.length) }, worker);
      const results = await Promise.allSettled(workers);
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (error) {
      if (isQuotaError(error)) {
        await Promise.all(added.map((url) => cache.delete(url)));
        throw new MediaQuotaError();
      }
      throw error;
    }
    return bytes;
  }

  /** At sign-out: the next person on the phone finds none of this user's downloads, photos or unsent files. */
  async forgetAll(): Promise<void> {
    await this.backend.deleteAll();
    for (const url of [...this.objectUrls.keys()]) this.forgetObjectUrl(url);
  }

  async remove(urls: readonly string[]): Promise<void> {
    const cache = await this.backend.openCache('media');
    await Promise.all(urls.map((url) => cache.delete(url)));
    for (const url of urls) this.forgetObjectUrl(url);
  }

  /** An address that plays the file from the device (seeking works on it), or null if it is not there. */
  async localUrl(url: string): Promise<string | null> {
    const known = this.objectUrls.get(url);
    if (known) return known;
    const hit = (await (await this.backend.openCache('media')).match(url)) ?? (await this.waitingUpload(url));
    if (!hit) return null;
    const objectUrl = URL.createObjectURL(await hit.blob());
    this.objectUrls.set(url, objectUrl);
    return objectUrl;
  }

  /** Keeps a file made on this device until it is uploaded; it plays from here meanwhile. */
  async keepForUpload(url: string, blob: Blob): Promise<void> {
    try {
      const headers = { 'content-type': blob.type, 'content-length': String(blob.size) };
      await (await this.backend.openCache('uploads')).put(url, new Response(blob, { headers }));
    } catch (error) {
      throw isQuotaError(error) ? new MediaQuotaError() : error;
    }
  }

  /** A file made on this device that is not on the server yet, or undefined. */
  async waitingUpload(url: string): Promise<Response | undefined> {
    return (await this.backend.openCache('uploads')).match(url);
  }

  /** The server has the file: it moves to the downloaded media, where the lesson finds it offline. */
  async uploaded(url: string): Promise<void> {
    const uploads = await this.backend.openCache('uploads');
    const hit = await uploads.match(url);
    if (!hit) return;
    await (await this.backend.openCache('media')).put(url, hit);
    await uploads.delete(url);
  }

  private forgetObjectUrl(url: string): void {
    const objectUrl = this.objectUrls.get(url);
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    this.objectUrls.delete(url);
  }
}

/** The size recorded when the file was stored, so showing sizes does not read every file back. */
async function storedSize(response: Response): Promise<number> {
  const recorded = Number(response.headers.get('content-length'));
  return Number.isFinite(recorded) && recorded > 0 ? recorded : (await response.blob()).size;
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}
