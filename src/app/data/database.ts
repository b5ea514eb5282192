import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { devPlugins } from './dev-plugins';
import { FEATURES } from './features';
import { uploadSchema, type AuthoringDoc, type PendingUpload } from './schemas/authoring';
import type { CatalogEntry } from './schemas/catalog';
import { readMarkSchema, type DiscussionDoc, type ReadMark } from './schemas/discussion';
import type { WorkshopDoc } from './schemas/workshop';
import type { InsightsDoc } from './schemas/insights';
import type { PersonalDoc } from './schemas/personal';
import type { CpdReview } from './schemas/review';
import type { Synced } from './sync-marker';

addRxPlugin(RxDBLeaderElectionPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);
devPlugins.forEach((plugin) => addRxPlugin(plugin));

/** How far the pull has read one server database's `_changes`. */
export interface PullCheckpoint {
  /** The CouchDB database name. */
  id: string;
  since: string;
}

const checkpointSchema: RxJsonSchema<PullCheckpoint> = {
  title: 'pull checkpoint',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 200 }, since: { type: 'string' } },
  required: ['id', 'since'],
};

export interface AppCollections {
  catalog: RxCollection<Synced<CatalogEntry>>;
  personal: RxCollection<Synced<PersonalDoc>>;
  /** Lesson drafts and versions; replicated only for tutors and peer mentors. */
  authoring: RxCollection<Synced<AuthoringDoc>>;
  /** The country network's discussion database. */
  discussion: RxCollection<Synced<DiscussionDoc>>;
  /** The country's workshops database; replicated only for its facilitators and coordinators. */
  workshops: RxCollection<Synced<WorkshopDoc>>;
  /** The network's figures (insights-<cc>); replicated only for its tutors, facilitators and coordinators. */
  insights: RxCollection<Synced<InsightsDoc>>;
  /** Reviews of the CPD curriculum (cpd-reviews); replicated only for reviewers and tutors. */
  reviews: RxCollection<Synced<CpdReview>>;
  /** Media made on this device waiting to reach the server (local only). */
  uploads: RxCollection<PendingUpload>;
  /** When this device last showed each thread (local only). */
  readMarks: RxCollection<ReadMark>;
  checkpoints: RxCollection<PullCheckpoint>;
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
  const replicated = Object.fromEntries(
    FEATURES.map((feature) => [feature.collection, { schema: feature.schema, migrationStrategies: feature.migrationStrategies }]),
  );
  await db.addCollections({
    ...replicated,
    uploads: { schema: uploadSchema },
    readMarks: { schema: readMarkSchema },
    checkpoints: { schema: checkpointSchema },
  } as never);
  return db;
}
