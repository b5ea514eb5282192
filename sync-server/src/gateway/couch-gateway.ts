import http from 'node:http';
import https from 'node:https';
import type { Request, Response } from 'express';
import { checkRequest } from './allowed-requests';

/** Request headers that must not cross the proxy: hop-by-hop ones, and CouchDB proxy authentication. */
const DROPPED_REQUEST_HEADERS = /^(host|connection|keep-alive|upgrade|proxy-.*|te|trailer|transfer-encoding|content-length|x-auth-couchdb-.*|x-forwarded-.*)$/i;
const DROPPED_RESPONSE_HEADERS = /^(connection|keep-alive|transfer-encoding|server)$/i;

export interface GatewayOptions {
  /** CouchDB's base URL, without credentials: members authenticate as themselves. */
  readonly upstream: URL;
  readonly maxBodyBytes: number;
}

/**
 * Forwards members' CouchDB requests to the store after checking them against the allowlist.
 * Bodies are read whole (up to the limit) and must be JSON, so a malformed or oversized body
 * gets a clear answer here and never reaches the store.
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
      const read = await readBody(req, options.maxBodyBytes);
      if ('error' in read) return sendError(res, read.status, errorName(read.status), read.error);
      body = read.body;
    }

    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!DROPPED_REQUEST_HEADERS.test(name) && value !== undefined) headers[name] = value;
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

type BodyRead = { body: Buffer } | { error: string; status: number };

async function readBody(req: Request, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return tooLarge(limit);
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (body.length === 0) return { body };
  try {
    JSON.parse(body.toString('utf8'));
  } catch {
    return { error: 'The request body is not valid JSON.', status: 400 };
  }
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) {
    return { error: 'Send JSON with Content-Type: application/json.', status: 415 };
  }
  return { body };
}

function tooLarge(limit: number): BodyRead {
  return { error: `The request body is larger than ${limit} bytes.`, status: 413 };
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
