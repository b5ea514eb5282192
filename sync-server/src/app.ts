import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Config } from './config';
import type { Couch } from './couch/client';
import { accountRoutes } from './auth/account-routes';
import { networkRoutes } from './auth/network-routes';
import { passwordResetRoutes } from './auth/password-resets';
import { myDataRoutes } from './auth/my-data-routes';
import { SignInLimiter } from './auth/sign-in-limiter';
import { ChangeHub } from './gateway/change-hub';
import { memberApi } from './gateway/member-api';
import { MemberLimits } from './gateway/member-limits';
import { MemberSessions } from './gateway/member-sessions';
import { PasswordChecker } from './gateway/passwords';
import { StoreClient } from './gateway/store-client';
import { sendError } from './http-errors';
import { mediaRoutes } from './media/media-routes';
import { certificateRoutes } from './workshops/certificate-routes';
import { cohortRoutes } from './workshops/cohort-routes';
import { preparationRoutes } from './workshops/preparation-routes';
import { SEED_CONTENT_DIR } from './seed/catalog-seed';
import { securityHeaders } from './security-headers';

export interface AppDeps {
  readonly config: Config;
  /** Admin client of the store, for health checks and server-side work. */
  readonly couch: Couch;
  /** The store's admin URL (credentials included): the member API's requests go to the store as its admin. */
  readonly adminUrl: URL;
  /** Told when a media file arrived (the lesson publisher may be waiting for it). */
  readonly onMediaUploaded?: () => void;
  /** Told when a member wrote into their private database (the insights aggregator follows owners' learning). */
  readonly onPrivateWrite?: (name: string) => void;
}

/** Path prefix of the CouchDB API on the app's own origin (no CORS needed). */
export const COUCH_PREFIX = '/couch';

/** Builds the HTTP application; the caller decides where it listens. */
export function createApp({ config, couch, adminUrl, onMediaUploaded, onPrivateWrite }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());

  app.get('/healthz', async (_req, res) => {
    try {
      await couch.info();
      res.set('cache-control', 'no-store').json({ status: 'ok', store: config.couchUrl ? 'couchdb' : 'embedded' });
    } catch {
      sendError(res, 503, 'store_unavailable', 'The database does not answer.');
    }
  });

  const store = new StoreClient(adminUrl);
  const sessions = new MemberSessions(store);
  const passwords = new PasswordChecker(store);
  const signInLimiter = new SignInLimiter(couch);
  const maxBodyBytes = config.maxBodyBytes;
  app.use(
    accountRoutes({ couch, passwords, sessions, signInLimiter, maxBodyBytes, signUpsPerAddressPerHour: config.signUpsPerAddressPerHour }),
  );
  const limits = new MemberLimits(config.memberLongPolls, config.memberRequestsPerMinute, 60_000);
  app.use(networkRoutes({ couch, sessions, limits, maxBodyBytes }));
  app.use(passwordResetRoutes({ couch, sessions, limits, signInLimiter, maxBodyBytes }));
  app.use(myDataRoutes({ couch, sessions, passwords, signInLimiter, limits, maxBodyBytes }));
  app.use(cohortRoutes({ couch, sessions, limits, maxBodyBytes }));
  app.use(preparationRoutes({ couch, sessions, limits }));
  app.use(certificateRoutes({ couch, checksPerAddressPerMinute: config.certificateChecksPerAddressPerMinute }));
  app.use(
    COUCH_PREFIX,
    memberApi({ store, couch, passwords, sessions, hub: new ChangeHub(store), limits, signInLimiter, maxBodyBytes, onPrivateWrite }),
  );

  app.use('/media', express.static(path.join(SEED_CONTENT_DIR, 'media'), { maxAge: '7d', index: false, fallthrough: true }));
  app.use(mediaRoutes({ couch, sessions, limits, onUploaded: onMediaUploaded }));

  app.use('/api', (_req, res) => sendError(res, 404, 'not_found', 'There is no such API address.'));

  if (existsSync(config.appDir)) serveApp(app, config.appDir);

  app.use((_req, res) => sendError(res, 404, 'not_found', 'Nothing lives at this address.'));
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status === 500) console.error(error);
    if (res.headersSent) return res.destroy();
    sendError(
      res,
      status,
      status === 500 ? 'internal' : 'bad_request',
      status === 500 ? 'Something went wrong on the server.' : error.message,
    );
  });
  return app;
}

/**
 * The built app: hashed bundles cached for a year, and everything the service worker uses to decide
 * about updates (index.html, ngsw.json, the worker itself, the manifest) always revalidated.
 */
function serveApp(app: express.Express, appDir: string): void {
  app.use(
    express.static(appDir, {
      index: false,
      setHeaders(res, file) {
        const name = path.basename(file);
        const hashed = /\.[0-9a-z]{8,}\.(js|css)$/i.test(name) || /-[0-9A-Z]{8}\.(js|css)$/.test(name);
        res.set('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  const index = path.join(appDir, 'index.html');
  app.get(/^\/(?!couch\/|media\/|api\/).*/, (req, res, next) => {
    if (!req.accepts('html') || path.extname(req.path)) return next();
    res.set('cache-control', 'no-cache').sendFile(index);
  });
}
