import { validateUserDoc } from '../../../sync-server/couchdb/userdb/validate-doc-update';

/**
 * Whether the server's rule would take this full name: the same rule, run here first, so that the
 * person hears at once (in their language) rather than from a refused change later.
 */
export function fullNameAccepted(fullName: string): boolean {
  const settings = { _id: 'settings', type: 'settings', language: 'en', fullName, updatedAt: new Date().toISOString() };
  try {
    validateUserDoc(settings, null, { name: 'me', roles: [] }, { members: { names: ['me'] } });
    return true;
  } catch {
    return false;
  }
}

/** What people type around a name: spaces at either end and doubled inside. */
export function tidyFullName(typed: string): string {
  return typed.trim().replace(/\s+/g, ' ');
}
