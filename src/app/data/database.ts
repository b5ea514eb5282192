import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { devPlugins } from './dev-plugins';
import { authoringSchema, uploadSchema, type AuthoringDoc, type PendingUpload } from './schemas/authoring';
import { catalogSchema, type CatalogEntry } from './schemas/catalog';
import { discussionSchema, readMarkSchema, type DiscussionDoc, type ReadMark } from './schemas/discussion';
import { workshopSchema, type WorkshopDoc } from './schemas/workshop';
import { outboxSchema, type OutboxEntry } from './schemas/outbox';
import { personalSchema, type PersonalDoc } from './schemas/personal';
import {
  discussionConflictHandler, draftConflictHandler, personalConflictHandler, serverWins, workshopConflictHandler,
} from './conflict-rules';

addRxPlugin(RxDBLeaderElectionPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Each version so far only added optional fields or document types (a settings' full name and a
 * lesson's translation links in 1; needs check-ins and lesson feedback in 2): documents stay as they are.
 */
const addedOptionalFields = { 1: (doc: unknown) => doc, 2: (doc: unknown) => doc };
devPlugins.forEach((plugin) => addRxPlugin(plugin));

export interface AppCollections {
  catalog: RxCollection<CatalogEntry>;
  personal: RxCollection<PersonalDoc>;
  outbox: RxCollection<OutboxEntry>;
  /** Lesson drafts and versions; replicated only for tutors and peer mentors. */
  authoring: RxCollection<AuthoringDoc>;
  /** Media made on this device waiting to reach the server (local only). */
  uploads: RxCollection<PendingUpload>;
  /** The country network's discussion database. */
  discussion: RxCollection<DiscussionDoc>;
  /** When this device last showed each thread (local only). */
  readMarks: RxCollection<ReadMark>;
  /** The country's workshops database; replicated only for its facilitators and coordinators. */
  workshops: RxCollection<WorkshopDoc>;
}

export type AppDatabase = RxDatabase<AppCollections>;

/** Local database names are per user, so that users sharing a phone never see each other's data. */
export function localDatabaseName(userName: string): string {
  const hex = Array.from(new TextEncoder().encode(userName), (b) => b.toString(16).padStart(2, '0')).join('');
  return `me2me-${hex}`;
}

export async function createAppDatabase(
  name: string,
  storage: RxStorage<unknown, unknown>,
  options: { multiInstance?: boolean } = {},
): Promise<AppDatabase> {
  const db = await createRxDatabase<AppCollections>({
    name,
    storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    closeDuplicates: true,
  });
  await db.addCollections({
    catalog: { schema: catalogSchema, conflictHandler: serverWins, migrationStrategies: { 1: addedOptionalFields[1] } },
    personal: { schema: personalSchema, conflictHandler: personalConflictHandler, migrationStrategies: addedOptionalFields },
    outbox: { schema: outboxSchema },
    authoring: { schema: authoringSchema, conflictHandler: draftConflictHandler },
    uploads: { schema: uploadSchema },
    discussion: { schema: discussionSchema, conflictHandler: discussionConflictHandler },
    readMarks: { schema: readMarkSchema },
    workshops: { schema: workshopSchema, conflictHandler: workshopConflictHandler },
  });
  return db;
}
