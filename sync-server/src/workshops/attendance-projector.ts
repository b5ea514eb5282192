import { COUNTRIES, userDbName, workshopsDbName } from '../../couchdb/database-names';
import {
  projectCourse,
  type AttendanceMark,
  type CohortRecord,
  type CourseProgress,
  type OwnerCohort,
  type WorkshopsProjection,
} from '../../couchdb/workshops/attendance-rule';
import { COHORT_KINDS, kindOf, type CohortKind } from '../../couchdb/workshops/cohort-kinds';
import { isStatus, type Couch } from '../couch/client';
import { followChanges, type Change } from '../couch/follow-changes';
import { sameJson } from '../couch/provision';
import { isOwnerOf, isStaffLearnerOf } from '../gateway/enrolment-checks';
import { UNDO_MINUTES } from '../gateway/mark-check';
import { Certificates } from './certificates';

type WorkshopDoc = { _id: string; type: string; kind?: string; owner?: string; cohortId?: string; withdrawn?: boolean } & Record<
  string,
  unknown
>;

export const PROJECTION_ID = 'projection:workshops';
export const PEER_MENTOR = COHORT_KINDS.induction.grantsRole;

/**
 * Tells people about their courses: from the workshops database of their country (which owners and
 * tutors cannot read) it writes their cohorts, sessions, attendance and completion into their private
 * database. An owner who completed the induction's four sessions becomes a peer mentor; a tutor or
 * facilitator who completed a CPD course gets its certificate and no role. It keeps no state and writes only what
 * changed, so any number of instances may run it, any number of times.
 */
export class AttendanceProjector {
  private abort = new AbortController();
  private readonly certificates: Certificates;
  private readonly settling = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * `settleMs`: how long after an owner's last mark a completion counts (the marks' undo window, 10
   * minutes; shorter only in tests).
   */
  constructor(
    private readonly couch: Couch,
    private readonly settleMs = UNDO_MINUTES * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.certificates = new Certificates(couch);
  }

  start(): void {
    this.abort = new AbortController();
    for (const country of COUNTRIES) {
      const db = workshopsDbName(country);
      void followChanges<WorkshopDoc>(
        this.couch,
        db,
        { catchUp: () => this.projectDatabase(db), changed: (changes) => this.projectChanged(db, changes) },
        this.abort.signal,
      );
    }
  }

  stop(): void {
    this.abort.abort();
    this.settling.forEach((timer) => clearTimeout(timer));
    this.settling.clear();
  }

  /** Projects the owner again when their marks have settled (a restart projects everyone anyway). */
  private projectAgainAt(db: string, owner: string, at: number): void {
    const key = `${db}|${owner}`;
    if (this.settling.has(key)) clearTimeout(this.settling.get(key));
    const timer = setTimeout(
      () => {
        this.settling.delete(key);
        void this.docsOf(db)
          .then((docs) => this.projectOwnerFrom(db, docs, owner))
          .catch((error) => console.warn('Attendance projector:', (error as Error).message));
      },
      Math.max(0, at - this.now()) + 1000,
    );
    timer.unref?.();
    this.settling.set(key, timer);
  }

  /**
   * Every owner one country's database names: the enrolled, and those with marks, whose enrolment
   * may have been deleted while no projector ran (their certificate must go with it).
   */
  async projectDatabase(db: string): Promise<void> {
    const docs = await this.docsOf(db);
    const owners = new Set(docs.filter((d) => (d.type === 'enrolment' || d.type === 'mark') && d.owner).map((d) => String(d.owner)));
    for (const owner of owners) await this.projectOwnerFrom(db, docs, owner);
  }

  private async projectChanged(db: string, changes: Change<WorkshopDoc>[]): Promise<void> {
    // A deletion arrives as a bare tombstone. A deleted enrolment's id names its owner; any other (a
    // mark taken back) names nobody, and everyone is projected again.
    if (changes.some(({ id, doc }) => doc?._deleted && !doc.owner && !enrolledIn(id))) return this.projectDatabase(db);
    const docs = await this.docsOf(db);
    const owners = new Set<string>();
    for (const { id, doc } of changes) {
      if (doc?.owner) owners.add(doc.owner);
      const unenrolled = doc?._deleted ? enrolledIn(id) : null;
      if (unenrolled) owners.add(unenrolled);
      // A cohort's dates or place changed: everyone on its roster hears of it.
      if (doc?.type === 'cohort') {
        docs.filter((d) => d.type === 'enrolment' && d.cohortId === doc._id).forEach((d) => owners.add(String(d.owner)));
      }
    }
    for (const owner of owners) await this.projectOwnerFrom(db, docs, owner);
  }

  private async docsOf(db: string): Promise<WorkshopDoc[]> {
    const all = await this.couch.use<WorkshopDoc>(db).list({ include_docs: true });
    return all.rows.map((row) => row.doc!).filter((doc) => doc && !doc._id.startsWith('_design/'));
  }

  private async projectOwnerFrom(db: string, docs: readonly WorkshopDoc[], owner: string): Promise<WorkshopsProjection | null> {
    // Only the learners of this database's own network are projected: owners in inductions, tutors and
    // facilitators in CPD courses. An enrolment of anyone else (another network's member, a name nobody
    // has, an owner in a CPD course) is ignored, whoever wrote it.
    const country = db.slice('workshops-'.length);
    const cpdCohorts = new Set(docs.filter((d) => d.type === 'cohort' && kindOf(d) === 'cpd').map((d) => d._id));
    // Staff are projected only for a CPD course they are (or were) in: an induction roster is not theirs.
    const inCpd =
      docs.some((d) => (d.type === 'enrolment' || d.type === 'mark') && d.owner === owner && cpdCohorts.has(String(d.cohortId))) ||
      (await this.certificates.codeOf(owner, 'cpd')) !== null;
    const learns: Record<CohortKind, boolean> = {
      induction: await isOwnerOf(this.couch, owner, country),
      cpd: inCpd && (await isStaffLearnerOf(this.couch, owner, country)),
    };
    if (!learns.induction && !learns.cpd) return null;
    const cohortIds = new Set(
      docs.filter((d) => d.type === 'enrolment' && d.owner === owner && !d.withdrawn).map((d) => String(d.cohortId)),
    );
    const cohorts = docs
      .filter((d) => d.type === 'cohort' && cohortIds.has(d._id) && learns[kindOf(d)])
      .map((d) => ({ ...d, id: d._id }) as unknown as CohortRecord);
    const marks = docs
      .filter((d) => d.type === 'mark' && d.owner === owner && cohortIds.has(String(d.cohortId)))
      .map((d) => ({ ...d, id: d._id }) as unknown as AttendanceMark);
    const courses: Partial<Record<CohortKind, { cohorts: OwnerCohort[]; progress: CourseProgress }>> = {};
    for (const kind of ['induction', 'cpd'] as const) {
      if (!learns[kind]) continue;
      const ofKind = cohorts.filter((cohort) => kindOf(cohort) === kind);
      const course = await projectCourse(owner, kind, ofKind, marks);
      const kindMarks = marks.filter((mark) => ofKind.some((cohort) => cohort.id === mark.cohortId));
      courses[kind] = { cohorts: course.cohorts, progress: await this.settle(db, owner, country, kind, course.progress, kindMarks) };
    }
    const induction = courses.induction?.progress ?? { attendedSessions: [], completed: false };
    const projection: WorkshopsProjection = {
      cohorts: [...(courses.induction?.cohorts ?? []), ...(courses.cpd?.cohorts ?? [])],
      ...induction,
      ...(courses.cpd ? { cpd: courses.cpd.progress } : {}),
    };
    return (await this.writeProjection(owner, projection)) ? projection : null;
  }

  /**
   * A course's completion once its marks have settled: the role it gives (the induction's peer mentor)
   * and its certificate; or, when completion no longer holds, the certificate withdrawn.
   */
  private async settle(
    db: string,
    owner: string,
    country: string,
    course: CohortKind,
    progress: CourseProgress,
    marks: readonly AttendanceMark[],
  ): Promise<CourseProgress> {
    // Marks may be taken back in their first minutes: a completion counts once the last of them is settled.
    const settlesAt = Math.max(0, ...marks.map((mark) => Date.parse(mark.markedAt)).filter(Number.isFinite)) + this.settleMs;
    if (progress.completed && progress.completedAt && settlesAt <= this.now()) {
      // The role and the code first: when the person sees the certificate, it already verifies.
      const role = COHORT_KINDS[course].grantsRole;
      if (role) await this.giveRole(owner, role);
      // Those who marked the person present, as the server let them (staff of the cohort), not a typed list.
      const facilitators = [
        ...new Set(marks.filter((mark) => mark.status === 'present' || mark.status === 'late').map((mark) => mark.author)),
      ].sort();
      const issued = await this.certificates.issue({ owner, course, country, completedAt: progress.completedAt, facilitators });
      return { ...progress, certificateCode: issued.code, ...(issued.fullName ? { certificateName: issued.fullName } : {}) };
    }
    if (progress.completed) this.projectAgainAt(db, owner, settlesAt);
    // Completion no longer holds (a later mark says absent): a certificate given for it is withdrawn.
    else await this.certificates.withdraw(owner, course);
    const { completedAt: _, ...unsettled } = progress;
    return { ...unsettled, completed: false };
  }

  /** Writes the projection if it differs; false when the owner has no private database. */
  private async writeProjection(owner: string, data: WorkshopsProjection): Promise<boolean> {
    const db = this.couch.use<{ _rev?: string; data?: unknown }>(userDbName(owner));
    let stored: { _rev?: string; data?: unknown } | null = null;
    try {
      stored = await db.get(PROJECTION_ID);
    } catch (error) {
      if (isStatus(error, 404) && (error as { reason?: string }).reason === 'Database does not exist.') return false;
      if (!isStatus(error, 404)) throw error;
    }
    if (stored && sameJson(stored.data, data)) return true;
    try {
      await db.insert({
        _id: PROJECTION_ID,
        ...(stored?._rev ? { _rev: stored._rev } : {}),
        type: 'projection',
        kind: 'workshops',
        data,
        updatedAt: new Date().toISOString(),
      } as never);
    } catch (error) {
      // No such user, or another instance wrote the same projection a moment ago.
      if (isStatus(error, 404)) return false;
      if (!isStatus(error, 409)) throw error;
    }
    return true;
  }

  /** Completion gives the course's role (the induction's peer mentor), once. */
  private async giveRole(owner: string, role: string): Promise<void> {
    const users = this.couch.use<{ roles: string[] } & Record<string, unknown>>('_users');
    try {
      const user = await users.get(`org.couchdb.user:${owner}`);
      if (user.roles.includes(role)) return;
      await users.insert({ ...user, roles: [...user.roles, role] });
    } catch (error) {
      if (!isStatus(error, 404) && !isStatus(error, 409)) throw error;
    }
  }
}

/** The owner an enrolment's id names (`enrolment:<cohort>:<owner>`; user names hold no colon), or null. */
function enrolledIn(id: string): string | null {
  return /^enrolment:.+:([^:]+)$/.exec(id)?.[1] ?? null;
}
