/** Topics of lessons and discussions: the toolbox topics, the programmes' own, and "other". Labels are i18n keys topic.<id>. */
export const TOPICS = [
  'cash-flow',
  'pricing',
  'getting-paid',
  'bookkeeping',
  'planning',
  'customer-service',
  'social-media',
  'online-selling',
  'suppliers',
  'hiring',
  'time-management',
  'data-protection',
  'pedagogy',
  'cpd',
  'other',
] as const;
