import { TestBed } from '@angular/core/testing';
import { MEDIA_STORE_BACKEND, MediaQuotaError, MediaStore } from './media-store';

describe('MediaStore (offline lesson media in Cache Storage)', () => {
  let cacheName: string;
  let store: MediaStore;
  let requests: string[];
  let failPutAfter: number;

  const files: Record<string, string> = { '/media/a.webp': 'aaaa', '/media/b.m4a': 'bbbbbbbb', '/media/c.webp': 'cc' };

  beforeEach(() => {
    cacheName = `test-media-${Date.now()}-${Math.random()}`;
    requests = [];
    failPutAfter = Infinity;
    TestBed.configureTestingModule({
      providers: [
        {
          provide: MEDIA_STORE_BACKEND,
          useValue: {
            fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
              const url = String(input);
              requests.push(`${init?.method ?? 'GET'} ${url}`);
              const body = files[url];
              if (body === undefined) return new Response('missing', { status: 404 });
              return new Response(init?.method === 'HEAD' ? null : body, { headers: { 'content-length': String(body.length) } });
            },
            openCache: async (which: string) => {
              const cache = await caches.open(`${cacheName}-${which}`);
              let puts = 0;
              return new Proxy(cache, {
                get(target, property) {
                  if (property === 'put') {
                    return async (request: RequestInfo, response: Response) => {
                      if (++puts > failPutAfter) throw new DOMException('full', 'QuotaExceededError');
                      return target.put(request, response);
                    };
                  }
                  const value = Reflect.get(target, property);
                  return typeof value === 'function' ? value.bind(target) : value;
                },
              });
            },
          },
        },
      ],
    });
    store = TestBed.inject(MediaStore);
  });

  afterEach(async () => {
    await caches.delete(`${cacheName}-media`);
    await caches.delete(`${cacheName}-uploads`);
  });

  it('tells the size before downloading, downloads with progress, and knows what is stored', async () => {
    const urls = Object.keys(files);
    expect(await store.sizeOf(urls)).toBe(14);
    const steps: number[] = [];
    expect(await store.download(urls, (p) => steps.push(p.done))).toBe(14);
    expect(steps).toEqual([0, 1, 2, 3]);
    expect(await store.stored(urls)).toEqual({ count: 3, bytes: 14 });
  });

  it('serves a stored file from the device, and nothing once it is removed', async () => {
    await store.download(['/media/b.m4a']);
    const local = await store.localUrl('/media/b.m4a');
    expect(local).toMatch(/^blob:/);
    expect(await (await fetch(local!)).text()).toBe('bbbbbbbb');
    await store.remove(['/media/b.m4a']);
    expect(await store.localUrl('/media/b.m4a')).toBeNull();
  });

  it('does not download again what is already there', async () => {
    await store.download(['/media/a.webp']);
    requests = [];
    await store.download(['/media/a.webp', '/media/c.webp']);
    expect(requests).toEqual(['GET /media/c.webp']);
  });

  it('keeps nothing half-written when the device runs out of space', async () => {
    failPutAfter = 1;
    await expectAsync(store.download(Object.keys(files))).toBeRejectedWithError(MediaQuotaError);
    expect(await store.stored(Object.keys(files))).toEqual({ count: 0, bytes: 0 });
  });

  it('stops a cancelled download and keeps the files that arrived, so a later one finishes the rest', async () => {
    const cancel = new AbortController();
    // More files than downloads run at once, so that some are still to start when it is cancelled.
    const extra = Array.from({ length: 6 }, (_, i) => `/media/extra-${i}.webp`);
    for (const url of extra) files[url] = 'xx';
    const urls = [...Object.keys(files)];
    // Cancelled as soon as the first file is stored (the progress report that follows it).
    await expectAsync(store.download(urls, (p) => p.done === 1 && cancel.abort(), cancel.signal)).toBeRejected();
    const kept = await store.stored(urls);
    expect(kept.count).toBeGreaterThanOrEqual(1);
    expect(kept.count).toBeLessThan(urls.length);
    requests = [];
    await store.download(urls);
    expect(requests.length).toBe(urls.length - kept.count);
    expect((await store.stored(urls)).count).toBe(urls.length);
    for (const url of extra) delete files[url];
  });

  it('reports a missing file as an error', async () => {
    await expectAsync(store.download(['/media/none.webp'])).toBeRejectedWithError(/404/);
  });

  it('keeps a file made on the device apart from downloads until the server has it', async () => {
    const recording = new Blob(['my voice'], { type: 'audio/webm' });
    await store.keepForUpload('/media/u-1.webm', recording);
    expect(await (await fetch((await store.localUrl('/media/u-1.webm'))!)).text()).toBe('my voice');
    await store.remove(['/media/u-1.webm']);
    expect(await store.waitingUpload('/media/u-1.webm'))
      .withContext('removing downloads never removes unsent work')
      .toBeDefined();
    await store.uploaded('/media/u-1.webm');
    expect(await store.waitingUpload('/media/u-1.webm')).toBeUndefined();
    expect(await store.stored(['/media/u-1.webm'])).toEqual({ count: 1, bytes: 8 });
  });
});
