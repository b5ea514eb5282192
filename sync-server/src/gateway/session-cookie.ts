import { SESSION_SECONDS } from '../couch/embedded-store';

/**
 * Session cookies outlive a browser restart (a phone that restarts offline stays signed in).
 * express-pouchdb sets no lifetime, on sign-in and on every refresh of the cookie, so one matching the
 * store's session timeout is added; SameSite keeps the cookie off cross-site requests.
 */
export function persistentCookie(cookie: string, secure: boolean): string {
  if (!/^AuthSession=/.test(cookie)) return cookie;
  let result = cookie;
  if (!/;\s*(max-age|expires)=/i.test(result)) result += `; Max-Age=${SESSION_SECONDS}`;
  if (!/;\s*samesite=/i.test(result)) result += '; SameSite=Lax';
  if (secure && !/;\s*secure/i.test(result)) result += '; Secure';
  return result;
}
