import { expect } from '@playwright/test';
import { userDbName } from '../journeys';
import { createAccount } from '../sync-server';
import type { Member } from './device';
import type { ServerView } from './server-view';

/** The people of a run, all in the Polish network, and the shared work they do it on. */

export const PASSWORD = 'soak-test-2026';
export const COHORT = 'cohort:soakcohort';
export const THREAD = 'thread:soakthread';
export const ROSTER = ['ania', 'sofia', 'kasia', 'marek', 'ola', 'tomek'];
export const STATUSES = ['present', 'late', 'excused', 'absent'] as const;

export const FACILITATORS: Member[] = [
  {
    name: 'piotr',
    password: 'facilitator-2026',
    databases: { catalog: 'catalog', personal: userDbName('piotr'), discussion: 'discussions-pl', workshops: 'workshops-pl' },
  },
  {
    name: 'eva',
    password: 'coordinator-2026',
    databases: { catalog: 'catalog', personal: userDbName('eva'), discussion: 'discussions-pl', workshops: 'workshops-pl' },
  },
];
export const TUTOR: Member = {
  name: 'tomasz',
  password: PASSWORD,
  databases: { catalog: 'catalog', personal: userDbName('tomasz'), discussion: 'discussions-pl', authoring: 'authoring' },
};
export const OWNERS: Member[] = [
  { name: 'ania', password: 'bakery-2026', databases: { catalog: 'catalog', personal: userDbName('ania'), discussion: 'discussions-pl' } },
  {
    name: 'sofia',
    password: 'salon-2026',
    databases: { catalog: 'catalog', personal: userDbName('sofia'), discussion: 'discussions-pl', authoring: 'authoring' },
  },
  { name: 'kasia', password: PASSWORD, databases: { catalog: 'catalog', personal: userDbName('kasia'), discussion: 'discussions-pl' } },
];
export const MEMBERS = [...FACILITATORS, TUTOR, ...OWNERS];

/** Who marks which sessions: a tap is confirmed by the sheet showing it, which another's later tap would change. */
export const SESSIONS_OF: Record<string, number[]> = { piotr: [1, 2], eva: [3, 4] };

/** The accounts, the cohort with its roster and the thread, made through the API as their own apps would. */
export async function prepareSharedWork(baseUrl: string, view: ServerView): Promise<void> {
  // Every name on the roster is an owner of the Polish network: the server enrols no one else.
  for (const name of ['tomasz', 'kasia', 'marek', 'ola', 'tomek'])
    await createAccount(baseUrl, { name, password: PASSWORD, country: 'pl' });
  expect((await view.post('/api/roles', { name: 'tomasz', role: 'tutor' }, FACILITATORS[1])).status).toBe(200);
  const now = new Date().toISOString();
  await view.bulkWrite(FACILITATORS[0]!, 'workshops-pl', [
    {
      _id: COHORT,
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Soak cohort',
      facilitators: ['piotr', 'eva'],
      createdAt: now,
      updatedAt: now,
    },
    ...ROSTER.map((owner) => ({
      _id: `enrolment:soakcohort:${owner}`,
      type: 'enrolment',
      author: 'piotr',
      cohortId: COHORT,
      owner,
      createdAt: now,
      updatedAt: now,
    })),
  ]);
  await view.bulkWrite(TUTOR, 'discussions-pl', [
    {
      _id: THREAD,
      type: 'thread',
      author: 'tomasz',
      title: 'What did you try this week?',
      body: 'Tell the group one thing you tried and how it went.',
      topic: 'other',
      createdAt: now,
    },
  ]);
}

/** The lessons of the catalog, which owners finish one after another. */
export async function catalogLessons(view: ServerView): Promise<string[]> {
  return [...(await view.allDocuments(OWNERS[0]!, 'catalog')).values()]
    .filter((doc) => doc['type'] === 'lesson')
    .map((doc) => String(doc['_id']));
}
