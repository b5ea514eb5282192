/**
 * A document id made on the device: prefix, colon and 16 random lower-case letters and digits. Made
 * offline on many devices at once, so it is random rather than counted; the server's rules accept it
 * (8 to 64 of [A-Za-z0-9_-]).
 */
export function randomId(prefix: string): string {
  return `${prefix}:${randomSlug()}`;
}

/** 16 random lower-case letters and digits (also valid in lesson ids, which allow no capitals). */
export function randomSlug(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b % 36).toString(36)).join('');
}
