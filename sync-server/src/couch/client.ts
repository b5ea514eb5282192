import nano from 'nano';

export type Couch = nano.ServerScope;

/** The admin client: basic auth from the URL (nano's cookie jar drops cookies without Expires). */
export function couchClient(url: URL): Couch {
  return nano(url.toString());
}

/** True when nano rejected with the given HTTP status. */
export function isStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: number }).statusCode === status;
}
