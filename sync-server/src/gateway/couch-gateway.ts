import http from 'node:http';
import https from 'node:https';
import type { Request, Response } from 'express';
import { mayRead, securityFor, type UserContext } from '../../couchdb/databases';
import { checkRequest } from './allowed-requests';
import { checkBody } from './request-bodies';
import { persistentCookie } from './session-cookie';

/** Request headers that must not cross the proxy: hop-by-hop ones, and CouchDB proxy authentication. */
const DROPPED_REQUEST_HEADERS = /^(host|connection|keep-alive|upgrade|proxy-.*|te|trailer|transfer-encoding|content-length|x-auth-couchdb-.*|x-forwarded-.*|ngsw-bypass)$/i;
const DROPPED_RESPONSE_HEADERS = /^(connection|keep-alive|transfer-encoding|server|location)$/i;

export interface GatewayOptions {
  /** CouchDB's base URL, without credentials: members authenticate as themselves. */
  readonly upstream: URL;
  readonly maxBodyBytes: number;
}

/**
 * Forwards members' CouchDB requests to the store once they pass three checks: the request is one of
 * those replication needs (allowed-requests.ts), its body has the right shape (request-bodies.ts), and
 * the caller may read the database, asked of the store's own _session. The last one repeats CouchDB's
 * check on purpose: the embedded store skips it on some routes (README, embedded store differences).
 */
export function couchGateway(options: GatewayOptions) {
  const client = options.upstream.protocol === 'https:' ? https : http;
  const base = options.upstream.pathname.replace(/\/$/, '');

  return async (req: Request, res: Response): Promise<void> => {
    const url = new URL(req.url, 'http://gateway.invalid');
    const verdict = checkRequest(req.method, url.pathname, url.searchParams);
    if (!verdict.allowed) return sendError(res, verdict.status, errorName(verdict.status), verdict.reason);

    let body: Buffer | undefined;
    if (!['GET', 'HEAD', 'DELETE'].includes(req.method)) {
      const read = await readJsonBody(req, options.maxBodyBytes);
      if ('error' in read) {
        if (read.status === 413) res.set('connection', 'close');
        return sendError(res, read.status, errorName(read.status), read.error);
      }
      const wrongShape = checkBody(verdict.body, read.json);
      if (wrongShape) return sendError(res, 400, 'bad_request', wrongShape);
      body = read.body;
    }

    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!DROPPED_REQUEST_HEADERS.test(name) && value !== undefined) headers[name] = value;
    }

    if (verdict.database) {
      const security = securityFor(verdict.database);
      const user = await sessionOf(options.upstream, headers);
      if (!user) return sendError(res, 502, 'store_unavailable', 'The database is not reachable right now; try again shortly.');
      if (user.name === null && !user.roles.includes('_admin')) {
        return sendError(res, 401, 'unauthorized', 'Sign in first.');
      }
      if (!security || !mayRead(user, security)) {
        return sendError(res, 403, 'forbidden', 'You are not allowed to use this database.');
      }
    }

    if (body) headers['content-length'] = body.length;
    const upstreamRequest = client.request(
      {
        protocol: options.upstream.protocol,
        hostname: options.upstream.hostname,
        port: options.upstream.port,
        method: req.method,
        path: base + url.pathname + url.search,
        headers,
      },
      (upstreamResponse) => {
        const responseHeaders: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(upstreamResponse.headers)) {
          if (!DROPPED_RESPONSE_HEADERS.test(name) && value !== undefined) responseHeaders[name] = value;
        }
        const cookies = upstreamResponse.headers['set-cookie'];
        if (cookies) responseHeaders['set-cookie'] = cookies.map((cookie) => persistentCookie(cookie, req.secure));
        // Replication answers are per user and per moment: no cache may keep them.
        responseHeaders['cache-control'] = 'no-store';
        res.writeHead(upstreamResponse.statusCode ?? 502, responseHeaders);
        upstreamResponse.pipe(res);
      },
    );
    upstreamRequest.on('error', () => {
      if (!res.headersSent) sendError(res, 502, 'store_unavailable', 'The database is not reachable right now; try again shortly.');
      else res.destroy();
    });
    // A client that goes away (a closed app, a cancelled long-poll) releases its store connection.
    res.on('close', () => upstreamRequest.destroy());
    upstreamRequest.end(body);
  };
}

/** Who the caller is, by the credentials they sent (cookie or basic auth); null if the store is down. */
export async function sessionOf(upstream: URL, headers: http.OutgoingHttpHeaders): Promise<UserContext | null> {
  const credentials: Record<string, string> = { accept: 'application/json' };
  if (typeof headers['cookie'] === 'string') credentials['cookie'] = headers['cookie'];
  if (typeof headers['authorization'] === 'string') credentials['authorization'] = headers['authorization'];
  try {
    const response = await fetch(new URL('_session', upstream.href.endsWith('/') ? upstream : upstream.href + '/'), {
      headers: credentials,
    });
    if (response.status === 401) return { name: null, roles: [] };
    if (!response.ok) return null;
    const { userCtx } = (await response.json()) as { userCtx: UserContext };
    return { name: userCtx.name ?? null, roles: userCtx.roles ?? [] };
  } catch {
    return null;
  }
}

/** Who sent an incoming request, by its cookie or basic auth; null if the store is down. */
export function callerOf(upstream: URL, req: Request): Promise<UserContext | null> {
  return sessionOf(upstream, { cookie: req.headers.cookie, authorization: req.headers.authorization });
}

type BodyRead = { body: Buffer; json: unknown } | { error: string; status: number };

async function readJsonBody(req: Request, limit: number): Promise<BodyRead> {
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
  if (body.length === 0) return { body, json: undefined };
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return { error: 'Send JSON with Content-Type: application/json.', status: 415 };
  try {
    return { body, json: JSON.parse(body.toString('utf8')) };
  } catch {
    return { error: 'The request body is not valid JSON.', status: 400 };
  }
}

function errorName(status: number): string {
  return (
    { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 413: 'too_large', 415: 'bad_content_type' }[
      status
    ] ?? 'error'
  );
}

/** Errors in CouchDB's own shape, so clients handle ours and the store's alike. */
export function sendError(res: Response, status: number, error: string, reason: string): void {
  res.status(status).set('cache-control', 'no-store').json({ error, reason });
}
