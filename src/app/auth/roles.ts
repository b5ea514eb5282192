/** Tutors and peer mentors (owners who completed the induction) write lessons. */
export function mayAuthor(roles: readonly string[]): boolean {
  return roles.includes('tutor') || roles.includes('peer-mentor');
}

/** Tutors review and publish; the server enforces the same rule. */
export function mayPublish(roles: readonly string[]): boolean {
  return roles.includes('tutor');
}
