/**
 * The toolbox topics owners rate in a needs check-in, for the app's form and the server's figures.
 * The userdb rule keeps its own copy (CouchDB sees only its source text); a test keeps the two alike.
 */
export const NEEDS_TOPICS = [
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
] as const;
