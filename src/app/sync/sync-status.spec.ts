import { deriveSyncStatus, type SyncInputs } from './sync-status';

const calm: SyncInputs = { online: true, connection: 'ok', active: false, waiting: 0, refused: 0 };

describe('deriveSyncStatus', () => {
  it('is up to date when online, idle and nothing waits', () => {
    expect(deriveSyncStatus(calm)).toEqual({ state: 'up-to-date', waiting: 0, problem: null });
  });

  it('is syncing while replication runs, while writes wait, and before the first answer', () => {
    expect(deriveSyncStatus({ ...calm, active: true }).state).toBe('syncing');
    expect(deriveSyncStatus({ ...calm, waiting: 2 })).toEqual({ state: 'syncing', waiting: 2, problem: null });
    expect(deriveSyncStatus({ ...calm, connection: null }).state).toBe('syncing');
  });

  it('is offline, with the count of waiting writes, when the browser or the server cannot be reached', () => {
    expect(deriveSyncStatus({ ...calm, online: false, waiting: 3 })).toEqual({ state: 'offline', waiting: 3, problem: null });
    expect(deriveSyncStatus({ ...calm, connection: 'unreachable' }).state).toBe('offline');
  });

  it('offline wins over errors: nothing can be fixed without a network', () => {
    expect(deriveSyncStatus({ ...calm, online: false, connection: 'unauthorized', refused: 1 }).state).toBe('offline');
  });

  it('names what the user must do when there is an error', () => {
    expect(deriveSyncStatus({ ...calm, connection: 'unauthorized', waiting: 1 })).toEqual({
      state: 'error',
      waiting: 1,
      problem: 'sign-in',
    });
    expect(deriveSyncStatus({ ...calm, connection: 'server-error' }).problem).toBe('server');
    expect(deriveSyncStatus({ ...calm, refused: 1 }).problem).toBe('refused');
  });
});
