import { setTimeout as wait } from 'node:timers/promises';
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

/** Times a database is asked for again after a cluster answered a creation with a conflict. */
const CREATE_ATTEMPTS = 6;

/**
 * Creates the database unless it exists. Instances starting at once race to create the same one:
 * the loser gets 412 (it exists, which is what we want), or now and then 500 with the reason
 * "conflict" (apache/couchdb#2613; seen here on a three-node cluster with two instances starting).
 * Then it waits for the database to be there, and fails only if it never is.
 */
export async function ensureDatabase(couch: Couch, name: string, report: ProvisionReport): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await couch.db.create(name);
      report.created.push(name);
      return;
    } catch (error) {
      if (isStatus(error, 412)) {
        report.unchanged.push(name);
        return;
      }
      if (!isCreationConflict(error) || attempt === CREATE_ATTEMPTS) throw error;
    }
    if (await databaseExists(couch, name)) {
      report.unchanged.push(name);
      return;
    }
    await wait(100 * attempt);
  }
}

function isCreationConflict(error: unknown): boolean {
  return isStatus(error, 500) && (error as { reason?: unknown }).reason === 'conflict';
}

async function databaseExists(couch: Couch, name: string): Promise<boolean> {
  try {
    await couch.db.get(name);
    return true;
  } catch (error) {
    if (isStatus(error, 404)) return false;
    throw error;
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
