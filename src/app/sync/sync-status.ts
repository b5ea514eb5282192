import type { ConnectionState } from '../data/replication/user-sync';

export type SyncState = 'up-to-date' | 'syncing' | 'offline' | 'error';
export type SyncProblem = 'sign-in' | 'server' | 'refused';

export interface SyncInputs {
  /** What the browser says about the network. */
  readonly online: boolean;
  /** How the last request to the server ended, or null before the first one. */
  readonly connection: ConnectionState | null;
  /** A replication is moving documents right now. */
  readonly active: boolean;
  /** Local writes not yet on the server. */
  readonly waiting: number;
  /** Local writes the server refused. */
  readonly refused: number;
}

export interface SyncStatus {
  readonly state: SyncState;
  readonly waiting: number;
  readonly problem: SyncProblem | null;
}

/**
 * One answer to "is my work safe?". Offline wins over everything (nothing can be fixed without a
 * network); then problems the user must act on; then work in flight.
 */
export function deriveSyncStatus(inputs: SyncInputs): SyncStatus {
  const { waiting } = inputs;
  if (!inputs.online || inputs.connection === 'unreachable') return { state: 'offline', waiting, problem: null };
  if (inputs.connection === 'unauthorized') return { state: 'error', waiting, problem: 'sign-in' };
  if (inputs.connection === 'server-error') return { state: 'error', waiting, problem: 'server' };
  if (inputs.refused > 0) return { state: 'error', waiting, problem: 'refused' };
  if (inputs.active || waiting > 0 || inputs.connection === null) return { state: 'syncing', waiting, problem: null };
  return { state: 'up-to-date', waiting, problem: null };
}
