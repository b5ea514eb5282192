import type { DatabasePlan } from '../../couchdb/databases';
import type { Security } from '../../couchdb/database-names';
import { isStatus, type Couch } from './client';

/** What one provisioning run did, so that a second run can be shown to change nothing. */
export interface ProvisionReport {
  created: string[];
  updated: string[];
  unchanged: string[];
}

export function emptyReport(): ProvisionReport {
  return { created: [], updated: [], unchanged: [] };
}

export function mergeReports(...reports: ProvisionReport[]): ProvisionReport {
  return {
    created: reports.flatMap((r) => r.created),
    updated: reports.flatMap((r) => r.updated),
    unchanged: reports.flatMap((r) => r.unchanged),
  };
}

/** Applies each plan: database, _security and design documents, each created if missing and updated if changed. */
export async function provision(couch: Couch, plans: readonly DatabasePlan[]): Promise<ProvisionReport> {
  const report = emptyReport();
  for (const plan of plans) {
    await ensureDatabase(couch, plan.name, report);
    await ensureSecurity(couch, plan.name, plan.security, report);
    for (const doc of plan.designDocs) await ensureDoc(couch, plan.name, doc, report);
  }
  return report;
}

export async function ensureDatabase(couch: Couch, name: string, report: ProvisionReport): Promise<void> {
  try {
    await couch.db.create(name);
    report.created.push(name);
  } catch (error) {
    // 412: it exists already, which is what we want (another instance may have just made it).
    if (!isStatus(error, 412)) throw error;
    report.unchanged.push(name);
  }
}

async function ensureSecurity(couch: Couch, db: string, wanted: Security, report: ProvisionReport): Promise<void> {
  const path = `${db}/_security`;
  const current = await couch.request({ db, path: '_security', method: 'GET' });
  if (sameJson(current, wanted)) {
    report.unchanged.push(path);
    return;
  }
  await couch.request({ db, path: '_security', method: 'PUT', body: wanted });
  report.updated.push(path);
}

/** Writes `doc` (with `_id`) unless the stored one already has the same content. */
export async function ensureDoc(
  couch: Couch,
  db: string,
  doc: Record<string, unknown>,
  report: ProvisionReport,
  /** Leaves a stored document alone when this says so (e.g. a lesson a tutor has since edited). */
  keepStored: (stored: Record<string, unknown>) => boolean = () => false,
): Promise<void> {
  const id = String(doc['_id']);
  const label = `${db}/${id}`;
  const store = couch.use<Record<string, unknown>>(db);
  let stored: Record<string, unknown> | null = null;
  try {
    stored = await store.get(id);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
  if (stored && (keepStored(stored) || sameJson(withoutRev(stored), withoutRev(doc)))) {
    report.unchanged.push(label);
    return;
  }
  try {
    await store.insert(stored ? { ...doc, _rev: stored['_rev'] } : doc);
  } catch (error) {
    // Another instance wrote the same document between our read and write: its copy stands.
    if (isStatus(error, 409)) {
      report.unchanged.push(label);
      return;
    }
    throw error;
  }
  (stored ? report.updated : report.created).push(label);
}

function withoutRev(doc: Record<string, unknown>): Record<string, unknown> {
  const { _rev, ...rest } = doc;
  return rest;
}

/** Compares JSON values regardless of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
