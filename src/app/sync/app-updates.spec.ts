import { TestBed } from '@angular/core/testing';
import { SwUpdate, type UnrecoverableStateEvent, type VersionEvent } from '@angular/service-worker';
import { Subject } from 'rxjs';
import { AppUpdates } from './app-updates';

describe('AppUpdates', () => {
  let versionUpdates: Subject<VersionEvent>;
  let unrecoverable: Subject<UnrecoverableStateEvent>;
  let updates: AppUpdates;

  beforeEach(() => {
    versionUpdates = new Subject();
    unrecoverable = new Subject();
    const swUpdate = {
      isEnabled: true,
      versionUpdates,
      unrecoverable,
      checkForUpdate: jasmine.createSpy('checkForUpdate').and.resolveTo(false),
      activateUpdate: jasmine.createSpy('activateUpdate').and.resolveTo(true),
    };
    TestBed.configureTestingModule({ providers: [{ provide: SwUpdate, useValue: swUpdate }] });
    updates = TestBed.inject(AppUpdates);
  });

  it('says a new version is ready once it is downloaded, and switches only when asked', () => {
    expect(updates.state()).toBe('current');
    versionUpdates.next({ type: 'VERSION_DETECTED', version: { hash: 'b' } });
    expect(updates.state()).toBe('current');
    versionUpdates.next({ type: 'VERSION_READY', currentVersion: { hash: 'a' }, latestVersion: { hash: 'b' } });
    expect(updates.state()).toBe('ready');
    expect(TestBed.inject(SwUpdate).activateUpdate).not.toHaveBeenCalled();
  });

  it('asks for a reload when the service worker cannot serve this version any more', () => {
    unrecoverable.next({ type: 'UNRECOVERABLE_STATE', reason: 'A file of this version was evicted.' });
    expect(updates.state()).toBe('broken');
  });
});
