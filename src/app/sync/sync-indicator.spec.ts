import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SwUpdate } from '@angular/service-worker';
import { provideIonicAngular } from '@ionic/angular/provide';
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

  /** Storage full, rebuilt and unreadable, and an update ready, all at once. */
  function showEveryNotice(): void {
    const storage = TestBed.inject(StorageHealth);
    storage.full.set(true);
    storage.rebuilt.set({ kept: 12 });
    storage.unreadable.set(true);
    TestBed.inject(AppUpdates).state.set('ready');
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

  it('writes every notice in colours that read (WCAG AA, 4.5:1)', async () => {
    const { fixture, host } = mount();
    try {
      showEveryNotice();
      await fixture.whenStable();
      const notices = Array.from(host.querySelectorAll<HTMLElement>('[data-testid^=storage-], [data-testid=update-ready]'));
      expect(notices.length).toBe(4);
      for (const notice of notices) {
        const style = getComputedStyle(notice);
        expect(contrast(style.color, style.backgroundColor)).withContext(notice.dataset['testid']!).toBeGreaterThanOrEqual(4.5);
        // The buttons' words are drawn in the primary colour on the notice's own background.
        const primary = getComputedStyle(document.documentElement).getPropertyValue('--ion-color-primary');
        expect(contrast(primary, style.backgroundColor)).withContext(`${notice.dataset['testid']} buttons`).toBeGreaterThanOrEqual(4.5);
      }
    } finally {
      host.remove();
    }
  });

  it('reflows every notice at 200% text on a phone-wide screen: nothing cut off or out of reach', async () => {
    // The browser's text size scales the root font, which rem sizes (ours and Ionic's) follow.
    document.documentElement.style.fontSize = '200%';
    const { fixture, host } = mount();
    try {
      showEveryNotice();
      status.set({ state: 'error', waiting: 3, problem: 'server' });
      await fixture.whenStable();
      const notices = Array.from(
        host.querySelectorAll<HTMLElement>('[data-testid^=storage-], [data-testid=update-ready], [data-testid=sync-indicator]'),
      );
      expect(notices.length).toBe(5);
      const edge = host.getBoundingClientRect().right;
      for (const notice of notices) {
        const name = notice.dataset['testid'];
        expect(notice.scrollWidth).withContext(`${name} overflows`).toBeLessThanOrEqual(notice.clientWidth);
        for (const part of Array.from(notice.querySelectorAll<HTMLElement>('span, ion-button, a'))) {
          expect(part.getBoundingClientRect().right)
            .withContext(`${name}: "${part.textContent?.trim()}" beyond the screen`)
            .toBeLessThanOrEqual(edge + 0.5);
        }
      }
      expect(notices[0]!.getBoundingClientRect().height).withContext('the text is really at 200%').toBeGreaterThan(40);
    } finally {
      document.documentElement.style.fontSize = '';
      host.remove();
    }
  });
});

/** WCAG contrast ratio of two CSS colours (hex or rgb()), on white where the second is transparent. */
function contrast(foreground: string, background: string): number {
  const canvas = document.createElement('canvas').getContext('2d')!;
  const luminance = (css: string) => {
    canvas.clearRect(0, 0, 1, 1);
    canvas.fillStyle = '#fff';
    canvas.fillRect(0, 0, 1, 1);
    canvas.fillStyle = css.trim();
    canvas.fillRect(0, 0, 1, 1);
    const [r, g, b] = Array.from(canvas.getImageData(0, 0, 1, 1).data.slice(0, 3), (value) => {
      const channel = value / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}
