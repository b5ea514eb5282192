import type { Request } from 'express';

export type BodyRead = { json: unknown } | { error: string; status: number };

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
  try {
    return { json: JSON.parse(body.toString('utf8')) };
  } catch {
    return { error: 'The request body is not valid JSON.', status: 400 };
  }
}
