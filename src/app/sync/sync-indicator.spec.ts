import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SwUpdate } from '@angular/service-worker';
import { provideIonicAngular } from '@ionic/angular';
import { NEVER } from 'rxjs';
import { StorageHealth } from '../data/storage-health';
import { AppUpdates } from './app-updates';
import { SyncIndicator } from './sync-indicator';
import { SyncService } from './sync-service';
import type { SyncStatus } from './sync-status';

describe('SyncIndicator', () => {
  const status = signal<SyncStatus>({ state: 'up-to-date', waiting: 0, problem: null });

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideIonicAngular({}),
        { provide: SyncService, useValue: { status } },
        { provide: SwUpdate, useValue: { isEnabled: false, versionUpdates: NEVER, unrecoverable: NEVER } },
      ],
    });
  });

  /** The line on a phone-wide screen, in the page so that it is laid out. */
  function mount() {
    const fixture = TestBed.createComponent(SyncIndicator);
    const host = fixture.nativeElement as HTMLElement;
    host.style.display = 'block';
    host.style.width = '360px';
    document.body.appendChild(host);
    return { fixture, host };
  }

  it('keeps its height on a phone-wide screen whatever it says, so the page never moves under a finger', async () => {
    const { fixture, host } = mount();
    try {
      const heights: Record<string, number> = {};
      const states: SyncStatus[] = [
        { state: 'up-to-date', waiting: 0, problem: null },
        { state: 'syncing', waiting: 12, problem: null },
        { state: 'offline', waiting: 128, problem: null },
        { state: 'error', waiting: 0, problem: 'sign-in' },
        { state: 'error', waiting: 128, problem: 'sign-in' },
        { state: 'error', waiting: 3, problem: 'server' },
        { state: 'error', waiting: 0, problem: 'refused' },
      ];
      for (const next of states) {
        status.set(next);
        await fixture.whenStable();
        heights[`${next.state} ${next.problem ?? ''} ${next.waiting}`] = host.getBoundingClientRect().height;
      }
      const first = heights['up-to-date  0'];
      expect(first).toBeGreaterThan(0);
      for (const [state, height] of Object.entries(heights)) expect(height).withContext(state).toBe(first!);
      expect(host.querySelector('[data-testid=sync-sign-in]')).toBeNull();
      status.set({ state: 'error', waiting: 3, problem: 'sign-in' });
      await fixture.whenStable();
      expect(host.querySelector('a[data-testid=sync-sign-in]')?.getAttribute('href')).toBe('/sign-in');
      expect(host.textContent).withContext('what waits is still counted').toContain('3 to send');
    } finally {
      host.remove();
    }
  });

  it('reflows every notice at 200% text on a phone-wide screen: nothing cut off or out of reach', async () => {
    // The browser's text size scales the root font, which rem sizes (ours and Ionic's) follow.
    document.documentElement.style.fontSize = '200%';
    const { fixture, host } = mount();
    try {
      const storage = TestBed.inject(StorageHealth);
      storage.full.set(true);
      storage.rebuilt.set({ kept: 12 });
      storage.unreadable.set(true);
      TestBed.inject(AppUpdates).state.set('ready');
      status.set({ state: 'error', waiting: 3, problem: 'server' });
      await fixture.whenStable();
      const notices = Array.from(host.querySelectorAll<HTMLElement>('[data-testid^=storage-], [data-testid=update-ready], [data-testid=sync-indicator]'));
      expect(notices.length).toBe(5);
      const edge = host.getBoundingClientRect().right;
      for (const notice of notices) {
        const name = notice.dataset['testid'];
        expect(notice.scrollWidth).withContext(`${name} overflows`).toBeLessThanOrEqual(notice.clientWidth);
        for (const part of Array.from(notice.querySelectorAll<HTMLElement>('span, ion-button, a'))) {
          expect(part.getBoundingClientRect().right).withContext(`${name}: "${part.textContent?.trim()}" beyond the screen`).toBeLessThanOrEqual(edge + 0.5);
        }
      }
      expect(notices[0]!.getBoundingClientRect().height).withContext('the text is really at 200%').toBeGreaterThan(40);
    } finally {
      document.documentElement.style.fontSize = '';
      host.remove();
    }
  });
});
