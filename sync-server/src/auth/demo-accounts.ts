import { couchRoles } from './roles';
import type { Account } from './accounts';

/** Accounts for trying the app; seeded only when DEMO_ACCOUNTS is on, and printed at start. */
export const DEMO_ACCOUNTS: readonly (Account & { readonly description: string })[] = [
  { name: 'ania', password: 'bakery-2026', roles: couchRoles('owner', 'pl'), description: 'owner, Poland (a bakery)' },
  { name: 'jonas', password: 'plumbing-2026', roles: couchRoles('owner', 'lt'), description: 'owner, Lithuania (a plumber)' },
  { name: 'mary', password: 'tutor-2026', roles: couchRoles('tutor', 'ie'), description: 'VET tutor, Ireland' },
  { name: 'piotr', password: 'facilitator-2026', roles: couchRoles('facilitator', 'pl'), description: 'facilitator, Poland' },
  // Completed the induction: a peer mentor, who writes lessons and tips that tutors review.
  {
    name: 'sofia',
    password: 'salon-2026',
    roles: [...couchRoles('owner', 'pl'), 'peer-mentor'],
    description: 'owner and peer mentor, Poland (a hair salon)',
  },
  { name: 'eva', password: 'coordinator-2026', roles: couchRoles('coordinator', 'pl'), description: 'coordinator, Poland' },
];
