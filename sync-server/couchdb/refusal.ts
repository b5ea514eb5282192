/**
 * A refusal from the server (or from its rule run on the phone before pushing): a stable code and
 * parameters beside the English text. Stored locally as one string (the outbox and drafts keep a
 * reason string), so that it is shown in whatever language the person uses when they look.
 *
 * Codes are dotted lowerCamel (`thread.locked`, `mark.undoTooLate` {minutes}); one code per meaning,
 * shared across rules and routes (`field.text` {field, max}, `field.invalid` {field} for a malformed
 * document the app never sends). They come from the rules' `fail(code, message, params)`, the
 * gateway's write checks and the routes' `sendError(…, {code, params})`; each has a message
 * `refusal.<code>` in every catalog of src/app/i18n (sync-server/test/refusal-codes.spec.ts checks English).
 */
export interface Refusal {
  readonly code?: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly reason: string;
}

const MARK = '{"refusal":';

export function encodeRefusal(refusal: Refusal): string {
  if (!refusal.code) return refusal.reason;
  return `${MARK}${JSON.stringify({ code: refusal.code, params: refusal.params ?? {}, reason: refusal.reason })}}`;
}

/** What encodeRefusal stored, or plain English text from before codes existed (or from an older server). */
export function decodeRefusal(text: string): Refusal {
  if (!text.startsWith(MARK)) return { reason: text };
  try {
    const parsed = (JSON.parse(text) as { refusal: { code?: unknown; params?: unknown; reason?: unknown } }).refusal;
    const params = parsed.params && typeof parsed.params === 'object' ? (parsed.params as Record<string, string | number>) : {};
    return { code: typeof parsed.code === 'string' ? parsed.code : undefined, params, reason: String(parsed.reason ?? '') };
  } catch {
    return { reason: text };
  }
}

/** A rule's throw as a refusal: `{forbidden, code, params}` (or CouchDB's `{unauthorized}`). */
export function refusalOfThrown(thrown: unknown): Refusal {
  const error = thrown as { forbidden?: unknown; unauthorized?: unknown; code?: unknown; params?: unknown } | null;
  const reason =
    typeof error?.forbidden === 'string' ? error.forbidden : typeof error?.unauthorized === 'string' ? error.unauthorized : String(thrown);
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const params = error?.params && typeof error.params === 'object' ? (error.params as Record<string, string | number>) : undefined;
  return { code, params, reason };
}
