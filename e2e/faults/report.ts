import { expect } from '@playwright/test';
import type { WriteKind } from './member-work';

export type FaultKind = 'offline' | 'online' | 'app-restart' | 'session-expired' | 'server-killed' | 'store-killed';

export interface Report {
  readonly seed: number;
  readonly steps: number;
  readonly made: Record<WriteKind, number>;
  readonly arrived: Record<WriteKind, number>;
  readonly lost: string[];
  readonly duplicated: string[];
  /** Writes the server's rules refuse: kept on the phone, marked, never sent, never blocking. */
  readonly refused: { made: number; onServer: number; shownAsRefused: number };
  readonly faults: Record<FaultKind, number>;
  /** Taps that landed nowhere (the screen moved under them) and were made again. */
  readonly missedTaps: number;
  /** Per member: how their phone differs from the server's view after everyone is back online. */
  readonly divergence: Record<string, string[]>;
}

/** What every run must show: nothing lost or duplicated, refusals shown and kept, no missed taps, every fault of `kinds` injected, every phone identical. */
export function expectNothingLost(report: Report, kinds: readonly FaultKind[]): void {
  expect(report.lost).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.refused.onServer).toBe(0);
  expect(report.refused.shownAsRefused).toBe(report.refused.made);
  expect(report.missedTaps, 'taps that landed nowhere: the screen moved under them').toBe(0);
  for (const kind of kinds) expect(report.faults[kind]).toBeGreaterThan(0);
  expect(report.divergence).toEqual(Object.fromEntries(Object.keys(report.divergence).map((member) => [member, []])));
}

export function formatReport(report: Report): string {
  const total = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
  const lines = [
    `Fault injection (seed ${report.seed}, ${report.steps} steps)`,
    `  writes made:       ${total(report.made)} (${Object.entries(report.made)
      .map(([k, v]) => `${v} ${k}s`)
      .join(', ')})`,
    `  writes arrived:    ${total(report.arrived)} (${Object.entries(report.arrived)
      .map(([k, v]) => `${v} ${k}s`)
      .join(', ')})`,
    `  lost:              ${report.lost.length}${report.lost.length ? ': ' + report.lost.join('; ') : ''}`,
    `  duplicated:        ${report.duplicated.length}${report.duplicated.length ? ': ' + report.duplicated.join('; ') : ''}`,
    `  refused by rules:  ${report.refused.made} made, ${report.refused.shownAsRefused} shown as refused, ${report.refused.onServer} on the server`,
    `  faults injected:   ${Object.entries(report.faults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  taps made again:   ${report.missedTaps} (the screen moved under the first)`,
  ];
  for (const [member, found] of Object.entries(report.divergence)) {
    lines.push(
      `  ${member}'s phone vs the server: ${found.length === 0 ? 'identical' : `${found.length} differences: ${found.slice(0, 8).join('; ')}`}`,
    );
  }
  return lines.join('\n');
}
