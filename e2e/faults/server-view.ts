import type { Fields, Member } from './device';

/** Reads and writes through the sync server's CouchDB API as a member, the way any client would. */
export class ServerView {
  private cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private async cookieFor(member: { name: string; password: string }): Promise<string> {
    const known = this.cookies.get(member.name);
    if (known) return known;
    const response = await fetch(`${this.baseUrl}/couch/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: member.name, password: member.password }),
    });
    if (!response.ok) throw new Error(`${member.name} could not sign in: ${response.status}`);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    this.cookies.set(member.name, cookie);
    return cookie;
  }

  /** Every document of a database the member may read, design documents aside. */
  async allDocuments(member: Member | { name: string; password: string }, db: string): Promise<Map<string, Fields>> {
    const response = await fetch(`${this.baseUrl}/couch/${db}/_all_docs?include_docs=true`, {
      headers: { cookie: await this.cookieFor(member), accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`${member.name} could not read ${db}: ${response.status}`);
    const body = (await response.json()) as { rows: { id: string; doc: Fields }[] };
    return new Map(body.rows.filter((row) => !row.id.startsWith('_design/')).map((row) => [row.id, row.doc]));
  }

  async bulkWrite(member: { name: string; password: string }, db: string, docs: Fields[]): Promise<void> {
    const response = await fetch(`${this.baseUrl}/couch/${db}/_bulk_docs`, {
      method: 'POST',
      headers: { cookie: await this.cookieFor(member), 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    const rows = (await response.json()) as { ok?: boolean; reason?: string }[];
    const refused = Array.isArray(rows) ? rows.find((row) => !row.ok) : rows;
    if (!response.ok || refused) throw new Error(`${db} refused the setup: ${JSON.stringify(refused ?? rows)}`);
  }

  async post(path: string, body: unknown, as?: { name: string; password: string }): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(as ? { cookie: await this.cookieFor(as) } : {}) },
      body: JSON.stringify(body),
    });
  }
}

/** A stable text for a document's fields, so that key order never makes two equal documents differ. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * How a device's copy differs from the server's view of the same database: documents missing on the
 * device, documents only the device has, and documents whose stored fields differ (the device's
 * copy is compared by its fields, the sync marker aside).
 */
export function differences(device: Map<string, Fields>, server: Map<string, Fields>): string[] {
  const found: string[] = [];
  for (const [id, doc] of server) {
    const local = device.get(id);
    if (!local) {
      found.push(`missing on the device: ${id}`);
      continue;
    }
    const changed = Object.keys(local).filter((key) => canonical(local[key]) !== canonical(doc[key]));
    // Which side is behind tells a missed pull from a lost write.
    const when = 'updatedAt' in doc ? ` (device ${String(local['updatedAt'])}, server ${String(doc['updatedAt'])})` : '';
    if (changed.length > 0) found.push(`differs in ${changed.join(', ')}: ${id}${when}`);
  }
  for (const id of device.keys()) if (!server.has(id)) found.push(`only on the device: ${id}`);
  return found;
}
