import { Injectable, inject, signal } from '@angular/core';
import { COUCH_BASE } from '../sync/server-address';

export interface SignedInUser {
  readonly name: string;
  readonly roles: readonly string[];
}

export type SignInResult = 'ok' | 'credentials' | 'offline' | 'server';

const STORAGE_KEY = 'me2me.session';

/**
 * Who is signed in on this device. The user is remembered locally so that the app opens and works
 * offline; the server's cookie session may expire meanwhile, which only asks for the password again.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly couchBase = inject(COUCH_BASE);
  private readonly userSignal = signal<SignedInUser | null>(restoreUser());
  readonly user = this.userSignal.asReadonly();
  /** The server no longer knows this device's session: sends wait until the password is entered. */
  readonly needsPassword = signal(false);

  async signIn(name: string, password: string): Promise<SignInResult> {
    let response: Response;
    try {
      response = await fetch(`${this.couchBase}_session`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'ngsw-bypass': 'true' },
        body: JSON.stringify({ name, password }),
      });
    } catch {
      return 'offline';
    }
    if (response.status === 401) return 'credentials';
    if (!response.ok) return 'server';
    const body = (await response.json()) as { name: string; roles: string[] };
    const user: SignedInUser = { name: body.name, roles: body.roles };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
    this.userSignal.set(user);
    this.needsPassword.set(false);
    return 'ok';
  }

  /** Forgets the user on this device and ends the server session if it can be reached. */
  async signOut(): Promise<void> {
    localStorage.removeItem(STORAGE_KEY);
    this.userSignal.set(null);
    this.needsPassword.set(false);
    try {
      await fetch(`${this.couchBase}_session`, { method: 'DELETE', credentials: 'same-origin', headers: { 'ngsw-bypass': 'true' } });
    } catch {
      // Offline: the cookie dies with the browser session or on the next sign-in.
    }
  }
}

function restoreUser(): SignedInUser | null {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SignedInUser | null;
    return saved && typeof saved.name === 'string' && Array.isArray(saved.roles) ? saved : null;
  } catch {
    return null;
  }
}
