import express, { type Request, type Response } from 'express';
import { isStatus, type Couch } from '../couch/client';
import type { MemberLimits } from '../gateway/member-limits';
import type { MemberSessions } from '../gateway/member-sessions';
import { sendError, SIGN_IN_FIRST_CODE, UNAVAILABLE_CODE } from '../http-errors';
import { MEDIA_DB, MEDIA_KINDS, mediaDocId, parseUploadName, refuseUpload, tooLarge } from './media-rules';

export interface MediaRoutesDeps {
  readonly couch: Couch;
  readonly sessions: MemberSessions;
  readonly limits: MemberLimits;
  /** Told after a file arrived, so that lessons waiting for it are published without delay. */
  readonly onUploaded?: () => void;
}

interface MediaDoc {
  _id: string;
  _rev?: string;
  uploadedBy: string;
  uploadedAt: string;
  size: number;
  contentType: string;
  _attachments?: Record<string, unknown>;
}

const AUTHOR_ROLES = ['tutor', 'peer-mentor', '_admin'];
/** Every member may share a photo in a discussion; recordings and clips are for lessons. */
const PICTURES = ['webp', 'png', 'jpg'];

/**
 * Media that members upload (pictures for posts; tutors and peer mentors also recordings and clips for
 * lessons), kept as CouchDB attachments so that any server instance
 * serves any file: PUT /api/media/{name} stores, GET /media/{name} serves with ranges and caching.
 */
export function mediaRoutes({ couch, sessions, limits, onUploaded }: MediaRoutesDeps): express.Router {
  const router = express.Router();
  const media = couch.use<MediaDoc>(MEDIA_DB);

  /** The signed-in caller's name, or null after an error was sent. */
  async function signedIn(req: Request, res: Response, roles?: string[]): Promise<string | null> {
    const user = await sessions.callerOf(req);
    if (!user) return (sendError(res, 502, 'store_unavailable', 'The database is not reachable right now.', UNAVAILABLE_CODE), null);
    if (user.name === null && !user.roles.includes('_admin'))
      return (sendError(res, 401, 'unauthorized', 'Sign in first.', SIGN_IN_FIRST_CODE), null);
    if (user.name !== null && !limits.admitted(user.name, res)) return null;
    if (roles && !roles.some((role) => user.roles.includes(role))) {
      return (
        sendError(res, 403, 'forbidden', 'Only tutors and peer mentors upload recordings and clips; members upload pictures.', {
          code: 'media.authorsOnly',
        }),
        null
      );
    }
    return user.name ?? 'admin';
  }

  async function stored(name: string): Promise<MediaDoc | null> {
    try {
      const doc = await media.get(mediaDocId(name));
      return doc._attachments?.['file'] ? doc : null;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  router.put('/api/media/:name', async (req, res) => {
    const name = String(req.params['name']);
    const parsed = parseUploadName(name);
    if (!parsed) {
      const refused = refuseUpload(name, Buffer.alloc(0))!;
      return sendError(res, 400, 'bad_request', refused.reason, refused);
    }
    const limit = MEDIA_KINDS[parsed.extension].maxBytes;
    const uploader = await signedIn(req, res, PICTURES.includes(parsed.extension) ? ['member', ...AUTHOR_ROLES] : AUTHOR_ROLES);
    if (!uploader) return;
    const body = await readLimited(req, limit);
    if (body === null) {
      return sendError(
        res,
        413,
        'too_large',
        `${MEDIA_KINDS[parsed.extension].label} may be at most ${limit / (1024 * 1024)} MB.`,
        tooLarge(parsed.extension),
      );
    }
    const refusal = refuseUpload(name, body);
    if (refusal) return sendError(res, 415, 'bad_media', refusal.reason, refusal);

    const existing = await stored(name);
    if (existing) return void res.status(200).json({ ok: true, name, size: existing.size });
    const contentType = MEDIA_KINDS[parsed.extension].contentType;
    const doc: MediaDoc = {
      _id: mediaDocId(name),
      uploadedBy: uploader,
      uploadedAt: new Date().toISOString(),
      size: body.length,
      contentType,
    };
    let rev: string;
    try {
      rev = (await media.insert(doc)).rev;
    } catch (error) {
      // Another upload of the same bytes (another device, another instance) made it first.
      if (!isStatus(error, 409)) throw error;
      rev = (await media.get(doc._id))._rev!;
    }
    try {
      await media.attachment.insert(doc._id, 'file', body, contentType, { rev });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    res.status(201).json({ ok: true, name, size: body.length });
    onUploaded?.();
  });

  router.get('/media/:name', async (req, res, next) => {
    const name = String(req.params['name']);
    const parsed = parseUploadName(name);
    if (!parsed) return next();
    if (!(await signedIn(req, res))) return;
    const doc = await stored(name);
    if (!doc) return sendError(res, 404, 'not_found', 'There is no such media file.');
    const etag = `"${parsed.hash}"`;
    res.set({
      'content-type': doc.contentType,
      'accept-ranges': 'bytes',
      etag,
      // Named by content, so never stale; private because only members may fetch it.
      'cache-control': 'private, max-age=31536000, immutable',
      // A member's upload is shown as the picture or recording it is, never run as a page.
      'content-disposition': 'inline',
      'content-security-policy':
        "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox",
    });
    if (req.headers['if-none-match'] === etag) return void res.status(304).end();
    if (req.method === 'HEAD') return void res.set('content-length', String(doc.size)).end();
    const bytes = await media.attachment.get(doc._id, 'file');
    const ranges = req.headers.range ? req.range(bytes.length) : undefined;
    if (ranges === -1) {
      return void res.status(416).set('content-range', `bytes */${bytes.length}`).end();
    }
    if (Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes') {
      const { start, end } = ranges[0]!;
      res.status(206).set('content-range', `bytes ${start}-${end}/${bytes.length}`);
      return void res.end(bytes.subarray(start, end + 1));
    }
    res.end(bytes);
  });

  return router;
}

/** The request body, or null once it passes `limit` bytes (the rest is drained so the client hears why). */
async function readLimited(req: Request, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}
