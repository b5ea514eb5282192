/** Whom a member learns as: VET professionals (tutors, facilitators, coordinators) take the CPD programme; everyone else is an owner. */
export function audienceOf(roles: readonly string[]): 'owner' | 'tutor' {
  return roles.some((role) => role === 'tutor' || role === 'facilitator' || role === 'coordinator') ? 'tutor' : 'owner';
}

/** Tutors and peer mentors (owners who completed the induction) write lessons. */
export function mayAuthor(roles: readonly string[]): boolean {
  return roles.includes('tutor') || roles.includes('peer-mentor');
}

/** Tutors review and publish; the server enforces the same rule. */
export function mayPublish(roles: readonly string[]): boolean {
  return roles.includes('tutor');
}

/** The country network a member belongs to (role country:<cc>), or null. */
export function countryOf(roles: readonly string[]): string | null {
  const role = roles.find((r) => /^country:[a-z]{2}$/.test(r));
  return role ? role.slice('country:'.length) : null;
}

/** Tutors and coordinators moderate their own country network's discussions. */
export function mayModerate(roles: readonly string[]): boolean {
  const country = countryOf(roles);
  return country !== null && (roles.includes(`tutor:${country}`) || roles.includes(`coordinator:${country}`));
}

/** Facilitators and coordinators run their country's workshops and take attendance. */
export function mayRunWorkshops(roles: readonly string[]): boolean {
  const country = countryOf(roles);
  return country !== null && (roles.includes(`facilitator:${country}`) || roles.includes(`coordinator:${country}`));
}

/** A network's tutors, facilitators and coordinators read what its owners need (insights-<cc>). */
export function mayReadInsights(roles: readonly string[]): boolean {
  const country = countryOf(roles);
  return country !== null && ['tutor', 'facilitator', 'coordinator'].some((role) => roles.includes(`${role}:${country}`));
}
