export type ConnectionState = 'ok' | 'unreachable' | 'unauthorized' | 'server-error';

export class CouchHttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`CouchDB answered ${status} for ${url}`);
    this.name = 'CouchHttpError';
  }
}

/** A request ended by pause() or stop(): not a failure to report, and asked again once resumed. */
export class Interrupted extends Error {
  constructor() {
    super('Replication request interrupted');
    this.name = 'Interrupted';
  }
}

/**
 * The replication's HTTP to the CouchDB API: JSON in and out, every answer reported as a connection
 * state, anything but 2xx thrown. While offline every request waits for resume() instead of going
 * out, and those on their way are ended: a long-poll left open on its socket would keep one of the
 * browser's six connections per server after the network came back.
 */
export class CouchClient {
  private readonly inFlight = new Set<AbortController>();
  private offline: { resumed: Promise<void>; resume: () => void } | null = null;
  private stopped = false;

  constructor(
    private readonly base: string,
    private readonly connection: (state: ConnectionState, status?: number) => void,
    private readonly network: typeof fetch = fetch.bind(globalThis),
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'GET' });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, { method: 'POST', body: JSON.stringify(body) });
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    while (this.offline) await this.offline.resumed;
    if (this.stopped) throw new Interrupted();
    const url = this.base + path;
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      let response: Response;
      try {
        response = await this.network(url, {
          ...init,
          // The service worker must not carry replication requests: a long-poll it forwards outlives
          // the page that asked for it and keeps one of the browser's connections to the server.
          headers: { 'ngsw-bypass': 'true', accept: 'application/json', 'content-type': 'application/json' },
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        });
      } catch (error) {
        if (controller.signal.aborted) throw new Interrupted();
        this.report('unreachable');
        throw error;
      }
      if (!response.ok) {
        this.report(connectionStateOf(response.status), response.status);
        throw new CouchHttpError(response.status, url);
      }
      this.report('ok', response.status);
      return (await response.json()) as T;
    } catch (error) {
      throw controller.signal.aborted ? new Interrupted() : error;
    } finally {
      this.inFlight.delete(controller);
    }
  }

  /** A stopped client's last requests must not speak over the one that replaced it. */
  private report(state: ConnectionState, status?: number): void {
    if (!this.stopped) this.connection(state, status);
  }

  /** Going offline: requests on their way end, new ones wait for resume(). */
  pause(): void {
    if (!this.offline) {
      let resume = () => undefined as void;
      const resumed = new Promise<void>((resolve) => (resume = resolve));
      this.offline = { resumed, resume };
    }
    this.inFlight.forEach((controller) => controller.abort());
  }

  resume(): void {
    const offline = this.offline;
    this.offline = null;
    offline?.resume();
  }

  /** Every request, waiting or on its way, ends now and none starts again. */
  stop(): void {
    this.stopped = true;
    this.resume();
    this.inFlight.forEach((controller) => controller.abort());
  }
}

/** 504 is what the service worker answers when the network is gone: that is being offline, not a server fault. */
function connectionStateOf(status: number): ConnectionState {
  if (status === 401) return 'unauthorized';
  if (status === 504) return 'unreachable';
  return 'server-error';
}
