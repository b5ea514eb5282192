/**
 * The kinds of cohort, written once: the owners' induction and the CPD course for a network's tutors
 * and facilitators. The workshops rule receives this table as data inside its stored text (see
 * `validateDocUpdate`), so CouchDB, the gateway and the app accept exactly these kinds and session counts.
 */
export const CPD_PROGRAMME_ID = 'programme:cpd';

export const COHORT_KINDS = {
  /** Four workshops on teaching other owners; completing them makes an owner a peer mentor. */
  induction: { sessions: 4, programmeId: 'programme:induction', learners: 'owner', grantsRole: 'peer-mentor' },
  /** Continuing professional development for VET tutors and facilitators; its own certificate, no role. */
  cpd: { sessions: 3, programmeId: CPD_PROGRAMME_ID, learners: 'staff', grantsRole: null },
} as const;

export type CohortKind = keyof typeof COHORT_KINDS;

export const COHORT_KIND_NAMES = Object.keys(COHORT_KINDS) as CohortKind[];

export function isCohortKind(value: unknown): value is CohortKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(COHORT_KINDS, value);
}

/** A cohort's kind; records from before kinds existed were all inductions (and are migrated as such). */
export function kindOf(cohort: { readonly kind?: unknown }): CohortKind {
  return isCohortKind(cohort.kind) ? cohort.kind : 'induction';
}

/** The session numbers of a kind of cohort: 1, 2, 3, … */
export function sessionsOf(kind: CohortKind): number[] {
  return Array.from({ length: COHORT_KINDS[kind].sessions }, (_, i) => i + 1);
}

/** The most sessions any kind has: a mark names a session of at most this number. */
export const MAX_SESSIONS = Math.max(...COHORT_KIND_NAMES.map((kind) => COHORT_KINDS[kind].sessions));
