/**
 * The sync server's own HTTP client for the store, as its admin. Members' requests never reach the
 * store as they were sent: the member API builds each store request itself, from parsed values only.
 */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`The store answered ${status}`);
    this.name = 'StoreError';
  }
}

export class StoreClient {
  private readonly base: string;
  private readonly authorization: string;

  constructor(adminUrl: URL) {
    const base = new URL(adminUrl);
    this.authorization =
      'Basic ' + Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64');
    base.username = '';
    base.password = '';
    this.base = base.href.endsWith('/') ? base.href : base.href + '/';
  }

  /** Sends a request and answers its status and JSON body; throws StoreError only when `expect` does not list the status. */
  async json<T = any>(
    method: string,
    path: readonly string[],
    options: {
      query?: Record<string, string>;
      body?: unknown;
      signal?: AbortSignal;
      expect?: readonly number[];
      headers?: Record<string, string>;
    } = {},
  ): Promise<{ status: number; body: T }> {
    const url = new URL(path.map(encodeURIComponent).join('/'), this.base);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const response = await fetch(url, {
      method,
      headers: {
        authorization: this.authorization,
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { error: 'bad_store_answer', reason: text.slice(0, 200) };
    }
    const expected = options.expect ?? [200, 201, 202];
    if (!expected.includes(response.status)) throw new StoreError(response.status, body);
    return { status: response.status, body: body as T };
  }
}
