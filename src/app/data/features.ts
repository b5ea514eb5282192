import type { RxConflictHandler, RxJsonSchema } from 'rxdb';
import { validateAuthoringDoc } from '../../../sync-server/couchdb/authoring/validate-doc-update';
import { validateReviewDoc } from '../../../sync-server/couchdb/cpd-reviews/validate-doc-update';
import { validateDiscussionDoc } from '../../../sync-server/couchdb/discussions/validate-doc-update';
import { validateUserDoc } from '../../../sync-server/couchdb/userdb/validate-doc-update';
import { validateWorkshopDoc } from '../../../sync-server/couchdb/workshops/validate-doc-update';
import {
  AUTHORING_DB,
  CATALOG_DB,
  CPD_REVIEWS_DB,
  discussionsDbName,
  insightsDbName,
  parseDatabaseName,
  securityOf,
  userDbName,
  workshopsDbName,
  type Security,
} from '../../../sync-server/couchdb/database-names';
import {
  discussionConflictHandler,
  draftConflictHandler,
  latestEditWins,
  personalConflictHandler,
  serverWins,
  workshopConflictHandler,
} from './conflict-rules';
import { authoringSchema } from './schemas/authoring';
import { catalogSchema } from './schemas/catalog';
import { discussionSchema } from './schemas/discussion';
import { insightsSchema } from './schemas/insights';
import { personalSchema } from './schemas/personal';
import { reviewSchema } from './schemas/review';
import { cohortWithKind, workshopSchema } from './schemas/workshop';
import { addedOptionalFields } from './sync-marker';

/** Who replicates, as the databases they may read follow from it. */
export interface SyncUser {
  readonly userName: string;
  readonly roles?: readonly string[];
  /** Tutors and peer mentors also replicate the authoring database. */
  readonly authoring?: boolean;
  /** The country network, whose discussions they replicate. */
  readonly country?: string | null;
  /** Facilitators and coordinators also replicate their country's workshops database. */
  readonly workshops?: boolean;
  /** Tutors, facilitators and coordinators also replicate their network's insights (read only). */
  readonly insights?: boolean;
}

export type Validate = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

/**
 * One replicated feature: its local collection and schema, the CouchDB database it replicates with,
 * how a conflict with the server's copy merges, and the server's own rule, run before pushing with
 * the `_security` the server would see. Adding a feature is adding one of these.
 */
export interface ReplicatedFeature {
  readonly collection: 'catalog' | 'personal' | 'authoring' | 'discussion' | 'workshops' | 'insights' | 'reviews';
  readonly schema: RxJsonSchema<any>;
  readonly migrationStrategies: Record<number, (doc: unknown) => unknown>;
  readonly conflictRule: RxConflictHandler<any>;
  /** The database this user replicates it with; null: not for this user. */
  readonly database: (user: SyncUser) => string | null;
  /** Absent: members only read it, and nothing is pushed. */
  readonly rule?: { readonly validate: Validate };
  /**
   * Asked for its changes now and then instead of held open: for databases that change seldom, so
   * that a member with every role holds at most five long-polls, inside a browser's six connections
   * per server, and the sixth stays free for the app's own requests.
   */
  readonly polled?: true;
}

/** The `_security` the server gives the database: what its rule sees as `secObj`. */
export function securityOfDatabase(name: string): Security | null {
  const database = parseDatabaseName(name);
  return database ? securityOf(database) : null;
}

export const FEATURES: readonly ReplicatedFeature[] = [
  {
    collection: 'catalog',
    schema: catalogSchema,
    migrationStrategies: addedOptionalFields(2),
    conflictRule: serverWins,
    database: () => CATALOG_DB,
  },
  {
    collection: 'personal',
    schema: personalSchema,
    migrationStrategies: addedOptionalFields(3),
    conflictRule: personalConflictHandler,
    database: (user) => userDbName(user.userName),
    rule: { validate: validateUserDoc },
  },
  {
    collection: 'authoring',
    schema: authoringSchema,
    migrationStrategies: addedOptionalFields(2),
    conflictRule: draftConflictHandler,
    database: (user) => (user.authoring ? AUTHORING_DB : null),
    rule: { validate: validateAuthoringDoc },
  },
  {
    collection: 'discussion',
    schema: discussionSchema,
    migrationStrategies: addedOptionalFields(1),
    conflictRule: discussionConflictHandler,
    database: (user) => (user.country ? discussionsDbName(user.country) : null),
    rule: { validate: validateDiscussionDoc },
  },
  {
    collection: 'workshops',
    schema: workshopSchema,
    migrationStrategies: { ...addedOptionalFields(1), 2: cohortWithKind },
    conflictRule: workshopConflictHandler,
    database: (user) => (user.country && user.workshops ? workshopsDbName(user.country) : null),
    rule: { validate: validateWorkshopDoc },
  },
  {
    collection: 'insights',
    schema: insightsSchema,
    migrationStrategies: {},
    conflictRule: serverWins,
    database: (user) => (user.country && user.insights ? insightsDbName(user.country) : null),
    // Figures are published in batches, at most daily.
    polled: true,
  },
  {
    collection: 'reviews',
    schema: reviewSchema,
    migrationStrategies: {},
    conflictRule: latestEditWins,
    // Reviewers write theirs and read them back. Tutors read them when the editor opens (ReviewsStore):
    // a live replication more would take the last of a browser's six connections to the server.
    database: (user) => (user.roles?.includes('reviewer') ? CPD_REVIEWS_DB : null),
    rule: { validate: validateReviewDoc },
    // A few reviews a lesson, written once in a while; a reviewer's own go out by the push at once.
    polled: true,
  },
];
