import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { encodeRefusal } from '../../../sync-server/couchdb/refusal';
import { COUCH_BASE } from '../sync/server-address';
import { forgetKeptCopies } from '../shared/kept-copies';

export interface SignedInUser {
  readonly name: string;
  readonly roles: readonly string[];
}

export type SignInResult = 'ok' | 'credentials' | 'offline' | 'server' | 'too-many';

/**
 * A refused sign-up or password change: which field, and the server's words for it as encodeRefusal
 * keeps them (code, params and English), to show with I18n.refusal in the user's language.
 */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** A server route's refusal (`{reason, code, params}`) as one string for I18n.refusal; '' when it gave none. */
export function refusalOfAnswer(body: unknown): string {
  const { reason, code, params } = (body && typeof body === 'object' ? body : {}) as { reason?: unknown; code?: unknown; params?: unknown };
  return encodeRefusal({
    code: typeof code === 'string' ? code : undefined,
    params: params && typeof params === 'object' ? (params as Record<string, string | number>) : undefined,
    reason: typeof reason === 'string' ? reason : '',
  });
}

function fieldProblem(body: unknown, field?: string): FieldProblem {
  const named = (body as { field?: unknown } | null)?.field;
  return { field: field ?? (typeof named === 'string' ? named : ''), reason: refusalOfAnswer(body) };
}

export type SignUpResult = { ok: true } | { ok: false; problem: FieldProblem | 'offline' | 'server' };

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
    if (response.status === 429) return 'too-many';
    if (!response.ok) return 'server';
    this.remember(await response.json());
    return 'ok';
  }

  /** Creates an owner account in a country network, then signs in with it. */
  async signUp(name: string, password: string, country: string, invite = ''): Promise<SignUpResult> {
    const created = await this.post('/api/accounts', { name, password, country, invite });
    if (created === 'offline' || created === 'server') return { ok: false, problem: created };
    if (created.status !== 201) return { ok: false, problem: fieldProblem(created.body) };
    const signedIn = await this.signIn(name, password);
    return signedIn === 'ok' ? { ok: true } : { ok: false, problem: signedIn === 'offline' ? 'offline' : 'server' };
  }

  /** Changes the password; the server signs this device in again with the new one. */
  async changePassword(password: string, newPassword: string): Promise<SignUpResult> {
    const name = this.userSignal()?.name ?? '';
    const answer = await this.post('/api/password', { name, password, newPassword });
    if (answer === 'offline' || answer === 'server') return { ok: false, problem: answer };
    if (answer.status === 401) return { ok: false, problem: { field: 'password', reason: '' } };
    if (answer.status !== 200) return { ok: false, problem: fieldProblem(answer.body) };
    this.remember(answer.body as { name: string; roles: string[] });
    return { ok: true };
  }

  private remember(body: { name: string; roles: string[] }): void {
    const user: SignedInUser = { name: body.name, roles: body.roles };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
    this.userSignal.set(user);
  }

  /** Forgot password: a new one with the one-time code a coordinator or facilitator gave; signs this device in. */
  async resetPassword(name: string, code: string, newPassword: string): Promise<SignUpResult> {
    const answer = await this.post('/api/password-resets/use', { name, code, newPassword });
    if (answer === 'offline' || answer === 'server') return { ok: false, problem: answer };
    if (answer.status === 429) return { ok: false, problem: fieldProblem(answer.body, 'code') };
    if (answer.status !== 200) return { ok: false, problem: fieldProblem(answer.body) };
    this.remember(answer.body as { name: string; roles: string[] });
    return { ok: true };
  }

  /** Everything the server keeps about this member, as a JSON file. */
  async myData(): Promise<Blob | 'offline' | 'server' | 'unauthorized'> {
    try {
      const response = await fetch(new URL('api/me/data', document.baseURI), {
        credentials: 'same-origin',
        headers: { 'ngsw-bypass': 'true' },
      });
      if (response.status === 401) return 'unauthorized';
      return response.ok ? await response.blob() : 'server';
    } catch {
      return 'offline';
    }
  }

  /** Deletes this member's account on the server (the password confirms it); the caller clears the phone. */
  async deleteAccount(password: string): Promise<'ok' | 'wrong' | 'offline' | 'server' | 'too-many'> {
    const answer = await this.post('/api/me/delete', { password });
    if (answer === 'offline' || answer === 'server') return answer;
    if (answer.status === 200) return 'ok';
    if (answer.status === 429) return 'too-many';
    return answer.status === 401 ? 'wrong' : 'server';
  }

  /** Forgets the user on this device without asking the server (the account is gone). */
  forget(): void {
    localStorage.removeItem(STORAGE_KEY);
    forgetKeptCopies();
    this.userSignal.set(null);
  }

  /** Coordinators and facilitators: a one-time code for a member of their network who forgot their password. */
  async makeResetCode(name: string) {
    return this.post('/api/password-resets', { name });
  }

  /** Coordinators: give a member of their network a role, or create an invitation code. */
  async manageNetwork(path: '/api/roles' | '/api/invites', body: Record<string, string | boolean>) {
    return this.post(path, body);
  }

  private async post(path: string, body: unknown): Promise<{ status: number; body: unknown } | 'offline' | 'server'> {
    try {
      const response = await fetch(new URL(path.replace(/^\//, ''), document.baseURI), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'ngsw-bypass': 'true' },
        body: JSON.stringify(body),
      });
      if (response.status >= 500) return 'server';
      return { status: response.status, body: await response.json() };
    } catch {
      return 'offline';
    }
  }

  /**
   * Asks the server who this device is signed in as: a role given by a coordinator or earned (peer
   * mentor) applies without signing in again. An expired session or no network changes nothing here.
   */
  async refreshRoles(): Promise<void> {
    const user = this.userSignal();
    if (!user) return;
    try {
      const response = await fetch(`${this.couchBase}_session`, {
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'ngsw-bypass': 'true' },
      });
      if (!response.ok) return;
      const { userCtx } = (await response.json()) as { userCtx?: { name?: unknown; roles?: unknown } };
      const roles = Array.isArray(userCtx?.roles) ? userCtx.roles.filter((role): role is string => typeof role === 'string') : null;
      if (userCtx?.name !== user.name || !roles || this.userSignal() !== user) return;
      if (roles.join() !== user.roles.join()) this.remember({ name: user.name, roles });
    } catch {
      // Offline: asked again later.
    }
  }

  /** Forgets the user on this device and ends the server session if it can be reached. */
  async signOut(): Promise<void> {
    localStorage.removeItem(STORAGE_KEY);
    forgetKeptCopies();
    this.userSignal.set(null);
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

/**
 * Calls `changed` each time another member (or nobody) is signed in on the phone, so that what was
 * shown to the last one goes with them. In an injection context.
 */
export function whenMemberChanges(changed: (name: string | undefined) => void): void {
  const session = inject(Session);
  const name = computed(() => session.user()?.name);
  let shownTo = name();
  effect(() => {
    if (name() === shownTo) return;
    shownTo = name();
    untracked(() => changed(shownTo));
  });
}

/** What the server said to a member's request, or why there is nothing to show them. */
export type MemberAnswer<T> =
  | { readonly kind: 'answered'; readonly body: T; readonly at: string }
  /** 401 or 403: no longer theirs to see, so what was kept for them goes too. */
  | { readonly kind: 'refused' }
  /** Offline, or the server could not answer: what was kept is still the best there is. */
  | { readonly kind: 'unanswered' }
  /** Another member (or nobody) is signed in now: the answer is shown to no one and kept for no one. */
  | { readonly kind: 'signed-out' };

/** Asks the server, as the member signed in now, for something shown to them and kept with its time. */
export async function askAsMember<T>(session: Session, url: string, headers: Record<string, string> = {}): Promise<MemberAnswer<T>> {
  const user = session.user()?.name;
  if (!user) return { kind: 'signed-out' };
  const stillTheirs = () => session.user()?.name === user;
  try {
    const response = await fetch(new URL(url, document.baseURI), {
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...headers },
    });
    const body = response.ok ? ((await response.json()) as T) : null;
    if (!stillTheirs()) return { kind: 'signed-out' };
    if (response.status === 401 || response.status === 403) return { kind: 'refused' };
    return body === null ? { kind: 'unanswered' } : { kind: 'answered', body, at: new Date().toISOString() };
  } catch {
    return stillTheirs() ? { kind: 'unanswered' } : { kind: 'signed-out' };
  }
}
