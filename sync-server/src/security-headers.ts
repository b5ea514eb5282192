import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * The one inline script the production build has: Angular's critical-CSS inlining (Beasties) loads
 * the full stylesheet as `<link media="print" onload="this.media='all'">`. Blocking that handler
 * would leave the app unstyled, so the policy allows exactly that text ('unsafe-hashes'), nothing else.
 */
const STYLESHEET_ONLOAD = "this.media='all'";
const STYLESHEET_ONLOAD_HASH = `'sha256-${createHash('sha256').update(STYLESHEET_ONLOAD).digest('base64')}'`;

/**
 * What the built app needs and no more:
 * - scripts from the app's own origin, and nothing compiled at run time: the production build stores
 *   without RxDB's Ajv validator, which compiles each schema with `new Function` (development and
 *   tests keep it; src/app/data/dev-plugins.ts).
 * - inline styles: Ionic sets style attributes and `<style>` elements at run time.
 * - pictures, recordings and clips from the origin, and as blob: (offline packs play from Cache
 *   Storage through object URLs) and data: (QR codes, icons) URLs.
 * - requests, workers (the service worker) and the manifest from the origin only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-hashes' ${STYLESHEET_ONLOAD_HASH}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** One year; sent only on requests known to be HTTPS (see TRUST_PROXY in the README). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * Headers on every answer: a content security policy, no MIME sniffing (an upload that looks like
 * HTML stays the picture its type says), no framing, no referrer, and a browsing context of its own.
 * Routes may set a stricter policy for their own answers.
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.set({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      // For browsers that know no frame-ancestors.
      'x-frame-options': 'DENY',
    });
    if (req.secure) res.set('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    next();
  };
}
