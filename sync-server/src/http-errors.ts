import type { Response } from 'express';

/** A refusal's stable code and parameters, beside the English reason, for the app to translate. */
export interface ErrorCode {
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** A refusal's English reason with its code and parameters, as checks that several routes share return it. */
export interface CodedReason extends ErrorCode {
  readonly reason: string;
}

/**
 * Errors in CouchDB's own shape (`{error, reason}`), so clients handle every answer of ours alike;
 * with a `code` and `params` when the member should read it in their language.
 */
export function sendError(res: Response, status: number, error: string, reason: string, coded?: ErrorCode): void {
  res
    .status(status)
    .set('cache-control', 'no-store')
    .json({ error, reason, ...(coded ? { code: coded.code, params: coded.params ?? {} } : {}) });
}

export function errorName(status: number): string {
  return (
    {
      400: 'bad_request',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      405: 'method_not_allowed',
      409: 'conflict',
      413: 'too_large',
      415: 'bad_content_type',
      429: 'too_many_requests',
      502: 'store_unavailable',
      503: 'store_unavailable',
    }[status] ?? 'error'
  );
}

export const STORE_UNAVAILABLE = 'The database is not reachable right now; try again shortly.';
export const BUSY_SIGNING_IN = 'Many people are signing in right now; try again in a few seconds.';

/** Codes of refusals that many routes share (the messages are refusal.<code> in the app's catalogs). */
export const UNAVAILABLE_CODE: ErrorCode = { code: 'server.unavailable' };
export const BUSY_CODE: ErrorCode = { code: 'server.busy' };
export const SIGN_IN_FIRST_CODE: ErrorCode = { code: 'auth.signInFirst' };
export const TOO_MANY_REQUESTS_CODE: ErrorCode = { code: 'limits.tooManyRequests' };

/** Too many wrong passwords: the code says in how many minutes to try again. */
export function tooManyAttemptsCode(waitMs: number): ErrorCode {
  return { code: 'auth.tooManyAttempts', params: { minutes: Math.max(1, Math.ceil(waitMs / 60000)) } };
}
