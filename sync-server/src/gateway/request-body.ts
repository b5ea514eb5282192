import type { Request } from 'express';

export type BodyRead = { json: unknown } | { error: string; status: number };

/**
 * Far deeper than any document of ours (a lesson is five levels). JSON.parse takes any depth, but
 * JSON.stringify, which writes the body on to the store, overflows the stack at a few thousand.
 */
export const MAX_JSON_DEPTH = 64;

/** Reads a JSON body up to `limit` bytes; an empty body reads as undefined. */
export async function readJsonBody(req: Request, limit: number): Promise<BodyRead> {
  const tooLarge = { error: `The request body is larger than ${limit} bytes.`, status: 413 };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading (and dropping) the rest, so that the client gets the 413 instead of a reset.
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) return tooLarge;
  const body = Buffer.concat(chunks);
  if (body.length === 0) return { json: undefined };
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return { error: 'Send JSON with Content-Type: application/json.', status: 415 };
  if (nestedDeeperThan(body, MAX_JSON_DEPTH))
    return { error: `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`, status: 400 };
  try {
    return { json: JSON.parse(body.toString('utf8')) };
  } catch {
    return { error: 'The request body is not valid JSON.', status: 400 };
  }
}

/** Counts brackets outside strings, byte by byte (in UTF-8 no byte of a multi-byte character is ASCII). */
function nestedDeeperThan(body: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // a backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > limit) return true;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return false;
}
