import type { Response } from 'express';
import { sendError, TOO_MANY_REQUESTS_CODE } from '../http-errors';

/** Counters one instance keeps at most; past that the oldest windows are forgotten first. */
export const MAX_COUNTERS = 50_000;

/**
 * Per-member limits on one instance: long-polls held at once, and requests in a window. They protect
 * the instance and the store from one member's flood; they are soft state (a restart forgets them),
 * which is all a limit of this kind needs, and each instance enforces its own share.
 */
export class MemberLimits {
  private readonly held = new Map<string, number>();
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly maxLongPolls: number,
    readonly maxRequests: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before another request, or 0 when this one may go on (and is counted). */
  admit(name: string): number {
    const now = this.now();
    let window = this.windows.get(name);
    if (!window || now - window.start >= this.windowMs) {
      // Forgetting every counter would let a flood that made up enough names start afresh. A Map keeps
      // insertion order: a window taken out and put back in keeps the oldest first, to go first.
      this.windows.delete(name);
      while (this.windows.size >= MAX_COUNTERS) this.windows.delete(this.windows.keys().next().value!);
      window = { start: now, count: 0 };
      this.windows.set(name, window);
    }
    if (window.count >= this.maxRequests) return window.start + this.windowMs - now;
    window.count += 1;
    return 0;
  }

  /**
   * Counts a request of the member's to the server's own routes (/api/…) in the same window as their
   * /couch/ requests; when over, answers 429 with Retry-After and returns false.
   */
  admitted(name: string, res: Response): boolean {
    const wait = this.admit(name);
    if (wait <= 0) return true;
    res.set('retry-after', String(Math.max(1, Math.ceil(wait / 1000))));
    sendError(res, 429, 'too_many_requests', 'Too many requests from your account; wait a moment.', TOO_MANY_REQUESTS_CODE);
    return false;
  }

  /** Takes one of the member's long-poll places; returns a release function, or null when all are held. */
  holdLongPoll(name: string): (() => void) | null {
    const count = this.held.get(name) ?? 0;
    if (count >= this.maxLongPolls) return null;
    this.held.set(name, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(name) ?? 1) - 1;
      if (left <= 0) this.held.delete(name);
      else this.held.set(name, left);
    };
  }
}
