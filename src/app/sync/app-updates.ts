import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { SwUpdate } from '@angular/service-worker';
import { Connectivity } from './connectivity';

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * New app versions: the service worker downloads them in the background, and the user is told one is
 * ready and chooses when to switch, never in the middle of a lesson or a post. Downloaded lessons and
 * unsent work live in IndexedDB and a cache of our own, which an update does not touch.
 */
@Injectable({ providedIn: 'root' })
export class AppUpdates {
  private readonly updates = inject(SwUpdate);
  private readonly connectivity = inject(Connectivity);
  /** ready: a new version is downloaded; broken: the service worker cannot serve this version any more. */
  readonly state = signal<'current' | 'ready' | 'broken'>('current');

  constructor() {
    if (!this.updates.isEnabled) return;
    const versions = this.updates.versionUpdates.subscribe((event) => {
      if (event.type === 'VERSION_READY') this.state.set('ready');
    });
    // E.g. the browser evicted files of the running version: only a reload from the network repairs it.
    const unrecoverable = this.updates.unrecoverable.subscribe(() => this.state.set('broken'));
    effect(() => {
      if (this.connectivity.online()) void this.check();
    });
    const timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    inject(DestroyRef).onDestroy(() => {
      versions.unsubscribe();
      unrecoverable.unsubscribe();
      clearInterval(timer);
    });
  }

  /** Switches to the new version: everything on the device stays, the page reloads. */
  async apply(): Promise<void> {
    if (this.state() === 'ready') await this.updates.activateUpdate().catch(() => false);
    document.location.reload();
  }

  private async check(): Promise<void> {
    await this.updates.checkForUpdate().catch(() => false);
  }
}
